/**
 * What the fuzz run demands of one input (issue 11): through every output
 * choice, no uncaught error and no run over its time limit; every output
 * well-formed (the XML dump and -report parse with saxes, the CSV with
 * csv-parse, every JSONL line with JSON.parse, the summary has its totals); the
 * same exit code and warnings for every choice; the dumps and the summary count
 * the same records; and fewer records than the intact file only with a warning.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { OUTPUT_CHOICES, warningLines } from '../support/every-output.js';
import { reportInProcess } from '../render/report-run.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Longest one report run may take (a 7 MB corpus file takes about 3 s alone on a busy machine). */
export const RUN_TIME_LIMIT_MS = 60_000;

export interface Finding {
  problem: string;
  detail: string;
}

/** Elements named `name` in an XML text, or an error message when it is not well-formed. */
function xmlCount(text: string, name: string): number | string {
  const parser = new SaxesParser();
  let count = 0;
  let error: string | null = null;
  parser.on('error', (e) => { error ??= e.message; });
  parser.on('opentag', (t) => { if (t.name === name) count++; });
  parser.write(text).close();
  return error ?? count;
}

/** Records in one output (null when the output holds no record count, as -report and --docker do), or why it is malformed. */
function recordsIn(choice: string, text: string): { records: number | null; malformed: string | null } {
  switch (choice) {
    case 'xml': {
      const n = xmlCount(text, 'Event');
      return typeof n === 'string' ? { records: null, malformed: n } : { records: n, malformed: null };
    }
    case 'docker':
    case 'report': {
      const n = xmlCount(text, '__none__');
      return { records: null, malformed: typeof n === 'string' ? n : null };
    }
    case 'csv': {
      try {
        const rows = parseCsv(text, { relax_column_count: true }) as string[][];
        return { records: Math.max(0, rows.length - 1), malformed: null };
      } catch (e) {
        return { records: null, malformed: (e as Error).message };
      }
    }
    case 'jsonl': {
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (let i = 0; i < lines.length; i++) {
        try { JSON.parse(lines[i]!); } catch (e) { return { records: null, malformed: `line ${i + 1}: ${(e as Error).message}` }; }
      }
      return { records: lines.length, malformed: null };
    }
    default: {
      const m = /Total Events {2}Processed\s+(\d+)/.exec(text);
      return m ? { records: Number(m[1]), malformed: null } : { records: null, malformed: 'no Total Events Processed line' };
    }
  }
}

export interface RunFacts {
  code: number;
  warnings: string[];
  /** Records out (the summary's total), or null when the input was refused. */
  records: number | null;
  findings: Finding[];
  /** Longest single run, ms. */
  slowest: number;
}

/** Run `input` through every output choice in `dir` and check the results; `intactRecords` is the unmutated file's count. */
export async function checkInput(input: string, dir: string, intactRecords: number | null): Promise<RunFacts> {
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
        const check = recordsIn(c.name, readFileSync(out, 'utf8'));
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
  const code = first?.code ?? -1;
  const warnings = first?.warnings ?? [];
  if (intactRecords !== null && summary !== null && summary < intactRecords && warnings.length === 0) {
    findings.push({ problem: 'records lost without a warning', detail: `${summary} of ${intactRecords} records, exit ${code}` });
  }
  return { code, warnings, records: summary, findings, slowest };
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `${a[i] ?? '(none)'} ≠ ${b[i] ?? '(none)'}`;
  return '';
}
