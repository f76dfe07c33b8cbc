/**
 * What the fuzz run demands of one input (issue 11): through every output
 * choice, no uncaught error and no run over its time limit; every output
 * well-formed (the XML dump and -report parse with saxes, the CSV with
 * csv-parse, every JSONL line with JSON.parse, the summary has its totals); the
 * same exit code and warnings for every choice; the dumps and the summary count
 * the same records; and fewer records than the intact file only with a warning.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { SaxesParser } from 'saxes';
import { OUTPUT_CHOICES, warningLines } from '../support/every-output.js';
import { ROOT } from '../support/run-cli.js';
import { reportInProcess } from '../render/report-run.js';

/** Longest one report run may take (a 7 MB corpus file takes about 3 s alone on a busy machine). */
export const RUN_TIME_LIMIT_MS = 60_000;
/** Peak RSS one run of the CLI may reach, whatever the input. */
export const RUN_MEMORY_LIMIT = 150 * 1024 * 1024;

export interface Finding {
  problem: string;
  detail: string;
}

/** Elements named `name` in an XML file (streamed: dumps can be large), or why it is not well-formed. */
async function xmlCount(path: string, name: string): Promise<number | string> {
  const parser = new SaxesParser();
  let count = 0;
  let error: string | null = null;
  parser.on('error', (e) => { error ??= e.message; });
  parser.on('opentag', (t) => { if (t.name === name) count++; });
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    parser.write(chunk as string);
    if (error !== null) return error;
  }
  parser.close();
  return error ?? count;
}

/** Records in one output (null when the output holds no record count, as -report and --docker do), or why it is malformed. */
async function recordsIn(choice: string, path: string): Promise<{ records: number | null; malformed: string | null }> {
  switch (choice) {
    case 'xml': {
      const n = await xmlCount(path, 'Event');
      return typeof n === 'string' ? { records: null, malformed: n } : { records: n, malformed: null };
    }
    case 'docker':
    case 'report': {
      const n = await xmlCount(path, '__none__');
      return { records: null, malformed: typeof n === 'string' ? n : null };
    }
    case 'csv': {
      try {
        let rows = 0;
        for await (const _row of createReadStream(path).pipe(parseCsv({ relax_column_count: true }))) rows++;
        return { records: Math.max(0, rows - 1), malformed: null };
      } catch (e) {
        return { records: null, malformed: (e as Error).message };
      }
    }
    case 'jsonl': {
      let lines = 0;
      for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        lines++;
        try { JSON.parse(line); } catch (e) { return { records: null, malformed: `line ${lines}: ${(e as Error).message}` }; }
      }
      return { records: lines, malformed: null };
    }
    default: {
      const m = /Total Events {2}Processed\s+(\d+)/.exec(readFileSync(path, 'utf8'));
      return m ? { records: Number(m[1]), malformed: null } : { records: null, malformed: 'no Total Events Processed line' };
    }
  }
}

/** The V8 flags bin/run.js's shebang gives node (a user's run has them). */
const SHEBANG_FLAGS = readFileSync(join(ROOT, 'bin', 'run.js'), 'utf8').split('\n')[0]!.split(' ').filter((w) => w.startsWith('--'));
/** Prints the child's peak RSS (bytes) on its last stderr line. */
const PEAK_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss='+process.resourceUsage().maxRSS*1024+'\\n'))`;

/** Peak RSS of the built CLI running `args` in a child process (the in-process runs share the checker's memory). */
function cliPeakRss(args: string[]): { peak: number; status: number | null; signal: string | null } {
  const r = spawnSync(process.execPath, [...SHEBANG_FLAGS, '--import', PEAK_HOOK, join(ROOT, 'bin', 'run.js'), 'report', ...args], {
    encoding: 'utf8', timeout: RUN_TIME_LIMIT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
  });
  return { peak: Number(/peak-rss=(\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN), status: r.status, signal: r.signal };
}

export interface RunFacts {
  code: number;
  warnings: string[];
  /** Records out (the summary's total), or null when the input was refused. */
  records: number | null;
  findings: Finding[];
  /** Longest single run, ms. */
  slowest: number;
  /** Peak RSS of the CLI run in a child process, when there was one. */
  peak: number | null;
}

/**
 * Run `input` through every output choice in `dir` and check the results; `intactRecords` is the unmutated
 * file's count. `memoryChoice`: the index of the choice to run once more as the built CLI in a child process,
 * whose peak RSS must stay under the limit (null: none).
 */
export async function checkInput(input: string, dir: string, intactRecords: number | null, memoryChoice: number | null = null): Promise<RunFacts> {
  const findings: Finding[] = [];
  const results: Array<{ name: string; code: number; warnings: string[]; records: number | null }> = [];
  let slowest = 0;
  for (const c of OUTPUT_CHOICES) {
    const out = join(dir, c.out);
    rmSync(out, { force: true });
    const args = [input, ...c.args.map((a) => (a === 'OUT' ? out : a)), '-y', '--quiet'];
    const start = performance.now();
    let r;
    try {
      r = await reportInProcess(args);
    } catch (e) {
      findings.push({ problem: 'uncaught error', detail: `${c.name}: ${(e as Error).stack ?? String(e)}` });
      continue;
    } finally {
      const ms = performance.now() - start;
      slowest = Math.max(slowest, ms);
      if (ms > RUN_TIME_LIMIT_MS) findings.push({ problem: 'over the time limit', detail: `${c.name}: ${Math.round(ms)} ms` });
    }
    const stderrLines = r.stderr.split('\n').filter((l) => l !== '');
    const stray = stderrLines.filter((l) => !l.startsWith('warning: ') && !l.startsWith('etwkit report: '));
    if (stray.length > 0) findings.push({ problem: 'stray console text', detail: `${c.name}: ${stray.slice(0, 3).join(' | ')}` });
    let records: number | null = null;
    const written = existsSync(out);
    if (r.code === 0 || r.code === 3) {
      if (!written) findings.push({ problem: 'no output', detail: `${c.name}: exit ${r.code} but ${c.out} was not written` });
      else {
        const check = await recordsIn(c.name, out);
        if (check.malformed !== null) findings.push({ problem: 'malformed output', detail: `${c.name}: ${check.malformed}` });
        records = check.records;
      }
    } else if (written) {
      findings.push({ problem: 'output left behind', detail: `${c.name}: exit ${r.code} yet ${c.out} exists` });
    }
    results.push({ name: c.name, code: r.code, warnings: warningLines(r.stderr), records });
  }
  const first = results[0];
  for (const x of results.slice(1)) {
    if (first === undefined) break;
    if (x.code !== first.code) findings.push({ problem: 'exit codes differ', detail: `${first.name} ${first.code}, ${x.name} ${x.code}` });
    else if (JSON.stringify(x.warnings) !== JSON.stringify(first.warnings)) {
      findings.push({ problem: 'warnings differ', detail: `${first.name}: ${first.warnings.length} line(s), ${x.name}: ${x.warnings.length}: ${firstDifference(first.warnings, x.warnings)}` });
    }
  }
  const counted = results.filter((x) => x.records !== null);
  const summary = results.find((x) => x.name === 'summary')?.records ?? null;
  for (const x of counted) {
    if (summary !== null && x.records !== summary) findings.push({ problem: 'record counts differ', detail: `summary ${summary}, ${x.name} ${x.records}` });
  }
  let peak: number | null = null;
  if (memoryChoice !== null) {
    const c = OUTPUT_CHOICES[memoryChoice % OUTPUT_CHOICES.length]!;
    const out = join(dir, `child-${c.out}`);
    const r = cliPeakRss([input, ...c.args.map((a) => (a === 'OUT' ? out : a)), '-y', '--quiet']);
    rmSync(out, { force: true });
    peak = r.peak;
    if (r.signal !== null) findings.push({ problem: 'CLI run killed', detail: `${c.name}: ${r.signal} (time limit ${RUN_TIME_LIMIT_MS} ms)` });
    else if (!(r.peak < RUN_MEMORY_LIMIT)) findings.push({ problem: 'over the memory limit', detail: `${c.name}: peak RSS ${Math.round(r.peak / 1048576)} MB` });
    if (first !== undefined && r.status !== first.code) findings.push({ problem: 'exit codes differ', detail: `in-process ${first.code}, CLI ${c.name} ${r.status}` });
  }
  const code = first?.code ?? -1;
  const warnings = first?.warnings ?? [];
  if (intactRecords !== null && summary !== null && summary < intactRecords && warnings.length === 0) {
    findings.push({ problem: 'records lost without a warning', detail: `${summary} of ${intactRecords} records, exit ${code}` });
  }
  return { code, warnings, records: summary, findings, slowest, peak };
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `${a[i] ?? '(none)'} ≠ ${b[i] ?? '(none)'}`;
  return '';
}
