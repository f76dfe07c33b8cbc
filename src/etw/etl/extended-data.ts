/**
 * EVENT_HEADER extended data items (docs/architecture.md F5): the on-disk chain and
 * the decoding of the item types the spec defines.
 */
import type { ExtendedItem } from './record.js';
import { readGuid } from './bytes.js';
import { formatSid } from './sid.js';

const NAMES: Record<number, string> = {
  1: 'RELATED_ACTIVITYID', 2: 'SID', 3: 'TS_ID', 4: 'INSTANCE_INFO', 5: 'STACK_TRACE32',
  6: 'STACK_TRACE64', 7: 'PEBS_INDEX', 8: 'PMC_COUNTERS', 9: 'PSM_KEY', 10: 'EVENT_KEY',
  11: 'EVENT_SCHEMA_TL', 12: 'PROV_TRAITS', 13: 'PROCESS_START_KEY', 14: 'CONTROL_GUID',
  15: 'QPC_DELTA', 16: 'CONTAINER_ID', 17: 'STACK_KEY32', 18: 'STACK_KEY64',
};

export function extTypeName(type: number): string {
  return NAMES[type] ?? `TYPE_0x${type.toString(16).padStart(4, '0')}`;
}

function decodeValue(type: number, d: Buffer): unknown {
  const n = d.length;
  switch (type) {
    case 1: case 14: case 16:
      return n >= 16 ? readGuid(d, 0) : null;
    case 2:
      return formatSid(d, 0, n);
    case 3:
      return n >= 4 ? d.readUInt32LE(0) : null;
    case 4:
      return n >= 24 ? { instanceId: d.readUInt32LE(0), parentInstanceId: d.readUInt32LE(4), parentGuid: readGuid(d, 8) } : null;
    case 5: case 6: {
      if (n < 8) return null;
      const w = type === 5 ? 4 : 8;
      const frames: string[] = [];
      for (let o = 8; o + w <= n; o += w) {
        frames.push('0x' + (w === 4 ? d.readUInt32LE(o).toString(16) : d.readBigUInt64LE(o).toString(16)));
      }
      return { matchId: d.readBigUInt64LE(0).toString(), frames };
    }
    case 7: case 9: case 10: case 13: case 15:
      return n >= 8 ? d.readBigUInt64LE(0).toString() : null;
    case 8: {
      const out: string[] = [];
      for (let o = 0; o + 8 <= n; o += 8) out.push(d.readBigUInt64LE(o).toString());
      return out;
    }
    case 17:
      return n >= 12 ? { matchId: d.readBigUInt64LE(0).toString(), stackKey: d.readUInt32LE(8).toString() } : null;
    case 18:
      return n >= 16 ? { matchId: d.readBigUInt64LE(0).toString(), stackKey: d.readBigUInt64LE(8).toString() } : null;
    default:
      return null; // 11/12 are decoded by the TraceLogging schema source; unknown types are kept as bytes
  }
}

/** One item from its type and data (the chain in a file, or an EVENT_HEADER_EXTENDED_DATA_ITEM delivered live). */
export function extendedItem(type: number, data: Buffer): ExtendedItem {
  return { type, name: extTypeName(type), data, value: decodeValue(type, data) };
}

/**
 * Parse the item chain in `b[start, end)`. Returns the items and the offset where
 * user data begins. Stops at Linkage = 0 or when an item would cross `end`.
 */
export function parseExtendedItems(b: Buffer, start: number, end: number): { items: ExtendedItem[]; dataStart: number; damaged: boolean } {
  const items: ExtendedItem[] = [];
  let pos = start;
  for (;;) {
    if (pos + 8 > end) return { items, dataStart: Math.min(pos, end), damaged: true };
    const itemSize = b.readUInt16LE(pos);
    const type = b.readUInt16LE(pos + 2);
    const linkage = b.readUInt16LE(pos + 4) & 1;
    const dataSize = b.readUInt16LE(pos + 6);
    const step = itemSize >= 8 && itemSize >= 8 + dataSize ? itemSize : (8 + dataSize + 7) & ~7;
    if (pos + 8 + dataSize > end) return { items, dataStart: Math.min(pos, end), damaged: true };
    items.push(extendedItem(type, b.subarray(pos + 8, pos + 8 + dataSize)));
    pos += step;
    if (!linkage) return { items, dataStart: Math.min(pos, end), damaged: false };
  }
}
