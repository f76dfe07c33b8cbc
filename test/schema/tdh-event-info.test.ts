/**
 * The TRACE_EVENT_INFO / EVENT_MAP_INFO readers and their conversion to schemas,
 * on buffers laid out as TDH returns them: structs, counts and lengths held by
 * other properties, maps, MOF events, damaged blobs. (Real blobs: event-metadata-corpus.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { TdhBlobError } from '../../src/etw/schema/tdh/blob-reader.js';
import { eventInfoSchema, EventInfoSchemaError } from '../../src/etw/schema/tdh/event-info-schema.js';
import { readEventMapInfo } from '../../src/etw/schema/tdh/event-map-info.js';
import { readTraceEventInfo } from '../../src/etw/schema/tdh/trace-event-info.js';
import { eventMapInfo, traceEventInfo, type EventInfoSpec } from '../support/tdh-blob-builder.js';

const PROVIDER = '11111111-2222-3333-4444-555555555555';
const ctx = { pointerSize: 8 as const, sessionTimeToFileTime: null };

/** A manifest event with a map, a length and a struct array counted by earlier properties. */
const shipment: EventInfoSpec = {
  provider: PROVIDER, id: 7, version: 2, level: 4, opcode: 1, task: 3, keyword: 0x8000000000000010n,
  providerName: 'Contoso-Shipping', levelName: 'win:Informational', taskName: 'Shipment', opcodeName: 'win:Start',
  keywords: ['Parcels', 'win:ResponseTime'], message: 'Shipment %1\r\nof %3 parcels ',
  properties: [
    { name: 'Name', inType: InType.UNICODESTRING, outType: OutType.STRING },
    { name: 'Kind', inType: InType.UINT32, outType: OutType.UNSIGNEDINT, mapName: 'KindMap', length: 4 },
    { name: 'ParcelCount', inType: InType.UINT16, outType: OutType.UNSIGNEDSHORT, length: 2 },
    { name: 'TagLength', inType: InType.UINT8, outType: OutType.UNSIGNEDBYTE, length: 1 },
    { name: 'Tag', flags: 0x2, inType: InType.BINARY, outType: OutType.HEXBINARY, length: 3 },
    { name: 'Parcels', flags: 0x1 | 0x4, structStart: 6, memberCount: 2, count: 2 },
    { name: 'Weight', inType: InType.UINT32, outType: OutType.UNSIGNEDINT, length: 4 },
    { name: 'Code', inType: InType.ANSISTRING, outType: OutType.STRING, flags: 0x10, length: 2 },
  ],
  topLevelCount: 6,
};

describe('TRACE_EVENT_INFO → schema', () => {
  it('reads the descriptor, the names and every property as TDH lays them out', () => {
    const info = readTraceEventInfo(traceEventInfo(shipment));
    expect(info.providerGuid).toBe(PROVIDER);
    expect(info.descriptor).toEqual({ id: 7, version: 2, channel: 0, level: 4, opcode: 1, task: 3, keyword: 0x8000000000000010n });
    expect([info.providerName, info.taskName, info.opcodeName, info.levelName]).toEqual(['Contoso-Shipping', 'Shipment', 'win:Start', 'win:Informational']);
    expect(info.keywordNames).toEqual(['Parcels', 'win:ResponseTime']);
    expect(info.topLevelCount).toBe(6);
    expect(info.properties.map((p) => p.name)).toEqual(['Name', 'Kind', 'ParcelCount', 'TagLength', 'Tag', 'Parcels', 'Weight', 'Code']);
    expect(info.properties[5]).toMatchObject({ structStart: 6, memberCount: 2, count: 2, inType: 0, mapName: null });
  });

  it('turns structs, referenced counts and lengths, maps and standard names into the schema model', () => {
    const kind = readEventMapInfo(eventMapInfo({ name: 'KindMap', flag: 1, entries: [{ value: 1, text: 'Express ' }, { value: 2, text: 'Freight ' }] }));
    const made = eventInfoSchema(readTraceEventInfo(traceEventInfo(shipment)), (name) => (name === 'KindMap' ? kind : null));
    expect(made.key).toEqual({ kind: 'manifest', providerId: PROVIDER, id: 7, version: 2 });
    expect(made.missingMaps).toEqual([]);
    const s = made.schema;
    expect(s.source).toBe('manifest');
    expect([s.providerName, s.taskName, s.opcodeName, s.levelName]).toEqual(['Contoso-Shipping', 'Shipment', 'Start', 'Information']);
    expect(s.keywordNames).toEqual(['Parcels', 'Response Time']);
    // Integers keep no length (TDH states their byte size there); the binary's length is property 3.
    expect(s.properties[1]).toEqual({ name: 'Kind', inType: InType.UINT32, outType: OutType.UNSIGNEDINT, map: kind });
    expect(s.properties[4]!.length).toEqual({ ref: 3 });
    expect(s.properties[5]).toMatchObject({ name: 'Parcels', inType: InType.NULL, count: { ref: 2 } });
    expect(s.properties[5]!.members!.map((m) => m.name)).toEqual(['Weight', 'Code']);
    expect(s.properties[5]!.members![1]!.length).toEqual({ fixed: 2 });

    const payload = Buffer.concat([
      Buffer.from('Box\0', 'utf16le'), u32(2), u16(2), Buffer.from([3]), Buffer.from([0xde, 0xad, 0xbe]),
      u32(500), Buffer.from('AB'), u32(750), Buffer.from('CD'),
    ]);
    const decoded = compileSchema(s).decode(payload, ctx);
    expect(decoded.error).toBeNull();
    expect(decoded.trailingBytes).toBe(0);
    expect(Object.fromEntries(decoded.fields.map((f) => [f.name, f.value]))).toEqual({
      Name: 'Box', Kind: 'Freight', ParcelCount: 2, TagLength: 3, Tag: '0xDEADBE',
      Parcels: [{ Weight: 500, Code: 'AB' }, { Weight: 750, Code: 'CD' }],
    });
    // TDH's stored form (CR LF for %n, a trailing space) back to the manifest's.
    expect(s.message).toBe('Shipment %1\nof %3 parcels');
    expect(compileSchema(s).renderMessage(decoded.fields)).toBe('Shipment Box\nof 2 parcels');
  });

  it('names a map it does not know yet, and the property stays a number', () => {
    const made = eventInfoSchema(readTraceEventInfo(traceEventInfo(shipment)), () => null);
    expect(made.missingMaps).toEqual(['KindMap']);
    expect(made.schema.properties[1]!.map).toBeUndefined();
  });

  it('files a MOF (WMI) event under its class GUID, event type and version', () => {
    const classGuid = '99999999-8888-7777-6666-555555555555';
    const made = eventInfoSchema(readTraceEventInfo(traceEventInfo({
      provider: PROVIDER, eventGuid: classGuid, decodingSource: 1, opcode: 12, version: 3,
      properties: [{ name: 'Value', inType: InType.UINT32 }],
    })), () => null);
    expect(made.key).toEqual({ kind: 'mof', classGuid, eventType: 12, version: 3 });
    expect(made.schema.source).toBe('mof');
  });

  it('refuses what the model cannot hold: TraceLogging and WPP descriptions, a size held by a later property', () => {
    const one = [{ name: 'A', inType: InType.UINT32 }];
    expect(() => eventInfoSchema(readTraceEventInfo(traceEventInfo({ provider: PROVIDER, decodingSource: 3, properties: one })), () => null))
      .toThrow(EventInfoSchemaError);
    expect(() => eventInfoSchema(readTraceEventInfo(traceEventInfo({ provider: PROVIDER, decodingSource: 2, properties: one })), () => null))
      .toThrow(/decoding source 2/);
    const forward = traceEventInfo({
      provider: PROVIDER,
      properties: [{ name: 'Data', flags: 0x2, inType: InType.BINARY, length: 1 }, { name: 'Size', inType: InType.UINT16 }],
    });
    expect(() => eventInfoSchema(readTraceEventInfo(forward), () => null)).toThrow(/Data: its length is property 1/);
  });

  it('reports a damaged buffer with the offset at fault, never reading past it', () => {
    const good = traceEventInfo(shipment);
    expect(() => readTraceEventInfo(good.subarray(0, 100))).toThrow(/shorter than its 112-byte fixed part/);
    const tooMany = Buffer.from(good);
    tooMany.writeUInt32LE(5000, 100);
    expect(() => readTraceEventInfo(tooMany)).toThrow(/PropertyCount 5000 needs/);
    const badName = Buffer.from(good);
    badName.writeUInt32LE(good.length + 10, 52);
    expect(() => readTraceEventInfo(badName)).toThrow(TdhBlobError);
    expect(() => readTraceEventInfo(badName)).toThrow(`(offset ${good.length + 10})`);
    // Cut inside the last string: no terminating NUL.
    expect(() => readTraceEventInfo(good.subarray(0, good.length - 2))).toThrow(/has no terminating NUL/);
    const loop = traceEventInfo({ provider: PROVIDER, properties: [{ name: 'S', flags: 1, structStart: 0, memberCount: 1 }] });
    expect(() => eventInfoSchema(readTraceEventInfo(loop), () => null)).toThrow(/member of more than one struct \(or of itself\)/);
    // 40 structs sharing the same 39 members would be 39^n conversions: refused at once.
    const shared = traceEventInfo({
      provider: PROVIDER, topLevelCount: 1,
      properties: Array.from({ length: 40 }, (_, i) => ({ name: `S${i}`, flags: 1, structStart: 1, memberCount: 39 })),
    });
    expect(() => eventInfoSchema(readTraceEventInfo(shared), () => null)).toThrow(/more than one struct/);
  });
});

describe('EVENT_MAP_INFO → map', () => {
  it('reads value maps and bitmaps, trimming the space TDH leaves after each name', () => {
    expect(readEventMapInfo(eventMapInfo({ name: 'Flags', flag: 2, entries: [{ value: 1, text: 'A ' }, { value: 4, text: 'C ' }] })))
      .toEqual({ name: 'Flags', kind: 'bitmap', entries: [{ value: 1, text: 'A' }, { value: 4, text: 'C' }] });
    expect(readEventMapInfo(eventMapInfo({ name: 'V', flag: 1, entries: [{ value: 0, text: 'Zero' }] })).kind).toBe('value');
  });

  it('reads WMI maps whose values are strings, leaving out values that are not numbers', () => {
    const m = readEventMapInfo(eventMapInfo({ name: 'W', flag: 8, entries: [{ value: '0x10', text: 'Sixteen' }, { value: 'abc', text: 'X' }, { value: '3', text: 'Three' }] }));
    expect(m.entries).toEqual([{ value: 16, text: 'Sixteen' }, { value: 3, text: 'Three' }]);
  });

  it('reports an entry count the buffer cannot hold', () => {
    const b = eventMapInfo({ name: 'V', flag: 1, entries: [{ value: 0, text: 'Zero' }] });
    b.writeUInt32LE(1000, 8);
    expect(() => readEventMapInfo(b)).toThrow(/EntryCount 1000 needs/);
  });
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
