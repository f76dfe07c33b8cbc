/**
 * The JSONL sink writes decoded strings and messages without JSON.stringify
 * where it can: strings the decoder found free of escapes go out as they are,
 * message texts are made from the field values. Hand-made payloads with every
 * kind of character JSON escapes (quotes, backslashes, control characters, lone
 * and paired surrogates, non-ASCII) and every integer text form must still give
 * exactly the line JSON.stringify of the object and the rendered message gives,
 * both from decoded fields and written straight from the payload bytes.
 */
import { describe, expect, it } from 'vitest';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { JsonlSink } from '../../src/etw/render/jsonl.js';
import { InType, OutType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import type { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import type { FieldValue } from '../../src/etw/schema/types.js';
import { recordWith, schemaOf } from '../schema/schema-fixtures.js';
import { memoryOutput } from '../support/memory-output.js';
import { referenceJsonLine } from '../support/jsonl-reference.js';


const u16z = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
/** UTF-16 code units as given (for lone surrogates, which Buffer.from would replace). */
const units = (...u: number[]) => { const b = Buffer.alloc(2 * u.length + 2); u.forEach((c, i) => b.writeUInt16LE(c, 2 * i)); return b; };
const le32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
const le64 = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt.asUintN(64, n)); return b; };
const f64 = (d: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(d); return b; };

const PROPS: PropertyDef[] = [
  { name: 'S', inType: InType.UNICODESTRING, outType: 0 },
  { name: 'A', inType: InType.ANSISTRING, outType: 0 },
  { name: 'H32', inType: InType.UINT32, outType: OutType.HEXINT32 },
  { name: 'H64', inType: InType.UINT64, outType: OutType.HEXINT64 },
  { name: 'I64', inType: InType.INT64, outType: 0 },
  { name: 'I32', inType: InType.INT32, outType: 0 },
  { name: 'E', inType: InType.UINT32, outType: OutType.HRESULT },
  { name: 'D', inType: InType.DOUBLE, outType: 0 },
  { name: 'B', inType: InType.BOOLEAN, outType: 0 },
  { name: 'G', inType: InType.GUID, outType: 0 },
];
const MESSAGE = 'S="%1" A=\\%2\\ %3/%4 i=%5,%6 e=%7 d=%8 b=%9 g=%10%n\ttab %11';

function payload(s: Buffer, a: string, h32: number, h64: bigint, i64: bigint, i32: number, e: number, d: number, b: number): Buffer {
  return Buffer.concat([s, Buffer.from(a + '\0', 'latin1'), le32(h32), le64(h64), le64(i64), le32(i32), le32(e), f64(d), le32(b),
    Buffer.from('00112233445566778899aabbccddeeff', 'hex')]);
}

const CASES: Buffer[] = [
  payload(u16z('plain text'), 'ansi', 0, 0n, 0n, 0, 0, 0, 0),
  payload(u16z('quote " and back\\slash'), 'tab\there', 0xffffffff, 0x1fffffffffffffn, -1n, -5, 0x80070005, 1.5, 1),
  payload(u16z('ctrl \u0001\u001f\n\r and del \u007f'), 'caf\u00e9 \u0080\u009f', 0x10, 0x20000000000000n, -(2n ** 63n), -2147483648, 1, -0.25, 0),
  payload(u16z('non-ASCII \u00e9\u4e2d\u6587 emoji \ud83d\ude00'), '"q"', 0xabc, 0xffffffffffffffffn, 2n ** 53n + 1n, 2147483647, 0, 1e300, 2),
  payload(units(0x41, 0xd800, 0x42), '', 1, 1n, 9007199254740991n, 0, 0, Number.NaN, 0),
  payload(units(0xdc00, 0x41, 0xd83d, 0xde00, 0xdbff), 'x', 0, 0x100000000n, -9007199254740991n, 0, 0, Number.POSITIVE_INFINITY, 0),
  // Each escaped character alone in an otherwise plain string (code units as given, so lone surrogates stay).
  ...['only "quote', 'only \\backslash', 'only \nnewline', 'only \u0001', 'only \u001f', 'only \ud800', 'only \udfff', 'only \ud83d\ude00']
    .map((t) => payload(units(...Array.from({ length: t.length }, (_, i) => t.charCodeAt(i))), t.replace(/[^\x20-\x7e]/g, '?'), 0, 0n, 0n, 0, 0, 0, 0)),
];

/**
 * Sink output and the JSON.stringify reference for records of one registered
 * schema. The sink gets payloads decoded up front; the same records written from
 * their bytes (a registry that defers fields: the walk, json-field-writer.ts) must give the same lines.
 */
function linesFor(props: PropertyDef[], message: string, payloads: Buffer[], pointerSizes: (4 | 8)[] = []): { got: string; expected: string } {
  const registry = new SchemaRegistry();
  const deferred = new SchemaRegistry({ deferFields: true });
  for (const r of [registry, deferred]) {
    r.addManifestEvent(schemaOf(props, { message }), { providerId: '00000000-0000-0000-0000-000000000001', id: 1, version: 0 });
  }
  const chunks: Buffer[] = [];
  const sink = new JsonlSink(memoryOutput(chunks));
  const fromBytesChunks: Buffer[] = [];
  const fromBytes = new JsonlSink(memoryOutput(fromBytesChunks));
  // The same records as the reader gives them: the payload inside a larger buffer (at an odd and an even offset),
  // read by the byte path from there without a view of its own.
  const insideChunks: Buffer[] = [];
  const inside = new JsonlSink(memoryOutput(insideChunks));
  let writtenFromBytes = 0;
  let expected = '';
  for (const [i, p] of payloads.entries()) {
    const record = recordWith({ id: 1, payload: p, pointerSize: pointerSizes[i] ?? 8 });
    // The expected line from a separate decoding, in the plain reference form.
    const reference = registry.decode(record);
    expect(reference.error).toBeNull();
    const fields: Record<string, FieldValue> = {};
    for (const f of reference.fields) fields[f.name] = f.value;
    expected += referenceJsonLine(record, reference.message, fields, reference);
    sink.write({ record, decoded: registry.decode(record) });
    const lazy = deferred.decode(record) as SchemaPayload;
    fromBytes.write({ record, decoded: lazy });
    if (lazy.pending) writtenFromBytes++;
    const offset = 13 + (i % 2) * 3;
    const source = Buffer.alloc(offset + p.length + 7, 0xcc);
    p.copy(source, offset);
    const within = { ...record, payload: source.subarray(offset, offset + p.length), payloadSource: source, payloadOffset: offset } as EtlRecord;
    inside.write({ record: within, decoded: deferred.decode(within) });
  }
  sink.end();
  fromBytes.end();
  inside.end();
  const got = Buffer.concat(chunks).toString('utf8');
  expect(Buffer.concat(fromBytesChunks).toString('utf8')).toBe(got);
  expect(Buffer.concat(insideChunks).toString('utf8')).toBe(got);
  expect(writtenFromBytes).toBe(payloads.length);
  return { got, expected };
}

describe('JSONL decoded strings and messages', () => {
  it('writes single characters (8- and 16-bit integers with out-type STRING) as JSON.stringify does', () => {
    const chars: PropertyDef[] = [
      { name: 'C8', inType: InType.UINT8, outType: OutType.STRING },
      { name: 'C16', inType: InType.UINT16, outType: OutType.STRING },
    ];
    const codes = [[0x41, 0x4e2d], [0x22, 0x22], [0x5c, 0x5c], [0x0a, 0x01], [0x80, 0xd800], [0x7f, 0xdfff]];
    const { got, expected } = linesFor(chars, '%1%2', codes.map(([a, c]) => Buffer.from([a!, c! & 0xff, c! >> 8])));
    expect(got).toBe(expected);
    expect(JSON.parse(got.split('\n')[1]!).fields).toEqual({ C8: '"', C16: '"' });
  });

  it('writes FILETIME and SYSTEMTIME texts, in and out of range, and NUL characters', () => {
    const times: PropertyDef[] = [
      { name: 'FT', inType: InType.FILETIME, outType: 0 },
      { name: 'ST', inType: InType.SYSTEMTIME, outType: 0 },
      { name: 'SU', inType: InType.SYSTEMTIME, outType: OutType.DATETIME_UTC },
      { name: 'C8', inType: InType.ANSICHAR, outType: 0 },
      { name: 'C16', inType: InType.UNICODECHAR, outType: 0 },
    ];
    const st = (y: number, mo: number, d: number, ms: number) => Buffer.from(new Uint16Array([y, mo, 0, d, 13, 14, 15, ms]).buffer);
    const rows = [
      [le64((BigInt(Date.UTC(2021, 8, 9, 14, 59, 35, 799)) + 11644473600000n) * 10000n), st(2021, 9, 9, 799), st(1601, 1, 1, 0), Buffer.from([0x41]), Buffer.from([0x42, 0])],
      [le64(0xffffffffffffffffn), st(2021, 13, 9, 0), st(0, 0, 0, 0), Buffer.from([0]), Buffer.from([0, 0])],
      [le64(0n), st(9999, 12, 31, 999), st(2024, 2, 30, 1000), Buffer.from([0xe9]), Buffer.from([0x22, 0])],
    ];
    const { got, expected } = linesFor(times, 'ft=%1 st=%2 su=%3 c=%4%5', rows.map((r) => Buffer.concat(r)));
    expect(got).toBe(expected);
    expect(JSON.parse(got.split('\n')[0]!).fields).toMatchObject({ FT: '2021-09-09T14:59:35.799000000Z', C8: 'A', C16: 'B' });
  });

  it('sizes lengths and counts from the integers read before them (hidden, mapped, hex and 64-bit ones too)', () => {
    const refs: PropertyDef[] = [
      { name: 'Len', inType: InType.UINT16, outType: 0 },
      { name: 'Data', inType: InType.BINARY, outType: 0, length: { ref: 0 } },
      { name: 'N', inType: InType.UINT8, outType: OutType.HEXINT8, noPrint: true },
      { name: 'S', inType: InType.UNICODESTRING, outType: 0, length: { ref: 2 } },
      { name: 'M', inType: InType.UINT32, outType: 0, map: { name: 'm', kind: 'value', entries: [{ value: 2, text: 'two' }] } },
      { name: 'Arr', inType: InType.UINT16, outType: 0, count: { ref: 4 } },
      { name: 'Q', inType: InType.UINT64, outType: OutType.HEXINT64 },
      { name: 'A', inType: InType.ANSISTRING, outType: 0, length: { ref: 6 } },
      { name: 'Tail', inType: InType.UINT8, outType: 0 },
    ];
    const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
    const row = (len: number, n: number, m: number, q: number) => Buffer.concat([
      u16(len), Buffer.alloc(len, 0xab), Buffer.from([n]), Buffer.from('x'.repeat(n), 'utf16le'), le32(m),
      Buffer.concat(Array.from({ length: m }, (_, i) => u16(i))), le64(BigInt(q)), Buffer.from('y'.repeat(q), 'latin1'), Buffer.from([9]),
    ]);
    const rows = [row(0, 0, 0, 0), row(7, 7, 2, 7), row(3, 1, 5, 2), row(16, 9, 1, 11)];
    const { got, expected } = linesFor(refs, 'len=%1 s=%4 m=%5 q=%7 a=%8 t=%9', rows);
    expect(got).toBe(expected);
    expect(JSON.parse(got.split('\n')[1]!).fields).toMatchObject({ Len: 7, S: 'xxxxxxx', M: 'two', Arr: [0, 1], Q: 7, A: 'yyyyyyy', Tail: 9 });
  });

  it('writes value-map and bit-map texts with and without characters JSON escapes', () => {
    const maps: PropertyDef[] = [
      { name: 'V', inType: InType.UINT32, outType: 0, map: { name: 'm', kind: 'value', entries: [{ value: 1, text: 'say "hi"' }, { value: 2, text: 'plain' }, { value: 3, text: 'x'.repeat(300) }] } },
      { name: 'W', inType: InType.UINT32, outType: 0, map: { name: 'm', kind: 'value', entries: [{ value: 1, text: 'one' }, { value: 2, text: 'two' }] } },
      { name: 'F', inType: InType.UINT32, outType: 0, map: { name: 'b', kind: 'bitmap', entries: [{ value: 1, text: 'A\\B' }, { value: 4, text: 'C' }] } },
      { name: 'G', inType: InType.UINT32, outType: 0, map: { name: 'b', kind: 'bitmap', entries: [{ value: 1, text: 'X' }, { value: 4, text: 'Y' }] } },
    ];
    // A mapped text far longer than any number, before more integers of the same fixed-size run.
    const rows = [[1, 1, 5, 5], [2, 2, 0x105, 0x105], [3, 3, 0, 0], [1, 2, 4, 1], ...Array.from({ length: 300 }, () => [3, 1, 5, 5])];
    const { got, expected } = linesFor(maps, 'v=%1 w=%2 f=%3 g=%4', rows.map((r) => Buffer.concat(r.map(le32))));
    expect(got).toBe(expected);
    expect(JSON.parse(got.split('\n')[0]!).fields).toEqual({ V: 'say "hi"', W: 'one', F: 'A\\B | C', G: 'X | Y' });
  });

  it('writes messages with references in order, out of order, repeated and past the last field', () => {
    // The walk's writer writes an in-order message as it goes and any other from noted texts (json-field-writer.ts).
    const props: PropertyDef[] = [
      { name: 'P', inType: InType.POINTER, outType: 0 },
      { name: 'Z', inType: InType.SIZET, outType: 0 },
      { name: 'CS', inType: InType.MANIFEST_COUNTEDSTRING, outType: 0 },
      { name: 'CA', inType: InType.MANIFEST_COUNTEDANSISTRING, outType: 0 },
      { name: 'Bin', inType: InType.BINARY, outType: 0, length: { fixed: 3 } },
      { name: 'G', inType: InType.GUID, outType: 0 },
      { name: 'H', inType: InType.UINT16, outType: OutType.HEXINT16 },
      { name: 'D', inType: InType.DOUBLE, outType: 0 },
    ];
    const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
    const ptr = (n: bigint, size: 4 | 8) => (size === 8 ? le64(n) : le32(Number(n)));
    const row = (size: 4 | 8, p: bigint, z: bigint, cs: string, ca: string, h: number, d: number) => Buffer.concat([
      ptr(p, size), ptr(z, size), u16(2 * cs.length), Buffer.from(cs, 'utf16le'), u16(ca.length), Buffer.from(ca, 'latin1'),
      Buffer.from([1, 0xab, 0xff]), Buffer.from('00112233445566778899aabbccddeeff', 'hex'), u16(h), f64(d),
    ]);
    const sizes: (4 | 8)[] = [8, 4, 8, 4];
    const rows = [
      row(8, 0x7ff612345678n, 0n, 'counted "16"', 'ansi', 0xbeef, 0.5),
      row(4, 0xfffffff0n, 7n, '', '', 0, -1),
      row(8, 0xffffffffffffffffn, 0x20000000000000n, 'x\ny', 'tab\t', 1, 1e21),
      row(4, 1n, 0xffffffffn, 'é', '"', 0xffff, 0),
    ];
    for (const message of ['%1 %2 %3 %4 %5 %6 %7 %8', '%8 %1 %1 %3 [%12] %2%n%7', '%%1 %2 %5%6 %3%4', 'none', '%9 %10']) {
      const { got, expected } = linesFor(props, message, rows, sizes);
      expect(got).toBe(expected);
    }
    const first = JSON.parse(linesFor(props, '%8 %1 %1 %3 [%12] %2%n%7', rows, sizes).got.split('\n')[0]!);
    expect(first.message).toBe('0.5 0x7FF612345678 0x7FF612345678 counted "16" [%12] 0x0\n0xBEEF');
  });

  it('writes exactly what JSON.stringify of the fields and the rendered message give', () => {
    const { got, expected } = linesFor(PROPS, MESSAGE, CASES);
    expect(got).toBe(expected);
    const lines = got.trimEnd().split('\n').map((l) => JSON.parse(l) as { message: string; fields: Record<string, FieldValue> });
    expect(lines[1]!.fields.S).toBe('quote " and back\\slash');
    expect(lines[1]!.message).toContain('S="quote " and back\\slash" A=\\tab\there\\ 0xFFFFFFFF/0x1FFFFFFFFFFFFF i=-1,-5 e=0x80070005 d=1.5 b=true');
    expect(lines[4]!.fields.S).toBe('A\ud800B');
    expect(lines[3]!.message).toMatch(/\n\ttab %11$/);
  });
});
