/**
 * Builds TRACE_EVENT_INFO and EVENT_MAP_INFO buffers laid out as TDH returns
 * them (fixed part, property array, then the UTF-16 strings the offsets point
 * to), for the cases the corpus's EventMetadata events lack: structs, counts and
 * lengths held by other properties, MOF decoding, damaged blobs.
 */
import { writeGuid } from '../../src/etw/etl/bytes.js';

export interface PropertySpec {
  name: string;
  flags?: number;
  inType?: number;
  outType?: number;
  mapName?: string;
  /** For a struct (flags 0x1): first member index and member count. */
  structStart?: number;
  memberCount?: number;
  count?: number;
  length?: number;
}

export interface EventInfoSpec {
  provider: string;
  eventGuid?: string;
  id?: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keyword?: bigint;
  decodingSource?: number;
  providerName?: string;
  levelName?: string;
  channelName?: string;
  keywords?: string[];
  taskName?: string;
  opcodeName?: string;
  message?: string;
  eventName?: string;
  properties: PropertySpec[];
  topLevelCount?: number;
  flags?: number;
}

/** Appends NUL-terminated UTF-16 strings after a fixed part and hands out their offsets. */
class StringArea {
  private readonly parts: Buffer[] = [];
  private size: number;
  constructor(base: number) {
    this.size = base;
  }

  add(text: string | undefined): number {
    if (text === undefined) return 0;
    const at = this.size;
    const b = Buffer.concat([Buffer.from(text, 'utf16le'), Buffer.alloc(2)]);
    this.parts.push(b);
    this.size += b.length;
    return at;
  }

  /** A list of strings ended by an empty one (TRACE_EVENT_INFO KeywordsName). */
  addList(items: string[] | undefined): number {
    if (items === undefined) return 0;
    const at = this.size;
    for (const s of items) this.add(s);
    this.add('');
    return at;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export function traceEventInfo(e: EventInfoSpec): Buffer {
  const fixed = 112 + 24 * e.properties.length;
  const head = Buffer.alloc(fixed);
  const strings = new StringArea(fixed);
  writeGuid(head, 0, e.provider);
  writeGuid(head, 16, e.eventGuid ?? '00000000-0000-0000-0000-000000000000');
  head.writeUInt16LE(e.id ?? 0, 32);
  head[34] = e.version ?? 0;
  head[35] = e.channel ?? 0;
  head[36] = e.level ?? 0;
  head[37] = e.opcode ?? 0;
  head.writeUInt16LE(e.task ?? 0, 38);
  head.writeBigUInt64LE(e.keyword ?? 0n, 40);
  head.writeUInt32LE(e.decodingSource ?? 0, 48);
  head.writeUInt32LE(strings.add(e.providerName), 52);
  head.writeUInt32LE(strings.add(e.levelName), 56);
  head.writeUInt32LE(strings.add(e.channelName), 60);
  head.writeUInt32LE(strings.addList(e.keywords), 64);
  head.writeUInt32LE(strings.add(e.taskName), 68);
  head.writeUInt32LE(strings.add(e.opcodeName), 72);
  head.writeUInt32LE(strings.add(e.message), 76);
  head.writeUInt32LE(strings.add(e.eventName), 92);
  head.writeUInt32LE(e.properties.length, 100);
  head.writeUInt32LE(e.topLevelCount ?? e.properties.length, 104);
  head.writeUInt32LE(e.flags ?? 1, 108);
  e.properties.forEach((p, i) => {
    const at = 112 + 24 * i;
    const flags = p.flags ?? 0;
    head.writeUInt32LE(flags, at);
    head.writeUInt32LE(strings.add(p.name), at + 4);
    if (flags & 1) {
      head.writeUInt16LE(p.structStart ?? 0, at + 8);
      head.writeUInt16LE(p.memberCount ?? 0, at + 10);
    } else {
      head.writeUInt16LE(p.inType ?? 0, at + 8);
      head.writeUInt16LE(p.outType ?? 0, at + 10);
      head.writeUInt32LE(strings.add(p.mapName), at + 12);
    }
    head.writeUInt16LE(p.count ?? 1, at + 16);
    head.writeUInt16LE(p.length ?? 0, at + 18);
  });
  return Buffer.concat([head, strings.bytes()]);
}

export interface MapInfoSpec {
  name: string;
  /** MAP_FLAGS: 1 valueMap, 2 bitMap, … */
  flag: number;
  entries: { value: number | string; text: string }[];
}

/** An EVENT_MAP_INFO; string values (WMI maps) when any entry value is a string. */
export function eventMapInfo(m: MapInfoSpec): Buffer {
  const fixed = 16 + 8 * m.entries.length;
  const head = Buffer.alloc(fixed);
  const strings = new StringArea(fixed);
  const stringValues = m.entries.some((e) => typeof e.value === 'string');
  head.writeUInt32LE(strings.add(m.name), 0);
  head.writeUInt32LE(m.flag, 4);
  head.writeUInt32LE(m.entries.length, 8);
  head.writeUInt32LE(stringValues ? 1 : 0, 12);
  m.entries.forEach((e, i) => {
    head.writeUInt32LE(strings.add(e.text), 16 + 8 * i);
    head.writeUInt32LE(stringValues ? strings.add(String(e.value)) : (e.value as number), 20 + 8 * i);
  });
  return Buffer.concat([head, strings.bytes()]);
}

/** The payload of an EventMetadata type-33 event: provider GUID, then the map. */
export function eventMapInfoPayload(provider: string, m: MapInfoSpec): Buffer {
  const g = Buffer.alloc(16);
  writeGuid(g, 0, provider);
  return Buffer.concat([g, eventMapInfo(m)]);
}
