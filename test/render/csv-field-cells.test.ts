/**
 * The CSV byte path writes the User Data cells of decoded fields from their
 * values (numbers, hex, plain strings) instead of their texts: the rows must be
 * the same as the string form's (eventCsvRow, which -en Unicode uses), on kernel
 * records decoded by the built-in classes and on TraceLogging fields of every type.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

describe.skipIf(!haveCorpus)('CSV User Data cells written from field values', () => {
  const dir = scratchDir('etwkit-csv-cells-');
  it.each(['diaghub-kernel', 'perfview-primitive-types-tl', 'sonde-relogged-mof-tl', 'findneedle-wppbin'])('%s: the same rows as the string form', async (stem) => {
    const a = join(dir, `${stem}.csv`);
    const u = join(dir, `${stem}.u.csv`);
    expect((await reportInProcess([etlPath(stem), '-o', a, '-of', 'CSV', '-y'])).code).toBe(0);
    expect((await reportInProcess([etlPath(stem), '-o', u, '-of', 'CSV', '-en', 'Unicode', '-y'])).code).toBe(0);
    const bytes = readFileSync(a, 'utf8');
    expect(readFileSync(u).subarray(2).toString('utf16le')).toBe(bytes);
    expect(bytes.split('\r\n').length).toBeGreaterThan(3);
  });
});
