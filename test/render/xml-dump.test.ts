/**
 * The XML dump: well-formed on every corpus file (checked by a strict XML 1.0
 * parser), one <Event> per record with the trace header first, and the same
 * layout as tracerpt's real dump in the corpus (element order, attribute names,
 * indentation, empty-element form).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { xmlAttr, xmlText } from '../../src/etw/render/xml-text.js';
import { CORPUS_ETL, corpusStems, etlPath, describeCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from './report-run.js';

const SAMPLE = join(CORPUS_ETL, '..', 'tracerpt-samples', 'openetw-SampleTraceReport.tracerpt-dumpfile.xml');

interface Parsed {
  events: number;
  /** Per event: the child element names of <System>, in order. */
  firstSystem: string[];
  firstProviderGuid: string | null;
  rootName: string;
}

/** Parse with saxes (throws on anything not well-formed) and collect a few facts. */
function parseXml(text: string): Parsed {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  const out: Parsed = { events: 0, firstSystem: [], firstProviderGuid: null, rootName: '' };
  let error: Error | null = null;
  parser.on('error', (e) => { error ??= e; });
  parser.on('opentag', (t) => {
    if (stack.length === 0) out.rootName = t.name;
    if (t.name === 'Event' && stack.length === 1) out.events++;
    if (out.events === 1 && stack.at(-1) === 'System' && stack.length === 3) {
      out.firstSystem.push(t.name);
      if (t.name === 'Provider') out.firstProviderGuid = (t.attributes['Guid'] as string | undefined) ?? null;
    }
    stack.push(t.name);
  });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(text).close();
  if (error) throw error;
  return out;
}

function countRecords(stem: string): number {
  const reader = EtlReader.open([etlPath(stem)]);
  let n = 0;
  for (const _ of reader.records()) n++;
  reader.close();
  return n;
}

/** The layout of an event without its values: attribute values and text emptied. */
function skeleton(eventText: string): string[] {
  return eventText.split('\n').map((l) => l.replace(/="[^"]*"/g, '=""').replace(/>[^<]*</g, '><'));
}

function firstEvent(xml: string): string {
  const start = xml.indexOf('<Event ');
  return xml.slice(start, xml.indexOf('</Event>', start) + '</Event>'.length);
}

describe('xml-text escaping', () => {
  it('escapes markup and replaces characters XML 1.0 forbids', () => {
    const nasty = 'a&b<c>d"e\u0000f\u0001g\u001fh\ud800i\udc00j\ufffek\uffffl\r\n\tm😀n';
    const doc = `<r a="${xmlAttr(nasty)}">${xmlText(nasty)}</r>`;
    const parser = new SaxesParser();
    let text = '';
    let attr = '';
    parser.on('text', (t) => { text += t; });
    parser.on('opentag', (t) => { attr = t.attributes['a'] as string; });
    parser.write(doc).close();
    expect(text).toBe('a&b<c>d"e\ufffdf\ufffdg\ufffdh\ufffdi\ufffdj\ufffdk\ufffdl\r\n\tm😀n');
    expect(attr).toBe(text);
  });

  it('leaves ordinary text alone', () => {
    expect(xmlText('plain text, with commas: and colons')).toBe('plain text, with commas: and colons');
  });
});

describeCorpus('XML dump on every corpus file', () => {
  const dir = scratchDir('etwkit-xml-');
  it.each(corpusStems())('%s: well-formed, one Event per record, header first', async (stem) => {
    const out = join(dir, `${stem}.xml`);
    const r = await reportInProcess([etlPath(stem), '-o', out, '-of', 'XML', '-y']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('<Events>\n<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n')).toBe(true);
    const parsed = parseXml(text);
    expect(parsed.rootName).toBe('Events');
    expect(parsed.events).toBe(countRecords(stem));
    expect(parsed.firstSystem).toEqual(['Provider', 'EventID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords', 'TimeCreated', 'Correlation', 'Execution', 'Channel', 'Computer']);
    expect(parsed.firstProviderGuid).toBe('{9e814aad-3204-11d2-9a82-006008a86939}');
    expect(firstEvent(text)).toContain('<EventGuid>{68fdd900-4a3e-11d1-84f4-0000f80464e3}</EventGuid>');
  });
});

describeCorpus('layout against tracerpt\'s real dump', () => {
  const sample = readFileSync(SAMPLE, 'utf8');
  const dir = scratchDir('etwkit-xml-layout-');

  it('the real sample is itself well-formed by our parser', () => {
    expect(parseXml(sample).events).toBeGreaterThan(100);
  });

  it('the trace header event has the same skeleton line for line', async () => {
    const out = join(dir, 'h.xml');
    await reportInProcess([etlPath('perfview-clr-rundown'), '-o', out, '-y']);
    const ours = skeleton(firstEvent(readFileSync(out, 'utf8')));
    const theirs = skeleton(firstEvent(sample));
    expect(ours).toEqual(theirs);
  });

  it('uses tracerpt\'s field formats in the header event', async () => {
    const out = join(dir, 'f.xml');
    await reportInProcess([etlPath('perfview-clr-rundown'), '-o', out, '-y']);
    const ev = firstEvent(readFileSync(out, 'utf8'));
    expect(ev).toMatch(/<TimeCreated SystemTime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}00Z" \/>/);
    expect(ev).toMatch(/<Keywords>0x0<\/Keywords>/);
    expect(ev).toMatch(/<Data Name="BufferSize"> *\d+<\/Data>/);
    expect(ev).toMatch(/<Data Name="EventsLost"> {7}\d<\/Data>/);
    expect(ev).toMatch(/<Data Name="LogFileMode">0x[0-9A-F]+<\/Data>/);
    expect(ev).toMatch(/<Data Name="ReservedFlags">0x[0-9A-F]+<\/Data>/);
  });

  it('events without a schema carry ProcessingErrorData like the sample (ErrorCode, DataItemName, EventPayload)', async () => {
    const out = join(dir, 'e.xml');
    await reportInProcess([etlPath('perfview-gcevents-circular'), '-o', out, '-y']);
    const text = readFileSync(out, 'utf8');
    const m = /\t<ProcessingErrorData>\n\t\t<ErrorCode>\d+<\/ErrorCode>\n\t\t<DataItemName \/>\n\t\t<EventPayload>[0-9A-F]*<\/EventPayload>\n\t<\/ProcessingErrorData>\n/.exec(text);
    expect(m).not.toBeNull();
    const theirs = /\t<ProcessingErrorData>\n\t\t<ErrorCode>\d+<\/ErrorCode>\n\t\t<DataItemName \/>\n\t\t<EventPayload>[0-9A-F]*<\/EventPayload>\n\t<\/ProcessingErrorData>\n/.exec(sample);
    expect(theirs).not.toBeNull();
  });
});
