/**
 * TraceLogging (self-describing) events, docs/architecture.md F6: the provider traits
 * blob (ext item 12) and the event metadata blob (ext item 11) parsed into an
 * EventSchema on TDH's numbering, and a cache of compiled layouts keyed by the
 * raw metadata bytes (TraceLogging events share id 0, and one event name can
 * carry several layouts).
 */
import { noLabels } from '../types.js';
import type { EtlRecord } from '../../etl/record.js';
import { InType, OutType, type EventSchema, type PropertyDef } from '../event-schema.js';
import { compileSchema, type CompiledSchema } from '../payload-decoder.js';

export const EXT_EVENT_SCHEMA_TL = 11;
export const EXT_PROV_TRAITS = 12;

/** The metadata blob could not be parsed. */
export class TraceLoggingMetadataError extends Error {}

/** TlgIn* values that are not TDH in-types of the same number. */
const TLG_IN_BOOL32 = 13;
const TLG_IN_BINARY = 14;
const TLG_IN_STRUCT = 24;

/** TlgOut* (7 bits) — a numbering of its own, mapped here onto TDH out-types. */
const TlgOut = {
  DEFAULT: 0, NOPRINT: 1, STRING: 2, BOOLEAN: 3, HEX: 4, PID: 5, TID: 6, PORT: 7, IPV4: 8, IPV6: 9,
  SOCKETADDRESS: 10, XML: 11, JSON: 12, WIN32ERROR: 13, NTSTATUS: 14, HRESULT: 15, FILETIME: 16,
  SIGNED: 17, UNSIGNED: 18, DATETIME_CULTURE_INSENSITIVE: 33, UTF8: 35, PKCS7_WITH_TYPE_INFO: 36,
  CODE_POINTER: 37, DATETIME_UTC: 38,
} as const;

/** Element size of the integer TlgIn types (for HEX/SIGNED/UNSIGNED out-types). */
function tlIntSize(tlIn: number): number {
  switch (tlIn) {
    case 3: case 4: return 1;
    case 5: case 6: return 2;
    case 7: case 8: case 13: case 20: return 4;
    case 9: case 10: case 21: case 16: return 8;
    default: return 0;
  }
}

function tdhInType(tlIn: number): number {
  if (tlIn === TLG_IN_BOOL32) return InType.BOOLEAN;
  if (tlIn === TLG_IN_BINARY) return InType.MANIFEST_COUNTEDBINARY; // TL BINARY is u16-length-prefixed
  if (tlIn >= 1 && tlIn <= 23 && tlIn !== 16) return tlIn; // 1–21 and 22/23 share TDH's numbers
  if (tlIn === 16) return InType.POINTER;
  if (tlIn === 25) return InType.MANIFEST_COUNTEDBINARY;
  return -1;
}

function tdhOutType(tlOut: number, tlIn: number): number {
  const size = tlIntSize(tlIn);
  switch (tlOut) {
    case TlgOut.DEFAULT: return OutType.NULL;
    case TlgOut.NOPRINT: return OutType.NOPRINT;
    case TlgOut.STRING: return OutType.STRING;
    case TlgOut.BOOLEAN: return OutType.BOOLEAN;
    case TlgOut.HEX: return size === 1 ? OutType.HEXINT8 : size === 2 ? OutType.HEXINT16 : size === 4 ? OutType.HEXINT32 : OutType.HEXINT64;
    case TlgOut.PID: return OutType.PID;
    case TlgOut.TID: return OutType.TID;
    case TlgOut.PORT: return OutType.PORT;
    case TlgOut.IPV4: return OutType.IPV4;
    case TlgOut.IPV6: return OutType.IPV6;
    case TlgOut.SOCKETADDRESS: return OutType.SOCKETADDRESS;
    case TlgOut.XML: return OutType.XML;
    case TlgOut.JSON: return OutType.JSON;
    case TlgOut.WIN32ERROR: return OutType.WIN32ERROR;
    case TlgOut.NTSTATUS: return OutType.NTSTATUS;
    case TlgOut.HRESULT: return OutType.HRESULT;
    case TlgOut.FILETIME: return OutType.DATETIME;
    case TlgOut.SIGNED: return size === 1 ? OutType.BYTE : size === 2 ? OutType.SHORT : size === 4 ? OutType.INT : OutType.LONG;
    case TlgOut.UNSIGNED: return size === 1 ? OutType.UNSIGNEDBYTE : size === 2 ? OutType.UNSIGNEDSHORT : size === 4 ? OutType.UNSIGNEDINT : OutType.UNSIGNEDLONG;
    case TlgOut.DATETIME_CULTURE_INSENSITIVE: return OutType.CULTURE_INSENSITIVE_DATETIME;
    case TlgOut.UTF8: return OutType.UTF8;
    case TlgOut.PKCS7_WITH_TYPE_INFO: return OutType.PKCS7_WITH_TYPE_INFO;
    case TlgOut.CODE_POINTER: return OutType.CODE_POINTER;
    case TlgOut.DATETIME_UTC: return OutType.DATETIME_UTC;
    default: return OutType.NULL; // unknown → the in-type's default (docs/architecture.md F8)
  }
}

/** One field as the metadata lists it (structs not yet nested). */
interface TlField {
  name: string;
  tlIn: number;
  tlOut: number;
  /** 0x00 scalar, 0x20 constant count, 0x40 variable count, 0x60 custom schema. */
  arity: number;
  constCount: number;
  tags: number;
}

/** Reads the blob front to back; every read checks the blob's bounds. */
class MetaCursor {
  pos: number;
  constructor(readonly b: Buffer, start: number, readonly end: number) { this.pos = start; }

  u8(what: string): number {
    if (this.pos >= this.end) throw new TraceLoggingMetadataError(`metadata ends inside ${what}`);
    return this.b[this.pos++]!;
  }

  u16(what: string): number {
    if (this.pos + 2 > this.end) throw new TraceLoggingMetadataError(`metadata ends inside ${what}`);
    const v = this.b.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  /** NUL-terminated UTF-8. */
  cstr(what: string): string {
    const z = this.b.indexOf(0, this.pos);
    if (z < 0 || z >= this.end) throw new TraceLoggingMetadataError(`unterminated ${what}`);
    const s = this.b.toString('utf8', this.pos, z);
    this.pos = z + 1;
    return s;
  }

  /** 7-bit chained tags, most significant group first (docs/architecture.md F6). */
  tags(what: string): number {
    let tags = 0;
    let shift = 21;
    for (let i = 0; i < 4; i++) {
      const byte = this.u8(what);
      tags |= (byte & 0x7f) << shift;
      shift -= 7;
      if ((byte & 0x80) === 0) break;
    }
    return tags >>> 0;
  }
}

/** Provider name from the traits blob (item 12): u16 size, then a NUL-terminated UTF-8 name. */
export function parseProviderTraitsName(traits: Buffer): string | null {
  if (traits.length < 3) return null;
  const end = Math.min(traits.length, traits.readUInt16LE(0));
  const z = traits.indexOf(0, 2);
  return traits.toString('utf8', 2, z < 0 || z > end ? end : z);
}

function readFields(c: MetaCursor): TlField[] {
  const fields: TlField[] = [];
  while (c.pos < c.end) {
    const name = c.cstr('field name');
    const inMeta = c.u8(`type of field ${name}`);
    let tlOut = 0, tags = 0;
    if (inMeta & 0x80) {
      const outMeta = c.u8(`out-type of field ${name}`);
      tlOut = outMeta & 0x7f;
      if (outMeta & 0x80) tags = c.tags(`tags of field ${name}`);
    }
    const arity = inMeta & 0x60;
    let constCount = 0;
    if (arity === 0x20) constCount = c.u16(`count of field ${name}`);
    else if (arity === 0x60) {
      const cb = c.u16(`custom schema size of field ${name}`);
      if (c.pos + cb > c.end) throw new TraceLoggingMetadataError(`custom schema of field ${name} runs past the metadata`);
      c.pos += cb;
    }
    fields.push({ name, tlIn: inMeta & 0x1f, tlOut, arity, constCount, tags });
  }
  return fields;
}

/**
 * Turn `count` fields starting at fields[at] into properties, nesting structs
 * (a struct's out-type holds how many following fields belong to it). A
 * variable-count array gets a hidden u16 `<name>.Count` property in front of
 * it, which is how the payload carries the count. Returns the next field index.
 */
function buildProperties(fields: TlField[], at: number, count: number, out: PropertyDef[]): number {
  let i = at;
  for (let n = 0; n < count; n++) {
    const f = fields[i++];
    if (f === undefined) throw new TraceLoggingMetadataError('a struct claims more fields than the metadata has');
    const prop: PropertyDef = { name: f.name, inType: InType.NULL, outType: OutType.NULL, tags: f.tags };
    if (f.tlIn === TLG_IN_STRUCT) {
      if (f.tlOut === 0) throw new TraceLoggingMetadataError(`struct ${f.name} has no fields`);
      const members: PropertyDef[] = [];
      i = buildProperties(fields, i, f.tlOut, members);
      prop.members = members;
    } else if (f.arity === 0x60) {
      prop.inType = InType.MANIFEST_COUNTEDBINARY; // custom schema: u16 byte count + bytes (UNCONFIRMED payload form)
    } else {
      const t = tdhInType(f.tlIn);
      if (t < 0) throw new TraceLoggingMetadataError(`field ${f.name} has unknown TraceLogging in-type ${f.tlIn}`);
      prop.inType = t;
      prop.outType = tdhOutType(f.tlOut, f.tlIn);
      if (prop.outType === OutType.NOPRINT) prop.noPrint = true;
    }
    if (f.arity === 0x20) prop.count = { fixed: f.constCount };
    else if (f.arity === 0x40) {
      out.push({ name: `${f.name}.Count`, inType: InType.UINT16, outType: OutType.NULL, noPrint: true });
      prop.count = { ref: out.length - 1 };
    }
    out.push(prop);
  }
  return i;
}

/** Parse an event metadata blob (item 11) into an EventSchema (throws TraceLoggingMetadataError). */
export function parseTraceLoggingSchema(meta: Buffer, traits: Buffer | null, providerId: string): EventSchema {
  if (meta.length < 3) throw new TraceLoggingMetadataError('event metadata shorter than 3 bytes');
  const total = meta.readUInt16LE(0);
  const c = new MetaCursor(meta, 2, Math.min(total, meta.length));
  c.tags('event tags');
  const eventName = c.cstr('event name');
  const fields = readFields(c);
  const properties: PropertyDef[] = [];
  let i = 0;
  while (i < fields.length) i = buildProperties(fields, i, 1, properties);
  return {
    ...noLabels(),
    source: 'tracelogging',
    providerId,
    providerName: traits ? parseProviderTraitsName(traits) : null,
    eventName,
    // TDH gives a TraceLogging event's name as its task name (these events have no task of their own),
    // which is how tracerpt shows it: RenderingInfo <Task> and the CSV Event Name column.
    taskName: eventName,
    message: null,
    properties,
    userDataElement: null,
  };
}

/** One cached layout: the exact bytes it was built from (copies) and what they compile to. */
interface TlEntry {
  pid: string;
  meta: Buffer;
  traits: Buffer | null;
  hit: CompiledSchema | TraceLoggingMetadataError;
}

/** Same bytes (lengths already known equal). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  const n = a.length;
  if (n > 64) return a.equals(b);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A cheap hash of a metadata blob: its length and a few u32s spread over it
 * (the event name and the first field names sit at the front). Entries with the
 * same hash are told apart by a full byte compare.
 */
function metaHash(m: Buffer, traitsLen: number): number {
  const n = m.length;
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(traitsLen + 1, 0xc2b2ae35);
  if (n >= 8) {
    h = Math.imul(h ^ m.readUInt32LE((n >>> 1) & ~3), 0x27d4eb2d);
    h = Math.imul(h ^ m.readUInt32LE(4), 0x165667b1);
    h = Math.imul(h ^ m.readUInt32LE(n - 4), 0x85ebca6b);
    if (n >= 16) h = Math.imul(h ^ m.readUInt32LE(8), 0xc2b2ae35);
    if (n >= 24) h = Math.imul(h ^ m.readUInt32LE(n - 8), 0x27d4eb2d);
  } else {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ m[i]!, 0x01000193);
  }
  return (h ^ (h >>> 15)) | 0;
}

/** Compiled TraceLogging layouts, keyed by provider + the raw bytes of items 11 and 12. */
export class TraceLoggingSchemas {
  private readonly cache = new Map<number, TlEntry[]>();
  private count = 0;
  /** The entry the previous lookup found (TraceLogging events come in runs of one layout). */
  private last: TlEntry | null = null;

  get size(): number {
    return this.count;
  }

  /** The compiled layout of a TraceLogging record; null when the record has no item 11; an error when it is malformed. */
  lookup(record: EtlRecord): CompiledSchema | TraceLoggingMetadataError | null {
    const ext = record.extended;
    if (ext.length === 0) return null;
    let meta: Buffer | null = null, traits: Buffer | null = null;
    for (let k = 0; k < ext.length; k++) {
      const t = ext[k]!.type;
      if (t === EXT_EVENT_SCHEMA_TL) meta = ext[k]!.data;
      else if (t === EXT_PROV_TRAITS) traits = ext[k]!.data;
    }
    if (meta === null) return null;
    const pid = record.providerId ?? '';
    const last = this.last;
    if (last !== null && matches(last, pid, meta, traits)) return last.hit;
    const h = metaHash(meta, traits === null ? -1 : traits.length);
    let bucket = this.cache.get(h);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const e = bucket[i]!;
        if (matches(e, pid, meta, traits)) { this.last = e; return e.hit; }
      }
    } else {
      this.cache.set(h, (bucket = []));
    }
    let hit: CompiledSchema | TraceLoggingMetadataError;
    try {
      hit = compileSchema(parseTraceLoggingSchema(meta, traits, pid));
    } catch (e) {
      if (!(e instanceof TraceLoggingMetadataError)) throw e;
      hit = e;
    }
    const entry: TlEntry = { pid, meta: Buffer.from(meta), traits: traits === null ? null : Buffer.from(traits), hit };
    bucket.push(entry);
    this.count++;
    this.last = entry;
    return hit;
  }
}

function matches(e: TlEntry, pid: string, meta: Buffer, traits: Buffer | null): boolean {
  if (e.meta.length !== meta.length) return false;
  const et = e.traits;
  if (et === null ? traits !== null : traits === null || et.length !== traits.length) return false;
  if (!sameBytes(e.meta, meta)) return false;
  if (et !== null && !sameBytes(et, traits!)) return false;
  return e.pid === pid;
}
