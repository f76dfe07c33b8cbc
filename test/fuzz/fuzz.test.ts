/**
 * The fixed-seed fuzz run of `npm test` (issue 11): a few hundred seeded
 * mutants of the small corpus files (the large ones are for `npm run fuzz`),
 * each through every output choice in-process, with every check of
 * check-run.ts. A finding names the case; `npm run fuzz -- --seed S --from I
 * --n 1` rebuilds it.
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { describeCorpus } from '../support/corpus.js';
import { scratchDir } from '../render/report-run.js';
import { fuzzStems, runCase, type CaseResult } from './mutant-run.js';

const SEED = 11;
const CASES = 300;

describeCorpus('fuzz: fixed-seed mutants of the small corpus files', () => {
  const dir = scratchDir('etwkit-fuzz-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${CASES} mutants: no crash, hang or malformed output; the same exit code and warnings in every output; no silent loss`, async () => {
    const stems = fuzzStems(400 * 1024);
    const results: CaseResult[] = [];
    for (let i = 0; i < CASES; i++) results.push(await runCase(SEED, i, stems, dir));
    const findings = results.flatMap((r) => r.findings.map((f) => `case ${r.index} (${r.stem}, ${r.kind}: ${r.detail}): ${f.problem}: ${f.detail}`));
    expect(findings).toEqual([]);
    // The mutants really damage: most are reported, and several kinds occur.
    expect(results.filter((r) => r.code === 3).length).toBeGreaterThan(CASES / 3);
    expect(new Set(results.map((r) => r.kind)).size).toBeGreaterThanOrEqual(8);
  }, 120_000);
});
