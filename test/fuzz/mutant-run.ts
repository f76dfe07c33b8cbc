/**
 * One fuzz case from (seed, index): which corpus file, which mutation, and the
 * checks of check-run.ts on the result. The intact files' record counts are
 * read once per process. Shared by the test (a fixed-seed run in-process) and
 * `npm run fuzz` (many cases in worker processes).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusStems, etlPath } from '../support/corpus.js';
import { reportInProcess } from '../render/report-run.js';
import { checkInput, type Finding } from './check-run.js';
import { Mutator, prng } from './mutators.js';

export interface CaseResult {
  index: number;
  stem: string;
  kind: string;
  detail: string;
  code: number;
  warnings: number;
  findings: Finding[];
  slowest: number;
  /** Peak RSS of the case's CLI run in a child process (memoryCheck), else null. */
  peak: number | null;
}

interface Source { stem: string; mutator: Mutator; records: number | null }

const sources = new Map<string, Source>();

/** The corpus files a run draws from: all of them, or those up to `maxBytes`. */
export function fuzzStems(maxBytes = Infinity): string[] {
  return corpusStems().filter((s) => readFileSync(etlPath(s)).length <= maxBytes);
}

async function source(stem: string, dir: string): Promise<Source> {
  let s = sources.get(stem);
  if (s === undefined) {
    const out = join(dir, `intact-${stem}.txt`);
    const r = await reportInProcess([etlPath(stem), '-summary', out, '-y', '--quiet']);
    if (r.code !== 0 || r.stderr !== '') throw new Error(`the intact corpus file ${stem} does not read cleanly: ${r.stderr}`);
    const m = /Total Events {2}Processed\s+(\d+)/.exec(readFileSync(out, 'utf8'));
    s = { stem, mutator: new Mutator(readFileSync(etlPath(stem))), records: m ? Number(m[1]) : null };
    sources.set(stem, s);
  }
  return s;
}

/** Build case `index` of `seed` over `stems`, write it into `dir` and check it; `memoryCheck`: one output also through the built CLI, its peak RSS checked. */
export async function runCase(seed: number, index: number, stems: string[], dir: string, memoryCheck = false): Promise<CaseResult> {
  const rng = prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const stem = stems[Math.floor(rng() * stems.length)]!;
  const src = await source(stem, dir);
  const mutant = src.mutator.mutate(rng);
  const input = join(dir, `mutant-${index}.etl`);
  writeFileSync(input, mutant.bytes);
  const facts = await checkInput(input, dir, src.records, memoryCheck ? index : null);
  rmSync(input, { force: true });
  return { index, stem, kind: mutant.kind, detail: mutant.detail, code: facts.code, warnings: facts.warnings.length, findings: facts.findings, slowest: facts.slowest, peak: facts.peak };
}
