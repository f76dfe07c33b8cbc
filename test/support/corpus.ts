/**
 * Access to the shared corpus (../shared beside the project root), read in place.
 * Absent on a user's clone: the corpus tests skip loudly. Under CI=true it is
 * always there, so its absence fails the run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED = resolve(process.env.ETWKIT_SHARED ?? join(here, '..', '..', '..', 'shared'));
export const CORPUS_ETL = join(SHARED, 'corpus', 'etl');
export const CORPUS_ORACLE = join(SHARED, 'corpus', 'oracle');
export const CORPUS_SCHEMAS = join(SHARED, 'corpus', 'schemas');
export const DOCS = join(SHARED, 'docs');
export const SEEDS = join(SHARED, 'seeds');

export const haveCorpus = existsSync(CORPUS_ETL);

if (!haveCorpus) {
  if (process.env.CI === 'true') {
    throw new Error(`the shared corpus is missing at ${SHARED}; CI always has it`);
  }
  console.warn(`\n*** SKIPPING corpus tests: ${SHARED} is absent (set ETWKIT_SHARED to point at it) ***\n`);
}

/** Stems of every corpus .etl file (file name without .etl). */
export function corpusStems(): string[] {
  if (!haveCorpus) return [];
  return readdirSync(CORPUS_ETL).filter((f) => f.endsWith('.etl')).map((f) => f.slice(0, -4)).sort();
}

export function etlPath(stem: string): string {
  return join(CORPUS_ETL, `${stem}.etl`);
}

/** The oracle facts of a corpus file; integers beyond 2^53 come back as bigint (exact). */
export function oracle(stem: string): any {
  const text = readFileSync(join(CORPUS_ORACLE, `${stem}.oracle.json`), 'utf8');
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)
      ? BigInt(context.source)
      : value);
}

/**
 * A describe block that needs the corpus. vitest runs a describe's body to collect
 * its tests even under describe.skipIf, so a body that reads corpus files as it
 * collects (a sample, a schema, a decoded trace) runs only when the corpus is
 * there; without it one skipped test stands for the block.
 */
export function describeCorpus(name: string, body: () => void): void {
  if (haveCorpus) describe(name, body);
  else describe.skip(name, () => { it('needs the shared corpus', () => {}); });
}
