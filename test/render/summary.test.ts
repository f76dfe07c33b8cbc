/**
 * summary.txt: the layout of tracerpt's real summary (docs/tracerpt.md §5.1,
 * taken from the document itself), and on every corpus file totals that agree
 * with the reader and a table whose counts add up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { longDate, SUMMARY_BORDER, SUMMARY_TABLE_HEADER, summaryRow } from '../../src/etw/render/summary.js';
import { corpusStems, DOCS, etlPath, describeCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

/** The real S-SPY sample block of tracerpt.md §5.1. */
function realSample(): string[] {
  const md = readFileSync(join(DOCS, 'tracerpt.md'), 'utf8');
  const at = md.indexOf('### 5.1');
  const start = md.indexOf('```\n', at) + 4;
  return md.slice(start, md.indexOf('```', start)).split('\n');
}

describeCorpus('summary layout against the real sample', () => {
  const sample = realSample();

  it('same border and table header', () => {
    expect(sample).toContain(SUMMARY_BORDER);
    expect(sample).toContain(SUMMARY_TABLE_HEADER);
    expect(SUMMARY_BORDER).toHaveLength(107);
  });

  it('rows have the same widths: the real rows are reproduced exactly', () => {
    const rows = sample.filter((l) => /^\|\s+\d+ /.test(l));
    expect(rows.length).toBeGreaterThan(3);
    for (const line of rows) {
      const m = /^\|\s*(\d+)   (.{20}) (\S+)\s+(\S+)\s+(\{[0-9a-f-]{36}\})\|$/.exec(line)!;
      expect(m, line).not.toBeNull();
      const ours = summaryRow({ count: Number(m[1]), name: m[2]!.trim(), id: Number(m[3]), version: Number(m[4]), providerId: m[5]!.slice(1, -1), firstOpcode: 0 });
      expect(ours).toBe(line);
    }
  });

  it('same label padding for the totals, and the long date form', () => {
    for (const label of ['Total Buffers Processed ', 'Total Events  Processed ', 'Total Events  Lost      ', 'Start Time              ']) {
      expect(sample.some((l) => l.startsWith(label))).toBe(true);
    }
    // 2025-12-23T12:00:00Z as FILETIME
    expect(longDate(134109648000000000n)).toBe('Tuesday, December 23, 2025');
    expect(sample).toContain('Start Time              Tuesday, December 23, 2025');
  });

  it('long names overflow the column without truncation', () => {
    const row = summaryRow({ count: 3, name: 'Microsoft-Windows-Long-Provider-Name-And-A-Long-Task', id: 173, version: 2, providerId: '00000000-0000-0000-0000-000000000001', firstOpcode: 0 });
    expect(row).toContain('Microsoft-Windows-Long-Provider-Name-And-A-Long-Task 173');
  });
});

describeCorpus('summary on every corpus file', () => {
  const dir = scratchDir('etwkit-summary-');
  it.each(corpusStems())('%s', async (stem) => {
    const out = join(dir, `${stem}.txt`);
    const r = await reportInProcess([etlPath(stem), '-summary', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    const reader = EtlReader.open([etlPath(stem)]);
    let n = 0;
    for (const _ of reader.records()) n++;
    const file = reader.files[0]!;
    reader.close();
    expect(lines[0]).toBe('Files Processed:');
    expect(lines[1]).toBe('\t' + etlPath(stem));
    expect(lines[2]).toBe(`Total Buffers Processed ${file.buffers}`);
    expect(lines[3]).toBe(`Total Events  Processed ${n}`);
    expect(lines[4]).toBe(`Total Events  Lost      ${file.header.eventsLost}`);
    expect(lines[5]).toBe(`Total Buffers Lost      ${file.header.buffersLost}`);
    expect(lines[6]).toMatch(/^Start Time {14}[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(lines[7]).toMatch(/^End Time {16}[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(lines[8]).toMatch(/^Elapsed Time {12}\d+ sec$/);
    expect(lines.slice(9, 12)).toEqual([SUMMARY_BORDER, SUMMARY_TABLE_HEADER, SUMMARY_BORDER]);
    const end = lines.indexOf(SUMMARY_BORDER, 12);
    const rows = lines.slice(12, end);
    let sum = 0;
    for (const row of rows) {
      expect(row.startsWith('|') && row.endsWith('|')).toBe(true);
      sum += Number(row.slice(1, 12));
    }
    expect(sum).toBe(n);
    expect(rows.find((l) => l.includes('{68fdd900-4a3e-11d1-84f4-0000f80464e3}'))).toMatch(/^\|\s+\d+   EventTrace {11}0 {15}\d/);
  });
});
