/**
 * The XML dump's message of a walked payload (xml-dump.ts) is assembled from
 * the escaped field texts and the message's escaped literals. It must equal
 * the message written from the decoded fields, also where a lone high
 * surrogate ends one part and a lone low one starts the next (a field after a
 * field, or a literal after a field): escaped apart they would be two U+FFFD,
 * the whole message string holds a pair, so the walked form then takes the
 * string.
 */
import { describe, expect, it } from 'vitest';
import { XmlDumpSink } from '../../src/etw/render/xml-dump.js';
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

/** The XML of one event per [A, B] pair, walked and from decoded fields; and how many were walked. */
function dumps(message: string, pairs: Array<[string, string]>): { walked: string; fields: string; pending: number } {
  const deferred = new SchemaRegistry({ deferFields: true });
  deferred.addManifestEvent(schemaOf(PROPS, { message }), { providerId: '00000000-0000-0000-0000-000000000001', id: 1, version: 0 });
  const out = (walk: boolean) => {
    const chunks: Buffer[] = [];
    return { chunks, sink: new XmlDumpSink(memoryOutput(chunks), {}, walk) };
  };
  const walked = out(true), fields = out(false);
  let pending = 0;
  for (const s of [walked, fields]) s.sink.begin({ files: [] });
  for (const [a, b] of pairs) {
    const record = recordWith({ id: 1, payload: Buffer.concat([u16z(a), u16z(b)]) });
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

const message = (xml: string): string[] => [...xml.matchAll(/<Message>([^]*?)<\/Message>/g)].map((m) => m[1]!);

describe('XML messages of walked payloads', () => {
  it('equal those from decoded fields, with markup escaped', () => {
    const r = dumps('A=%1; B=<%2>', [['x & y', 'List<int>'], ['', 'b'], ['a', '']]);
    expect(r.pending).toBe(3);
    expect(r.walked).toBe(r.fields);
    expect(message(r.walked)).toEqual(['A=x &amp; y; B=&lt;List&lt;int&gt;&gt;', 'A=; B=&lt;b&gt;', 'A=a; B=&lt;&gt;']);
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
});
