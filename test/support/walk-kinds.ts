/**
 * Payload pieces and the property list the walk-code tests of every writer
 * share (json-field-writer.test.ts, xml-csv-field-code.test.ts): little-endian
 * integers, NUL-terminated UTF-16 text, and the fields every writer's code must
 * handle — fixed-size integers first (one bounded run, its last two with a value
 * map and a bit map), then pointer, GUID, strings and an error code. Each test
 * appends the kinds only it covers.
 */
import { InType, OutType, type MapDef, type PropertyDef } from '../../src/etw/schema/event-schema.js';

/** `n` as `bytes` little-endian bytes (two's complement). */
export const le = (bytes: number, n: bigint): Buffer => {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Number((BigInt.asUintN(64, n) >> BigInt(8 * i)) & 0xffn);
  return b;
};

/** UTF-16LE text with its NUL. */
export const u16z = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);

/** H64 … Fixed: integers of each size and sign, mapped ones, a pointer, a GUID, strings and an HRESULT. */
export function sharedWalkProps(values: MapDef, flags: MapDef): PropertyDef[] {
  return [
    { name: 'H64', inType: InType.UINT64, outType: OutType.HEXINT64 },
    { name: 'U64', inType: InType.UINT64, outType: 0 },
    { name: 'I64', inType: InType.INT64, outType: 0 },
    { name: 'H32', inType: InType.UINT32, outType: OutType.HEXINT32 },
    { name: 'I32', inType: InType.INT32, outType: 0 },
    { name: 'H16', inType: InType.UINT16, outType: OutType.HEXINT16 },
    { name: 'I8', inType: InType.INT8, outType: 0 },
    { name: 'Kind', inType: InType.UINT32, outType: 0, map: values },
    { name: 'Flags', inType: InType.UINT16, outType: OutType.HEXINT16, map: flags },
    { name: 'Ptr', inType: InType.POINTER, outType: 0 },
    { name: 'G', inType: InType.GUID, outType: 0 },
    { name: 'S', inType: InType.UNICODESTRING, outType: 0 },
    { name: 'Err', inType: InType.UINT32, outType: OutType.HRESULT },
    { name: 'Fixed', inType: InType.UNICODESTRING, outType: 0, length: { fixed: 3 } },
  ];
}
