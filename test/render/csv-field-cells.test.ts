/**
 * -en Unicode: the CSV rows (User Data cells of decoded fields written from their
 * values) re-encoded as UTF-16LE are the same text as the UTF-8 file's, on kernel
 * records decoded by the built-in classes, TraceLogging fields of every type and
 * WPP messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

describe.skipIf(!haveCorpus)('CSV rows as UTF-8 and as UTF-16LE', () => {
  const dir = scratchDir('etwkit-csv-cells-');
  it.each(['diaghub-kernel', 'perfview-primitive-types-tl', 'sonde-relogged-mof-tl', 'findneedle-wppbin'])('%s: the same rows in both encodings', async (stem) => {
    const a = join(dir, `${stem}.csv`);
    const u = join(dir, `${stem}.u.csv`);
    expect((await reportInProcess([etlPath(stem), '-o', a, '-of', 'CSV', '-y'])).code).toBe(0);
    expect((await reportInProcess([etlPath(stem), '-o', u, '-of', 'CSV', '-en', 'Unicode', '-y'])).code).toBe(0);
    const bytes = readFileSync(a, 'utf8');
    expect(readFileSync(u).subarray(2).toString('utf16le')).toBe(bytes);
    expect(bytes.split('\r\n').length).toBeGreaterThan(3);
  });
});
