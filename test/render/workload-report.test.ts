/**
 * The -report file (our own layout, XML or HTML) and the JSONL dump on every
 * corpus file: both parse, and the report's counts agree with the reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

function elements(text: string): SaxesTagPlain[] {
  const parser = new SaxesParser();
  const tags: SaxesTagPlain[] = [];
  let error: Error | null = null;
  parser.on('error', (e) => { error ??= e; });
  parser.on('opentag', (t) => { tags.push(t as SaxesTagPlain); });
  parser.write(text).close();
  if (error) throw error;
  return tags;
}

function facts(stem: string) {
  const reader = EtlReader.open([etlPath(stem)]);
  let n = 0;
  const pids = new Set<number>();
  for (const r of reader.records()) { n++; pids.add(r.pid >>> 0); }
  const f = reader.files[0]!;
  reader.close();
  return { n, pids: pids.size, file: f };
}

describe.skipIf(!haveCorpus)('-report and JSONL on every corpus file', () => {
  const dir = scratchDir('etwkit-workload-');
  it.each(corpusStems())('%s', async (stem) => {
    const xml = join(dir, `${stem}.xml`);
    const html = join(dir, `${stem}.html`);
    const jsonl = join(dir, `${stem}.jsonl`);
    expect((await reportInProcess([etlPath(stem), '-report', xml, '-y'])).code).toBe(0);
    expect((await reportInProcess([etlPath(stem), '-report', html, '-f', 'HTML', '-rl', '3', '-y'])).code).toBe(0);
    expect((await reportInProcess([etlPath(stem), '-o', jsonl, '-of', 'JSONL', '-y'])).code).toBe(0);
    const { n, pids, file } = facts(stem);

    const tags = elements(readFileSync(xml, 'utf8'));
    expect(tags[0]!.name).toBe('TraceReport');
    const totals = tags.find((t) => t.name === 'Totals')!;
    expect(Number(totals.attributes['events'])).toBe(n);
    expect(Number(totals.attributes['eventsLost'])).toBe(file.header.eventsLost);
    expect(Number(totals.attributes['processes'])).toBe(pids);
    const providers = tags.filter((t) => t.name === 'Provider');
    expect(providers.reduce((s, t) => s + Number(t.attributes['events']), 0)).toBe(n);
    expect(tags.filter((t) => t.name === 'File')[0]!.attributes['path']).toBe(etlPath(stem));
    expect(tags.filter((t) => t.name === 'Process').length).toBe(Math.min(10, pids));

    const page = elements(readFileSync(html, 'utf8'));
    expect(page[0]!.name).toBe('html');
    expect(page.filter((t) => t.name === 'h2').length).toBeGreaterThanOrEqual(4);

    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(lines.length).toBe(n);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});
