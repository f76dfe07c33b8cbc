/**
 * TraceLogging metadata (etl-format.md §6.2–6.4) written byte by byte from the
 * spec: tags, OutMeta, arrays, structs, BINARY's length prefix, and malformed
 * blobs that must not crash.
 */
import { describe, expect, it } from 'vitest';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { parseProviderTraitsName, parseTraceLoggingSchema, TraceLoggingMetadataError, TraceLoggingSchemas } from '../../src/etw/schema/tracelogging/tracelogging.js';
import { plainFields, recordWith } from './schema-fixtures.js';

/** An item-11 blob: u16 total size, then the given body. */
function meta(...parts: Array<string | number[]>): Buffer {
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p + '\0', 'utf8') : Buffer.from(p))));
  const b = Buffer.alloc(2 + body.length);
  b.writeUInt16LE(b.length, 0);
  body.copy(b, 2);
  return b;
}

function decode(metaBlob: Buffer, payload: Buffer) {
  return compileSchema(parseTraceLoggingSchema(metaBlob, null, 'p')).decode(payload, { pointerSize: 8, sessionTimeToFileTime: null });
}

describe('TraceLogging metadata', () => {
  it('reads the provider name from the traits blob (item 12), as in the corpus: "AmsiTrace"-style 0c00 Atum-Hw3d', () => {
    expect(parseProviderTraitsName(Buffer.from('0c004174756d2d4877336400', 'hex'))).toBe('Atum-Hw3d');
    // with a 19-byte group-GUID trait after the name (LxCore, §6.2)
    expect(parseProviderTraitsName(Buffer.from('38004d6963726f736f66742e57696e646f77732e53756273797374656d2e4c78436f7265001300011a73504fcf898247b3e0dce8c90476ba', 'hex')))
      .toBe('Microsoft.Windows.Subsystem.LxCore');
  });

  it('skips multi-byte event and field tags (7-bit chained) and reads OutMeta', () => {
    // event tags 0x81 0x00 (two bytes), field with OutMeta 0x84 (HEX + tags follow) and tags 0x80 0x80 0x01
    // (most significant group first: 0 << 21 | 0 << 14 | 1 << 7 = 0x80)
    const s = parseTraceLoggingSchema(meta([0x81, 0x00], 'Ev', 'f', [0x88, 0x84, 0x80, 0x80, 0x01], 'g', [0x04]), null, 'p');
    expect(s.eventName).toBe('Ev');
    expect(s.properties.map((p) => [p.name, p.inType, p.outType])).toEqual([['f', InType.UINT32, OutType.HEXINT32], ['g', InType.UINT8, 0]]);
    expect(s.properties[0]!.tags).toBe(0x80);
  });

  it('maps TL out-types onto TDH numbers (different numbering, §6.3)', () => {
    const s = parseTraceLoggingSchema(meta([0], 'E',
      'b', [0x84, 0x03], 'pid', [0x88, 0x05], 'port', [0x86, 0x07], 'ip', [0x88, 0x08], 'hr', [0x87, 0x0f],
      'ft', [0x8a, 0x10], 's', [0x88, 0x11], 'u8', [0x82, 0x23], 'np', [0x88, 0x01]), null, 'p');
    expect(s.properties.map((p) => p.outType)).toEqual([
      OutType.BOOLEAN, OutType.PID, OutType.PORT, OutType.IPV4, OutType.HRESULT, OutType.DATETIME, OutType.INT, OutType.UTF8, OutType.NOPRINT,
    ]);
    expect(s.properties[8]!.noPrint).toBe(true);
  });

  it('decodes BINARY (14) as a u16 byte count + bytes, and BOOL32 (13) as 4 bytes', () => {
    const r = decode(meta([0], 'E', 'bin', [0x0e], 'ok', [0x0d]), Buffer.from('0200abcd01000000', 'hex'));
    expect(r.fields.map((f) => [f.name, f.text])).toEqual([['bin', '0xABCD'], ['ok', 'true']]);
  });

  it('decodes counted strings 22 (UTF-16) and 23 (8-bit) with a u16 byte count', () => {
    const r = decode(meta([0], 'E', 'w', [0x16], 'a', [0x17]), Buffer.from('04004f004b0002004f4b', 'hex'));
    expect(r.fields.map((f) => f.value)).toEqual(['OK', 'OK']);
  });

  it('decodes a constant-count array (ConstCount u16 in the metadata)', () => {
    const r = decode(meta([0], 'E', 'a', [0x26, 0x03, 0x00]), Buffer.from('010002000300', 'hex'));
    expect(r.fields[0]!.value).toEqual([1, 2, 3]);
  });

  it('decodes a variable-count array: a u16 count precedes the values in the payload', () => {
    const r = decode(meta([0], 'E', 'a', [0x48], 'z', [0x04]), Buffer.from('0200' + '05000000' + '06000000' + '07', 'hex'));
    expect(r.error).toBeNull();
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([['a', [5, 6]], ['z', 7]]);
  });

  it('renders a variable UInt16 array with out-type STRING as a string (the AmsiScript "Raw Script" shape, §6.3)', () => {
    // InMeta 0xc6 = UINT16 | variable count | OutMeta follows; OutMeta 0x02 = STRING
    const r = decode(meta([0], 'AmsiScript', 'Raw Script', [0xc6, 0x02]), Buffer.from('0300' + '610062006300', 'hex'));
    expect(plainFields(r.fields)).toEqual([{ name: 'Raw Script', value: 'abc', text: 'abc' }]);
  });

  it('nests structs: the struct out-type counts the following fields; nested structs count as one', () => {
    // outer (struct of 2): x UInt8, inner (struct of 1): y UInt8; then tail UInt8
    const s = parseTraceLoggingSchema(meta([0], 'E', 'outer', [0x98, 0x02], 'x', [0x04], 'inner', [0x98, 0x01], 'y', [0x04], 'tail', [0x04]), null, 'p');
    expect(s.properties.map((p) => p.name)).toEqual(['outer', 'tail']);
    const r = compileSchema(s).decode(Buffer.from('010203', 'hex'), { pointerSize: 8, sessionTimeToFileTime: null });
    expect(r.fields[0]!.value).toEqual({ x: 1, inner: { y: 2 } });
    expect(r.fields[1]!.value).toBe(3);
  });

  it('decodes an array of structs with a variable count', () => {
    const r = decode(meta([0], 'E', 'pts', [0xd8, 0x02], 'x', [0x04], 'y', [0x04]), Buffer.from('0200' + '0102' + '0304', 'hex'));
    expect(r.fields[0]!.value).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  });

  it('throws TraceLoggingMetadataError (never a crash elsewhere) on malformed blobs', () => {
    expect(() => parseTraceLoggingSchema(Buffer.from('0500004500', 'hex').subarray(0, 4), null, 'p')).toThrow(TraceLoggingMetadataError);
    expect(() => parseTraceLoggingSchema(meta([0], 'E', 'f', [0x1f]), null, 'p')).toThrow(/in-type 31/);
    expect(() => parseTraceLoggingSchema(meta([0], 'E', 's', [0x98, 0x03], 'x', [0x04]), null, 'p')).toThrow(/struct/);
    expect(() => parseTraceLoggingSchema(meta([0], 'E', 'f', [0x84]), null, 'p')).toThrow(/out-type/);
  });
});

describe('TraceLoggingSchemas cache', () => {
  const m1 = meta([0], 'Same', 'a', [0x04]);
  const m2 = meta([0], 'Same', 'a', [0x06]);

  it('compiles each distinct metadata blob once; one name can have several layouts', () => {
    const cache = new TraceLoggingSchemas();
    const a = cache.lookup(recordWith({ extended: [[11, m1]] }));
    const b = cache.lookup(recordWith({ extended: [[11, Buffer.from(m1)]] }));
    const c = cache.lookup(recordWith({ extended: [[11, m2]] }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(cache.size).toBe(2);
  });

  it('is not a TraceLogging event without item 11 (airbus issue #12 shape), and caches malformed blobs as errors', () => {
    const cache = new TraceLoggingSchemas();
    expect(cache.lookup(recordWith({ extended: [[12, Buffer.from('0c004174756d2d4877336400', 'hex')]] }))).toBeNull();
    expect(cache.lookup(recordWith({}))).toBeNull();
    expect(cache.lookup(recordWith({ extended: [[11, Buffer.from('ff', 'hex')]] }))).toBeInstanceOf(TraceLoggingMetadataError);
  });
});
