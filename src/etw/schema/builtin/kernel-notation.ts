/**
 * The compact notation the built-in NT kernel class tables are written in, and
 * the builder that turns one class table into EventSchemas filed like the
 * classes of a kernel MOF file: class GUID + event type + EventVersion, with the
 * labels tracerpt shows (task = the class's display name such as `Process`,
 * opcode = the event type's name such as `DCStart`, provider `MSNT_SystemTrace`).
 *
 * A layout's fields are one string of `Name:type` items separated by spaces,
 * in payload order. Types (each the property model a MOF declaration of that
 * shape compiles to, so a layout decodes exactly as the kernel MOF does):
 *
 *   u8 u16 u32 u64, i8 i16 i32 i64   little-endian integers
 *   x8 x16 x32 x64                   unsigned integers shown in hex (MOF format("x"))
 *   ptr, xptr                        pointer-sized: 4 or 8 bytes as the record's header says; xptr shown in hex
 *   sizet                            pointer-sized count (MOF extension SizeT)
 *   bool8                            one byte shown as true/false
 *   sid                              the kernel's TOKEN_USER (two pointers) then a SID, or 4 zero bytes (extension Sid)
 *   guid                             16-byte GUID
 *   time                             64-bit session-clock time, shown as a date (extension WmiTime)
 *   ipaddr, ipv4                     IPv4 address in a 32-bit field (extensions IPAddr / IPAddrV4)
 *   ipv6                             16-byte IPv6 address (extension IPAddrV6)
 *   port                             16-bit port in network byte order (extension Port)
 *   astr, wstr                       8-bit / UTF-16 string, NUL-terminated unless a length is given
 *   wchar                            one UTF-16 code unit (arrays of them are shown as characters)
 *   {A:t B:t …}                      a structure of the members given
 *
 * Suffixes: `(N)` a string of exactly N characters; `[N]` an array of N
 * elements, `[Field]` as many as an earlier field says; `!` read but not shown
 * (MOF extension NoPrint). `Name1..N:type` stands for N fields Name1, Name2, …
 * NameN of that type.
 */
import { KERNEL_PROVIDER_GUID } from '../../etl/kernel-groups.js';
import { InType, OutType, type EventSchema, type PropertyDef } from '../event-schema.js';
import { noLabels } from '../types.js';

const KERNEL_PROVIDER_NAME = 'MSNT_SystemTrace';

/** One layout of a class: [EventVersion, { event type: event type name }, fields]. */
export type KernelLayout = readonly [version: number, types: Readonly<Record<number, string>>, fields: string];

/** One built-in layout, filed like a MOF event-type class. */
export interface KernelEvent {
  /** Lower-case class GUID without braces (what EtlRecord.providerId holds for the class). */
  classGuid: string;
  eventType: number;
  version: number;
  schema: EventSchema;
}

/** A class table: its display name, class GUID and layouts. */
export interface KernelClass {
  readonly name: string;
  readonly guid: string;
  readonly layouts: readonly KernelLayout[];
}

export function kernelClass(name: string, guid: string, layouts: readonly KernelLayout[]): KernelClass {
  return { name, guid, layouts };
}

/** The base types: in-type, out-type and the MOF hint the property carries. */
const BASE: Record<string, Omit<PropertyDef, 'name'>> = {
  u8: { inType: InType.UINT8, outType: 0 },
  u16: { inType: InType.UINT16, outType: 0 },
  u32: { inType: InType.UINT32, outType: 0 },
  u64: { inType: InType.UINT64, outType: 0 },
  i8: { inType: InType.INT8, outType: 0 },
  i16: { inType: InType.INT16, outType: 0 },
  i32: { inType: InType.INT32, outType: 0 },
  i64: { inType: InType.INT64, outType: 0 },
  x8: { inType: InType.UINT8, outType: OutType.HEXINT8, format: 'x' },
  x16: { inType: InType.UINT16, outType: OutType.HEXINT16, format: 'x' },
  x32: { inType: InType.UINT32, outType: OutType.HEXINT32, format: 'x' },
  x64: { inType: InType.UINT64, outType: OutType.HEXINT64, format: 'x' },
  ptr: { inType: InType.POINTER, outType: 0 },
  xptr: { inType: InType.POINTER, outType: 0, format: 'x' },
  sizet: { inType: InType.SIZET, outType: 0, extension: 'SizeT' },
  bool8: { inType: InType.UINT8, outType: OutType.BOOLEAN },
  sid: { inType: InType.WBEMSID, outType: 0, extension: 'Sid' },
  guid: { inType: InType.GUID, outType: 0, extension: 'Guid' },
  time: { inType: InType.UINT64, outType: OutType.ETWTIME, extension: 'WmiTime' },
  ipaddr: { inType: InType.UINT32, outType: OutType.IPV4, extension: 'IPAddr' },
  ipv4: { inType: InType.UINT32, outType: OutType.IPV4, extension: 'IPAddrV4' },
  ipv6: { inType: InType.BINARY, outType: OutType.IPV6, length: { fixed: 16 }, extension: 'IPAddrV6' },
  port: { inType: InType.UINT16, outType: OutType.PORT, extension: 'Port' },
  astr: { inType: InType.ANSISTRING, outType: 0 },
  wstr: { inType: InType.UNICODESTRING, outType: 0 },
  wchar: { inType: InType.UNICODECHAR, outType: 0 },
};

/** `Name:type(len)[count]!`; a structure type is `{…}` (members without braces of their own). */
const ITEM = /([A-Za-z_]\w*?)(?:(\d+)\.\.(\d+))?:(\{[^{}]*\}|[a-z0-9]+)(?:\((\d+)\))?(?:\[(\w+)\])?(!)?/y;

/** The properties a field string describes; throws on anything it does not describe (tables are checked by the tests). */
export function parseFields(spec: string): PropertyDef[] {
  const list: PropertyDef[] = [];
  let at = 0;
  const skipSpace = () => { while (spec[at] === ' ') at++; };
  skipSpace();
  while (at < spec.length) {
    ITEM.lastIndex = at;
    const m = ITEM.exec(spec);
    if (m === null) throw new Error(`kernel field list: cannot read "${spec.slice(at, at + 30)}"`);
    at = ITEM.lastIndex;
    const [, name, from, to, type, length, count, hidden] = m;
    if (from === undefined) list.push(property(name!, type!, length, count, hidden === '!', list));
    else for (let n = Number(from); n <= Number(to); n++) list.push(property(name! + n, type!, length, count, hidden === '!', list));
    skipSpace();
  }
  return list;
}

function property(name: string, type: string, length: string | undefined, count: string | undefined, hidden: boolean, earlier: readonly PropertyDef[]): PropertyDef {
  let def: PropertyDef;
  if (type.startsWith('{')) {
    def = { name, inType: InType.NULL, outType: 0, members: parseFields(type.slice(1, -1)) };
  } else {
    const base = BASE[type];
    if (base === undefined) throw new Error(`kernel field ${name}: unknown type ${type}`);
    def = { name, ...base };
  }
  if (length !== undefined) def.length = { fixed: Number(length) };
  if (count !== undefined) def.count = sizeRef(name, count, earlier);
  if (hidden) {
    def.noPrint = true;
    def.extension = 'NoPrint';
  }
  return def;
}

function sizeRef(name: string, count: string, earlier: readonly PropertyDef[]): PropertyDef['count'] {
  if (/^\d+$/.test(count)) return { fixed: Number(count) };
  for (let i = earlier.length - 1; i >= 0; i--) if (earlier[i]!.name === count) return { ref: i };
  throw new Error(`kernel field ${name}: count [${count}] names no earlier field`);
}

/** Every layout of a class table as filed events (one EventSchema per event type; a layout's types share its properties). */
export function buildKernelEvents(cls: KernelClass): KernelEvent[] {
  const events: KernelEvent[] = [];
  for (const [version, types, fields] of cls.layouts) {
    const properties = parseFields(fields);
    for (const [type, typeName] of Object.entries(types)) {
      events.push({
        classGuid: cls.guid,
        eventType: Number(type),
        version,
        schema: {
          ...noLabels(),
          source: 'kernel',
          providerId: KERNEL_PROVIDER_GUID,
          providerName: KERNEL_PROVIDER_NAME,
          eventName: cls.name,
          taskName: cls.name,
          opcodeName: typeName,
          message: null,
          properties,
          userDataElement: null,
        },
      });
    }
  }
  return events;
}
