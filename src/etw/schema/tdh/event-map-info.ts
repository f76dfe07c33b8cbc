/**
 * EVENT_MAP_INFO, the buffer TdhGetEventMapInformation fills in (and that
 * KernelTraceControl EventMetadata type 33 carries after a provider GUID), read
 * from its bytes into the schema model's MapDef.
 *
 * Layout (tdh.h; string offsets count from the start of the structure):
 *   0 NameOffset, 4 Flag (MAP_FLAGS), 8 EntryCount,
 *   12 MapEntryValueType (0 = ULONG values, 1 = string values) or FormatStringOffset,
 *   16 EntryCount × EVENT_MAP_ENTRY { 0 OutputOffset, 4 Value (or InputOffset of a string value) }.
 * MAP_FLAGS: 1 manifest valueMap, 2 manifest bitMap, 4 manifest patternMap,
 * 8 WMI ValueMap, 16 WMI BitMap, 32 WMI flag, 64 WMI "no map".
 * TDH leaves a trailing space on entry names that come from a message table;
 * they are trimmed, so the names equal the manifest's.
 */
import type { MapDef, MapEntry } from '../event-schema.js';
import { BlobReader, TdhBlobError } from './blob-reader.js';

export const EVENT_MAP_INFO_FIXED_SIZE = 16;
export const EVENT_MAP_ENTRY_SIZE = 8;

export const MapFlag = {
  MANIFEST_VALUEMAP: 1, MANIFEST_BITMAP: 2, MANIFEST_PATTERNMAP: 4,
  WBEM_VALUEMAP: 8, WBEM_BITMAP: 16, WBEM_FLAG: 32, WBEM_NO_MAP: 64,
} as const;

export const MapValueType = { ULONG: 0, STRING: 1 } as const;

/**
 * Read an EVENT_MAP_INFO buffer into a map definition. A pattern map (its
 * entries are text patterns, not values) and entries whose input is a
 * non-numeric string cannot be expressed as value → text and are left out.
 */
export function readEventMapInfo(bytes: Buffer): MapDef {
  const r = new BlobReader(bytes, 'EVENT_MAP_INFO');
  if (bytes.length < EVENT_MAP_INFO_FIXED_SIZE) {
    throw new TdhBlobError('EVENT_MAP_INFO', 0, `${bytes.length} bytes is shorter than its ${EVENT_MAP_INFO_FIXED_SIZE}-byte fixed part`);
  }
  const name = r.string(r.u32(0, 'NameOffset'), 'map name') ?? '';
  const flag = r.u32(4, 'Flag');
  const count = r.u32(8, 'EntryCount');
  const valueType = r.u32(12, 'MapEntryValueType');
  const end = EVENT_MAP_INFO_FIXED_SIZE + count * EVENT_MAP_ENTRY_SIZE;
  if (end > bytes.length) throw new TdhBlobError('EVENT_MAP_INFO', 8, `EntryCount ${count} needs ${end} bytes, the buffer has ${bytes.length}`);
  const bitmap = (flag & (MapFlag.MANIFEST_BITMAP | MapFlag.WBEM_BITMAP | MapFlag.WBEM_FLAG)) !== 0;
  const entries: MapEntry[] = [];
  if ((flag & MapFlag.MANIFEST_PATTERNMAP) === 0) {
    for (let i = 0; i < count; i++) {
      const at = EVENT_MAP_INFO_FIXED_SIZE + i * EVENT_MAP_ENTRY_SIZE;
      const text = (r.string(r.u32(at, 'OutputOffset'), `text of map entry ${i}`) ?? '').trimEnd();
      let value: number;
      if (valueType === MapValueType.STRING) {
        const input = r.string(r.u32(at + 4, 'InputOffset'), `value of map entry ${i}`) ?? '';
        if (!/^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(input)) continue;
        value = Number(input.trim());
      } else {
        value = r.u32(at + 4, 'Value');
      }
      entries.push({ value, text });
    }
  }
  return { name, kind: bitmap ? 'bitmap' : 'value', entries };
}
