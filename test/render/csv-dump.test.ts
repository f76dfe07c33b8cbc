/**
 * The CSV dump: tracerpt's 20 header columns, one row per record, field
 * formats of docs/tracerpt.md §4 (hex PID/TID, 0x%016X keyword, EventTrace
 * header user data at the indices Chromium relies on), RFC 4180-parseable on
 * every corpus file, and -en Unicode as UTF-16LE with BOM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { csvCell, csvQuotedCell } from '../../src/etw/render/csv-cells.js';
import { CSV_COLUMNS } from '../../src/etw/render/csv-dump.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

function records(stem: string): number {
  const reader = EtlReader.open([etlPath(stem)]);
  let n = 0;
  for (const _ of reader.records()) n++;
  reader.close();
  return n;
}

const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true, bom: true });

describe('csv cells agree with csv-stringify', () => {
  const samples = ['plain', 'with, comma', 'with "quote"', 'line\nbreak', 'cr\rhere', ' spaced ', 'tab\there', 'ünï😀', '""', ','];
  it.each(samples)('%j', (s) => {
    expect(csvCell(s)).toBe(stringify([[s]], { eof: false }));
    expect(csvQuotedCell(s)).toBe(stringify([[s]], { eof: false, quoted: true }));
    expect(parseCsv(`${csvQuotedCell(s)},${csvCell(s)}\r\n`)).toEqual([[s, s]]);
  });
  it('an empty string cell stays distinguishable when quoted', () => {
    expect(csvQuotedCell('')).toBe('""');
  });
});

describe.skipIf(!haveCorpus)('CSV dump on every corpus file', () => {
  const dir = scratchDir('etwkit-csv-');
  it.each(corpusStems())('%s: parses back, one row per record, tracerpt formats', async (stem) => {
    const out = join(dir, `${stem}.csv`);
    const r = await reportInProcess([etlPath(stem), '-o', out, '-of', 'CSV', '-y']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.length - 1).toBe(records(stem));
    for (const row of rows.slice(1)) {
      expect(row.length).toBeGreaterThanOrEqual(20);
      expect(row[8]).toMatch(/^0x[0-9A-F]{16}$/);
      expect(row[9]).toMatch(/^0x[0-9A-F]{8}$/);
      expect(row[10]).toMatch(/^0x[0-9A-F]{8}$/);
      expect(row[14]).toMatch(/^\{[0-9a-f-]{36}\}$/);
      expect(row[16]).toMatch(/^\d+$/);
      for (const i of [2, 3, 4, 5, 6, 7, 11, 17, 18]) expect(row[i]).toMatch(/^\d+$/);
    }
    const header = rows[1]!;
    expect(header.slice(0, 2)).toEqual(['EventTrace', 'Header']);
    // Chromium reads EventsLost at user data + 11 and BuffersLost at + 19.
    const reader = EtlReader.open([etlPath(stem)]);
    const h = reader.files[0]!.header;
    reader.close();
    expect(Number(header[19 + 0])).toBe(h.bufferSize);
    expect(Number(header[19 + 11])).toBe(h.eventsLost);
    expect(Number(header[19 + 19])).toBe(h.buffersLost);
    expect(header[19 + 20]).toBe(h.loggerName);
  });
});

describe.skipIf(!haveCorpus)('CSV encodings', () => {
  const dir = scratchDir('etwkit-csv-enc-');
  it('-en Unicode writes UTF-16LE with a BOM, the same rows as the default', async () => {
    const a = join(dir, 'a.csv');
    const u = join(dir, 'u.csv');
    await reportInProcess([etlPath('perfview-clr-rundown'), '-o', a, '-of', 'CSV', '-y']);
    await reportInProcess([etlPath('perfview-clr-rundown'), '-o', u, '-of', 'CSV', '-en', 'Unicode', '-y']);
    const bytes = readFileSync(u);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(a).subarray(0, 3).toString('latin1')).toBe('Eve'); // no BOM by default
  });

  it('-rts puts the raw timestamp in Clock-Time', async () => {
    const a = join(dir, 'rts.csv');
    await reportInProcess([etlPath('perfview-clr-rundown'), '-o', a, '-of', 'CSV', '-rts', '-y']);
    const rows = parseCsv(readFileSync(a, 'utf8'));
    const reader = EtlReader.open([etlPath('perfview-clr-rundown')]);
    const first = reader.records().next().value!;
    expect(rows[1]![16]).toBe(first.rawTime.toString());
    reader.close();
  });
});
