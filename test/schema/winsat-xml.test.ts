/**
 * The KernelTraceControl WinSAT events show their assessment XML: the three
 * events of the sonde trace decode to the XML documents their size fields
 * announce, every output (XML dump, CSV, JSON lines, EVTX) carries the text,
 * and a payload whose data does not decompress to its stated size (damaged
 * copies of the real trace, built files) falls back to the raw fields, State,
 * UncompressedSize and CompressedXml, with nothing lost and the JSON lines
 * written from the bytes still equal to those written from decoded fields.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { JsonlSink } from '../../src/etw/render/jsonl.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { WINSAT_CLASS } from '../../src/etw/schema/builtin/kernel-trace-control.js';
import { ERROR_EVT_INVALID_EVENT_DATA } from '../../src/etw/schema/payload-decoder.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import type { DecodeError } from '../../src/etw/schema/types.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder, utf16z } from '../support/etl-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { memoryOutput } from '../support/memory-output.js';

interface WinSat {
  opcode: number;
  payload: Buffer;
  names: string[];
  values: Record<string, unknown>;
  texts: Record<string, string>;
  error: DecodeError | null;
}

/** The WinSAT events of a file, decoded as `report` does. */
function winSatEvents(path: string): WinSat[] {
  const reader = EtlReader.open([path]);
  const decoder = buildRegistry(reader.files);
  const out: WinSat[] = [];
  for (const r of reader.records()) {
    if (r.providerId !== WINSAT_CLASS) continue;
    const d = decoder.decode(r);
    out.push({
      opcode: r.opcode!, payload: Buffer.from(r.payload), names: d.fields.map((f) => f.name),
      values: Object.fromEntries(d.fields.map((f) => [f.name, f.value])), texts: Object.fromEntries(d.fields.map((f) => [f.name, f.text])),
      error: d.error,
    });
  }
  reader.close();
  return out;
}


/** A file's JSON lines as a report run writes them: from the payload bytes where it can (true) or from decoded fields (false). */
function jsonl(path: string, fromBytes: boolean): string {
  const reader = EtlReader.open([path]);
  const decoder = buildRegistry(reader.files);
  const chunks: Buffer[] = [];
  const sink = new JsonlSink(memoryOutput(chunks), fromBytes);
  for (const record of reader.records()) sink.write({ record, decoded: decoder.decode(record) });
  reader.close();
  sink.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** The WinSAT lines' `fields` of JSON lines text. */
function winSatJsonFields(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.includes(`"provider":"{${WINSAT_CLASS}}"`)).map((l) => JSON.parse(l).fields);
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * LZNT1 data of `data`: each 4 KiB piece as a compressed chunk of literals only (a flag byte of 0 before
 * every 8 bytes) where that body fits the 12-bit size field, else stored as is.
 */
function literalChunks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let c = 0; c < data.length; c += 4096) {
    const body: number[] = [];
    const piece = data.subarray(c, Math.min(c + 4096, data.length));
    for (let i = 0; i < piece.length; i += 8) body.push(0, ...piece.subarray(i, i + 8));
    const header = body.length <= 4096 ? 0xb000 | (body.length - 1) : 0x3000 | (piece.length - 1);
    parts.push(Buffer.from([header & 0xff, header >>> 8]), body.length <= 4096 ? Buffer.from(body) : piece);
  }
  return Buffer.concat(parts);
}

function winSatPayload(state: number, size: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(state, 0);
  head.writeUInt32LE(size, 4);
  return Buffer.concat([head, data]);
}

describe.skipIf(!haveCorpus)('WinSAT events of sonde-relogged-mof-tl', () => {
  const events = haveCorpus ? winSatEvents(etlPath('sonde-relogged-mof-tl')) : [];

  it('decode to the WinSPR, Metrics and SystemConfig documents, as long as their size fields say', () => {
    expect(events.map((e) => e.opcode)).toEqual([33, 35, 37]);
    expect(events.map((e) => e.error)).toEqual([null, null, null]);
    for (const e of events) expect(e.names).toEqual(['State', 'UncompressedSize', 'Xml']);
    expect(events.map((e) => e.values['UncompressedSize'])).toEqual([1060, 3798, 20584]);
    const xml = events.map((e) => e.values['Xml'] as string);
    // UTF-16 text and its NUL: two bytes a character.
    expect(xml.map((x) => 2 * (x.length + 1))).toEqual([1060, 3798, 20584]);
    expect(xml.map((x) => /^<(\w+)>/.exec(x)?.[1])).toEqual(['WinSPR', 'Metrics', 'SystemConfig']);
    for (const [i, root] of ['WinSPR', 'Metrics', 'SystemConfig'].entries()) expect(xml[i]!.endsWith(`</${root}>`)).toBe(true);
    // What the documents hold: the scores, the measured rates, the machine.
    expect(xml[0]).toContain('<SystemScore>8.2</SystemScore><MemoryScore>9.3</MemoryScore><CpuScore>9.3</CpuScore>');
    expect(xml[1]).toContain('<CompressionMetric units="MB/s">1227.76023</CompressionMetric>');
    expect(xml[2]).toContain('<OSVersion><Major>10</Major><Minor>0</Minor><Build>26200</Build>');
    for (const e of events) expect(e.texts['Xml']).toBe(e.values['Xml']);
  });

  it('every output shows the XML text', async () => {
    const dir = scratchDir('etwkit-winsat-');
    const xml = events.map((e) => e.values['Xml'] as string);
    const run = async (args: string[], out: string) => {
      const r = await reportInProcess([etlPath('sonde-relogged-mof-tl'), '-o', join(dir, out), ...args, '-y', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(dir, out));
    };
    const dump = (await run([], 'dump.xml')).toString('utf8');
    for (const x of xml) expect(dump).toContain(`<Data Name="Xml">${xmlText(x)}</Data>`);
    expect(dump).not.toContain('CompressedXml');
    const csv = (await run(['-of', 'CSV'], 'dump.csv')).toString('utf8');
    for (const x of xml) expect(csv).toContain(`,1,${2 * (x.length + 1)},${csvCell(x)}\r\n`);
    const lines = (await run(['-of', 'JSONL'], 'dump.jsonl')).toString('utf8');
    expect(winSatJsonFields(lines)).toEqual(events.map((e) => e.values));
    const evtx = await run(['-of', 'EVTX'], 'dump.evtx');
    for (const x of xml) expect(evtx.includes(Buffer.from(x, 'utf16le'))).toBe(true);
  }, 60_000);

  it('a damaged event falls back to State, UncompressedSize and CompressedXml; the others keep their XML', () => {
    const bytes = readFileSync(etlPath('sonde-relogged-mof-tl'));
    const at = events.map((e) => bytes.indexOf(e.payload));
    expect(at.every((o) => o > 0)).toBe(true);
    const damaged = Buffer.from(bytes);
    // WinSPR: its chunk header loses the signature. Metrics: its size field claims two bytes more.
    damaged[at[0]! + 9] = damaged[at[0]! + 9]! & 0x8f;
    damaged.writeUInt32LE(3800, at[1]! + 4);
    const path = join(scratchDir('etwkit-winsat-'), 'damaged.etl');
    writeFileSync(path, damaged);
    const got = winSatEvents(path);
    expect(got.map((e) => e.error)).toEqual([null, null, null]);
    expect(got.map((e) => e.names)).toEqual([
      ['State', 'UncompressedSize', 'CompressedXml'], ['State', 'UncompressedSize', 'CompressedXml'], ['State', 'UncompressedSize', 'Xml'],
    ]);
    // Nothing lost: the compressed data as hex, byte for byte.
    for (const e of got.slice(0, 2)) expect(e.values['CompressedXml']).toBe('0x' + e.payload.subarray(8).toString('hex').toUpperCase());
    expect([got[0]!.values['UncompressedSize'], got[1]!.values['UncompressedSize']]).toEqual([1060, 3800]);
    expect(got[2]!.values['Xml']).toBe(events[2]!.values['Xml']);
    // The JSON lines from the bytes (which meet the misfit and take the decoded path) equal those from fields.
    const fromBytes = jsonl(path, true);
    expect(fromBytes === jsonl(path, false)).toBe(true);
    expect(winSatJsonFields(fromBytes)).toEqual(got.map((e) => e.values));
  });
});

describe('WinSAT events in built files', () => {
  const doc = '<WinSPR><SystemScore>8.2</SystemScore><Note text="a \\"quoted\\" \u00e9t\u00e9">\r\n</Note></WinSPR>';
  const data = utf16z(doc);
  // Three chunks: two stored, the last compressed.
  const long = utf16z(`<Metrics>${'<M u="MB/s">1.5</M>'.repeat(300)}</Metrics>`);
  const T0 = 5_000_000_000n;
  const b = new EtlBuilder({ cpus: 1, bufferSize: 0x10000 });
  const events: [number, Buffer][] = [
    [33, winSatPayload(1, data.length, literalChunks(data))],
    [35, winSatPayload(1, long.length, literalChunks(long))],
    // The stated size disagrees with the data.
    [37, winSatPayload(1, data.length + 2, literalChunks(data))],
    // Data cut short.
    [33, winSatPayload(1, data.length, literalChunks(data).subarray(0, 20))],
    // No data at all: like any MOF payload that ends between two properties, the rest is absent.
    [35, winSatPayload(2, 0, Buffer.alloc(0))],
    // A size beyond what any WinSAT event holds (above the 1 MiB cap).
    [37, winSatPayload(1, 0x7fffffff, literalChunks(data))],
    // Too short for the size field: neither layout fits.
    [33, Buffer.from([1, 0, 0, 0, 9, 9])],
  ];
  events.forEach(([type, payload], i) => b.classic({ raw: T0 + BigInt(i), classGuid: WINSAT_CLASS, type, version: 0, payload }));
  const path = join(scratchDir('etwkit-winsat-'), 'winsat.etl');
  writeFileSync(path, b.build('sequence'));
  const got = winSatEvents(path);

  it('decode the XML, and fall back to the raw fields when the data does not give the stated size', () => {
    expect(got).toHaveLength(7);
    expect(got.map((e) => e.names.at(-1))).toEqual(['Xml', 'Xml', 'CompressedXml', 'CompressedXml', 'UncompressedSize', 'CompressedXml', 'State']);
    expect(got[0]!.values['Xml']).toBe(doc);
    expect(got[1]!.values['Xml']).toBe(long.toString('utf16le', 0, long.length - 2));
    expect([got[4]!.values, got[4]!.error]).toEqual([{ State: 2, UncompressedSize: 0 }, null]);
    for (const i of [2, 3, 5]) {
      expect(got[i]!.error).toBeNull();
      expect(got[i]!.values['CompressedXml']).toBe('0x' + events[i]![1].subarray(8).toString('hex').toUpperCase());
    }
    // The short one: the payload does not fit (15005), and -lr's partial fields are those of the main layout.
    expect(got[6]!.error?.code).toBe(ERROR_EVT_INVALID_EVENT_DATA);
    expect(got[6]!.values).toEqual({ State: 1 });
  });

  it('give the same JSON lines from the payload bytes as from decoded fields', () => {
    const fromBytes = jsonl(path, true);
    expect(fromBytes === jsonl(path, false)).toBe(true);
    const fields = winSatJsonFields(fromBytes);
    expect(fields[0]).toEqual({ State: 1, UncompressedSize: data.length, Xml: doc });
    expect(Object.keys(fields[2]!)).toEqual(['State', 'UncompressedSize', 'CompressedXml']);
  });

  it('keep the fallback per event: a SchemaPayload names the fields of the layout its payload fitted', () => {
    const reader = EtlReader.open([path]);
    const decoder = buildRegistry(reader.files);
    const names: string[][] = [];
    for (const r of reader.records()) {
      if (r.providerId !== WINSAT_CLASS) continue;
      const d = decoder.decode(r);
      expect(d).toBeInstanceOf(SchemaPayload);
      // Asked before the fields: the names already follow the layout the payload fits.
      names.push([...(d as SchemaPayload).fieldNames]);
    }
    reader.close();
    expect(names.map((n) => n.at(-1))).toEqual(['Xml', 'Xml', 'CompressedXml', 'CompressedXml', 'Xml', 'CompressedXml', 'Xml']);
  });
});
