/**
 * The XML dump's message of a walked payload (xml-dump.ts) is assembled from
 * the escaped field texts and the message's escaped literals. It must equal
 * the message written from the decoded fields, also where a lone high
 * surrogate ends one part and a lone low one starts the next (a field after a
 * field, or a literal after a field): escaped apart they would be two U+FFFD,
 * the whole message string holds a pair, so the walked form then takes the
 * string. A walked classic event ends with its own class's
 * ExtendedTracingInfo (the end is kept per layout and class GUID, and one
 * layout may serve two classes) and its instance ids where it has them.
 */
import { describe, expect, it } from 'vitest';
import { XmlDumpSink } from '../../src/etw/render/xml-dump.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { InType, OutType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import { recordWith, schemaOf } from '../schema/schema-fixtures.js';
import { memoryOutput } from '../support/memory-output.js';

const PROPS: PropertyDef[] = [
  { name: 'A', inType: InType.UNICODESTRING, outType: OutType.STRING },
  { name: 'B', inType: InType.UNICODESTRING, outType: OutType.STRING },
];

/** NUL-terminated UTF-16LE of the code units (lone surrogates kept). */
function u16z(units: string): Buffer {
  const b = Buffer.alloc(2 * units.length + 2);
  for (let i = 0; i < units.length; i++) b.writeUInt16LE(units.charCodeAt(i), 2 * i);
  return b;
}

const PROVIDER = '00000000-0000-0000-0000-000000000001';
/** Two class GUIDs that one MOF layout is registered under (one compiled schema, so one walk, for both). */
const CLASSES = ['3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', '2cb15d1d-5fc1-11d2-abe1-00a0c911f518'];

/** One event of the schema: a manifest event, or a classic one of class `classIndex` (with instance ids when `instance`). */
interface EventOf { a: string; b: string; classIndex?: number; instance?: boolean }

/** The XML of the events, walked and from decoded fields; and how many were walked. */
function dumpEvents(message: string, events: EventOf[], capacity?: number): { walked: string; fields: string; pending: number } {
  const deferred = new SchemaRegistry({ deferFields: true });
  const schema = schemaOf(PROPS, { message });
  deferred.addManifestEvent(schema, { providerId: PROVIDER, id: 1, version: 0 });
  for (const classGuid of CLASSES) deferred.addMofEvent(schema, { classGuid, eventType: 7 });
  const out = (walk: boolean) => {
    const chunks: Buffer[] = [];
    return { chunks, sink: new XmlDumpSink(memoryOutput(chunks), {}, walk, capacity) };
  };
  const walked = out(true), fields = out(false);
  let pending = 0;
  for (const s of [walked, fields]) s.sink.begin({ files: [] });
  for (const e of events) {
    const payload = Buffer.concat([u16z(e.a), u16z(e.b)]);
    const classic = e.classIndex !== undefined;
    const record = classic
      ? {
        ...recordWith({ kind: e.instance === true ? 'instance' : 'trace', providerId: CLASSES[e.classIndex!]!, opcode: 7, payload }),
        instance: e.instance === true ? { instanceId: 12, parentInstanceId: 3, parentGuid: CLASSES[0]! } : null,
      } as EtlRecord
      : recordWith({ id: 1, payload });
    const d = deferred.decode(record);
    expect(d).toBeInstanceOf(SchemaPayload);
    if ((d as SchemaPayload).pending) pending++;
    walked.sink.write({ record, decoded: d });
    fields.sink.write({ record, decoded: deferred.decode(record) });
  }
  for (const s of [walked, fields]) s.sink.end();
  const text = (c: Buffer[]) => Buffer.concat(c).toString('utf8');
  return { walked: text(walked.chunks), fields: text(fields.chunks), pending };
}

/** The XML of one manifest event per [A, B] pair, walked and from decoded fields; and how many were walked. */
function dumps(message: string, pairs: Array<[string, string]>, capacity?: number): { walked: string; fields: string; pending: number } {
  return dumpEvents(message, pairs.map(([a, b]) => ({ a, b })), capacity);
}

const message = (xml: string): string[] => [...xml.matchAll(/<Message>([^]*?)<\/Message>/g)].map((m) => m[1]!);

/**
 * The XML of events of `schemas` manifest events (ids 1…, message `E<id>: %1 %2`, the odd ids' fields a
 * UserData template), in the order of `ids`, walked and from decoded fields.
 */
function dumpInterleaved(schemas: number, ids: number[]): { walked: string; fields: string; pending: number } {
  const deferred = new SchemaRegistry({ deferFields: true });
  for (let id = 1; id <= schemas; id++) {
    deferred.addManifestEvent(schemaOf(PROPS, { message: `E${id}: %1 %2`, userDataElement: id % 2 === 1 ? `T${id}` : null }), { providerId: PROVIDER, id, version: 0 });
  }
  const chunks = [[], []] as Buffer[][];
  const sinks = [new XmlDumpSink(memoryOutput(chunks[0]!), {}, true), new XmlDumpSink(memoryOutput(chunks[1]!), {}, false)];
  for (const s of sinks) s.begin({ files: [] });
  let pending = 0;
  for (const [k, id] of ids.entries()) {
    const record = recordWith({ id, payload: Buffer.concat([u16z(`a${k}`), u16z(`b<${id}>`)]) });
    const d = deferred.decode(record);
    if ((d as SchemaPayload).pending) pending++;
    sinks[0]!.write({ record, decoded: d });
    sinks[1]!.write({ record, decoded: deferred.decode(record) });
  }
  for (const s of sinks) s.end();
  const text = (c: Buffer[]) => Buffer.concat(c).toString('utf8');
  return { walked: text(chunks[0]!), fields: text(chunks[1]!), pending };
}

describe('XML messages of walked payloads', () => {
  it('follow each event\'s own schema where event types interleave, in threes and over more types than are kept at hand', () => {
    const ids = [...[1, 2, 3, 1, 2, 3, 3, 1], ...Array.from({ length: 40 }, (_, k) => 1 + ((k * 7) % 11)), 4, 4, 11, 1];
    const r = dumpInterleaved(11, ids);
    expect(r.pending).toBe(ids.length);
    expect(r.walked).toBe(r.fields);
    expect(message(r.walked)).toEqual(ids.map((id, k) => `E${id}: a${k} b&lt;${id}&gt;`));
    expect(r.walked.split('<T1>').length - 1).toBe(ids.filter((id) => id === 1).length);
  });

  it('equal those from decoded fields, with markup escaped', () => {
    const r = dumps('A=%1; B=<%2>', [['x & y', 'List<int>'], ['', 'b'], ['a', '']]);
    expect(r.pending).toBe(3);
    expect(r.walked).toBe(r.fields);
    expect(message(r.walked)).toEqual(['A=x &amp; y; B=&lt;List&lt;int&gt;&gt;', 'A=; B=&lt;b&gt;', 'A=a; B=&lt;&gt;']);
  });

  it('equal those from decoded fields where a field is shown twice, parts are empty or there are no literals', () => {
    const texts: Array<[string, string]> = [
      ['x & y', 'List<int>'], ['', ''], ['', 'b'], ['a', ''], ['\u00e9t\u00e9', '\u4e2d<'], ['a'.repeat(300), 'b&'.repeat(70)], ['c'.repeat(900), 'd'],
    ];
    // Also in a writer's buffer so small that the message's room is made by moving and growing it.
    for (const m of ['%2 / %1 / %2', '%1%2', '%1', '%2%2', '<%1>', '']) {
      for (const capacity of [undefined, 256]) {
        const r = dumps(m, texts, capacity);
        expect(r.pending).toBe(texts.length);
        expect(r.walked).toBe(r.fields);
      }
    }
    expect(message(dumps('%2 / %1 / %2', [['1', '<2>']]).walked)).toEqual(['&lt;2&gt; / 1 / &lt;2&gt;']);
    // Nothing to show: no Message element.
    expect(message(dumps('%1%2', [['', '']]).walked)).toEqual([]);
  });

  it('join a lone high surrogate ending one field and a lone low one starting the next into their pair', () => {
    const r = dumps('%1%2', [['a\ud83d', '\ude00b'], ['\ud83d', 'c']]);
    expect(r.pending).toBe(2);
    expect(r.walked).toBe(r.fields);
    expect(message(r.walked)).toEqual(['a\u{1f600}b', '\ufffdc']);
  });

  it('join a lone high surrogate ending a field and a lone low one starting the literal after it', () => {
    const r = dumps('%1\ude00 and %2', [['\ud83d', 'x'], ['y', 'z']]);
    expect(r.pending).toBe(2);
    expect(r.walked).toBe(r.fields);
    expect(message(r.walked)).toEqual(['\u{1f600} and x', 'y\ufffd and z']);
  });

  it('end classic events with the ExtendedTracingInfo of their own class and instance ids, one layout under two classes', () => {
    const events: EventOf[] = [
      { a: 'x', b: 'y', classIndex: 0 }, { a: 'x', b: 'y', classIndex: 1 }, { a: 'p', b: 'q', classIndex: 1, instance: true },
      { a: 'x', b: 'y', classIndex: 0 }, { a: '', b: '', classIndex: 0 }, { a: '\ud83d', b: '\ude00', classIndex: 1 },
      { a: '\ud83d', b: '\ude00', classIndex: 0, instance: true }, { a: 'm', b: 'n' },
    ];
    for (const message of ['%1 and %2', '%1%2', '']) {
      const r = dumpEvents(message, events);
      expect(r.pending).toBe(events.length);
      expect(r.walked).toBe(r.fields);
      expect([...r.walked.matchAll(/<EventGuid>([^<]*)<\/EventGuid>/g)].map((m) => m[1])).toEqual(
        events.filter((e) => e.classIndex !== undefined).map((e) => `{${CLASSES[e.classIndex!]}}`));
      expect(r.walked.split('<InstanceID>12</InstanceID>').length).toBe(3);
    }
  });
});
