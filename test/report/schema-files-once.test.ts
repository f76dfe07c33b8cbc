/**
 * A run reads and parses each schema file once (issue 13 §3): before any output
 * is opened, and not again for the registry of the count pass nor for the
 * ordered pass that follows when the count pass gives up (perfview-net452 carries
 * EventSource manifests, so a summary-only run takes both passes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const opened: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = (path: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
    opened.push(String(path));
    return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
  };
  return { ...fs, default: { ...fs, openSync }, openSync };
});

describe.skipIf(!haveCorpus)('schema files', () => {
  it('are opened once per run, however many passes build a registry', async () => {
    const dir = scratchDir('etwkit-schema-once-');
    const man = join(dir, 'clr.man');
    writeFileSync(man, readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man')));
    for (const outputs of [['-summary', join(dir, 's.txt')], ['-o', join(dir, 'd.xml'), '-summary', join(dir, 's2.txt')]]) {
      opened.length = 0;
      const r = await reportInProcess([etlPath('perfview-net452-x64-compressed'), '-import', man, ...outputs, '-y', '-quiet']);
      expect(r.code, r.stderr).toBe(0);
      expect(opened.filter((p) => p === man)).toHaveLength(1);
    }
  }, 60_000);
});
