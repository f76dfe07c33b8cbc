/**
 * Test helper: one input through every output choice of `report` in-process
 * (XML, CSV and JSONL dumps, summary only, -report, --docker), each in its own
 * scratch directory, so tests can demand the same warnings and exit code from
 * all of them (issue 11, item 1) and check each output's text.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportInProcess, scratchDir } from '../render/report-run.js';

export interface OutputChoice {
  name: string;
  /** tracerpt-style arguments after the input files; `OUT` is the output's file name. */
  args: string[];
  out: string;
}

export const OUTPUT_CHOICES: OutputChoice[] = [
  { name: 'xml', args: ['-o', 'OUT'], out: 'dump.xml' },
  { name: 'csv', args: ['-o', 'OUT', '-of', 'CSV'], out: 'dump.csv' },
  { name: 'jsonl', args: ['-o', 'OUT', '-of', 'JSONL'], out: 'dump.jsonl' },
  { name: 'summary', args: ['-summary', 'OUT'], out: 'summary.txt' },
  { name: 'report', args: ['-report', 'OUT'], out: 'workload.xml' },
  { name: 'docker', args: ['-o', 'OUT', '--docker'], out: 'docker.xml' },
];

export interface ChoiceResult {
  name: string;
  code: number;
  /** `warning:` lines and the closing damage line of stderr, sorted (passes may meet damage in another order). */
  warnings: string[];
  stderr: string;
  /** The output's text, or null when none was written. */
  output: string | null;
}

/** The warning lines of a run's stderr, sorted. */
export function warningLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('warning: ') || l.includes('the input is damaged')).sort();
}

/** Run `inputs` through each choice (all by default) and collect what each said and wrote. */
export async function runEveryOutput(inputs: string[], choices: OutputChoice[] = OUTPUT_CHOICES, extra: string[] = []): Promise<ChoiceResult[]> {
  const results: ChoiceResult[] = [];
  for (const c of choices) {
    const dir = scratchDir('etwkit-every-');
    try {
      const out = join(dir, c.out);
      const args = [...inputs, ...c.args.map((a) => (a === 'OUT' ? out : a)), '-y', '--quiet', ...extra];
      const r = await reportInProcess(args);
      results.push({
        name: c.name, code: r.code, warnings: warningLines(r.stderr), stderr: r.stderr,
        output: existsSync(out) ? readFileSync(out, 'utf8') : null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
