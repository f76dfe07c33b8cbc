/**
 * A TRACE_EVENT_INFO (as read by trace-event-info.ts) turned into the schema
 * model, with the key TDH files it under: provider GUID + event id + version for
 * a manifest event, class GUID + event type (opcode) + version for a classic
 * (WMI/MOF) one. Maps are looked up by name through the caller (TDH hands them
 * out separately, per provider). Pure: the same conversion serves blobs carried
 * by a merged trace and blobs that TDH returns on Windows.
 *
 * Property rules (tdh.h PROPERTY_FLAGS): a struct's members are the properties
 * [StructStartIndex, +NumOfStructMembers); PARAM_COUNT / PARAM_LENGTH make the
 * count / length the index of the property holding it (an index into the whole
 * array, turned here into one into the same member list); otherwise a count
 * above 1, or any count with PARAM_FIXED_COUNT, is a fixed array size, and a
 * non-zero length is a fixed size for strings and binary data (TDH also states
 * the byte size of plain integers there, which carries no information).
 * Names of standard values that TDH leaves in their `win:` form (win:Start,
 * win:Informational) get the text Windows shows for them, as a manifest's do.
 */
import { InType, type EventSchema, type MapDef, type PropertyDef, type SizeRef } from '../event-schema.js';
import type { SchemaKey } from '../schema-target.js';
import { WIN_KEYWORDS, WIN_LEVELS, WIN_OPCODES, WIN_TASKS } from '../winmeta.js';
import { DecodingSource, PropertyFlag, type TdhPropertyInfo, type TraceEventInfo } from './trace-event-info.js';

/** In-types whose `length` is a size in characters or bytes. */
const SIZED_IN_TYPES = new Set<number>([
  InType.UNICODESTRING, InType.ANSISTRING, InType.BINARY, InType.UNICODECHAR, InType.ANSICHAR,
  InType.NONNULLTERMINATEDSTRING, InType.NONNULLTERMINATEDANSISTRING,
]);

export class EventInfoSchemaError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'EventInfoSchemaError';
  }
}

export interface EventInfoSchema {
  schema: EventSchema;
  key: SchemaKey;
  /** Maps referred to but not known (yet): those properties render as plain numbers. */
  missingMaps: string[];
}

/**
 * The schema and registry key of one event. `mapFor` answers a map name of the
 * event's provider. Throws EventInfoSchemaError for what the model cannot hold
 * (WPP and TraceLogging decoding sources, a size reference outside the
 * property's own list, a property that belongs to more than one struct).
 */
export function eventInfoSchema(info: TraceEventInfo, mapFor: (name: string) => MapDef | null): EventInfoSchema {
  const classic = info.decodingSource === DecodingSource.WBEM;
  if (!classic && info.decodingSource !== DecodingSource.XML_FILE) {
    throw new EventInfoSchemaError(`decoding source ${info.decodingSource} (only manifest and MOF events are described this way)`);
  }
  const missingMaps: string[] = [];
  const convert = new Converter(info.properties, (name) => {
    const m = mapFor(name);
    if (m === null && !missingMaps.includes(name)) missingMaps.push(name);
    return m;
  });
  const properties = convert.list(0, info.topLevelCount);
  const d = info.descriptor;
  const schema: EventSchema = {
    source: classic ? 'mof' : 'manifest',
    providerId: info.providerGuid,
    providerName: info.providerName,
    eventName: info.eventName,
    taskName: standardText(info.taskName, WIN_TASKS),
    opcodeName: standardText(info.opcodeName, WIN_OPCODES),
    levelName: standardText(info.levelName, WIN_LEVELS),
    keywordNames: info.keywordNames.map((k) => WIN_KEYWORDS[k]?.text ?? k),
    channelName: info.channelName,
    message: info.eventMessage === null ? null : messageTemplate(info.eventMessage),
    properties,
    userDataElement: null,
  };
  const key: SchemaKey = classic
    ? { kind: 'mof', classGuid: info.eventGuid, eventType: d.opcode, version: d.version }
    : { kind: 'manifest', providerId: info.providerGuid, id: d.id, version: d.version };
  return { schema, key, missingMaps };
}

/**
 * TDH hands out a manifest message as the message compiler stored it: line
 * breaks (%n in the manifest) as CR LF, and one space after the text. Back to
 * the manifest's own form, so the message renders as with -import.
 */
function messageTemplate(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/ $/, '');
}

function standardText(name: string | null, table: Readonly<Record<string, { text: string }>>): string | null {
  return name === null ? null : table[name]?.text ?? name;
}

class Converter {
  /** Properties converted so far. */
  private converted = 0;

  constructor(private readonly all: readonly TdhPropertyInfo[], private readonly mapFor: (name: string) => MapDef | null) {}

  /** Properties [start, start + n) as one list; size references must stay inside it. */
  list(start: number, n: number): PropertyDef[] {
    if (start + n > this.all.length) throw new EventInfoSchemaError(`a struct's members [${start}, ${start + n}) lie outside the ${this.all.length} properties`);
    const out: PropertyDef[] = [];
    for (let i = start; i < start + n; i++) out.push(this.property(this.all[i]!, start, i));
    return out;
  }

  private property(p: TdhPropertyInfo, listStart: number, index: number): PropertyDef {
    // Each property is a top-level one or a member of one struct: read more often, the blob
    // loops or shares members, and converting it could take without end.
    if (++this.converted > this.all.length) {
      throw new EventInfoSchemaError('a property is a member of more than one struct (or of itself)');
    }
    const def: PropertyDef = { name: p.name, inType: p.inType, outType: p.outType };
    if ((p.flags & PropertyFlag.STRUCT) !== 0) {
      def.inType = InType.NULL;
      def.outType = 0;
      def.members = this.list(p.structStart, p.memberCount);
    }
    const count = this.size(p, p.count, PropertyFlag.PARAM_COUNT, listStart, index, 'count');
    if (count !== null) def.count = count;
    else if ((p.flags & PropertyFlag.PARAM_FIXED_COUNT) !== 0 || p.count > 1) def.count = { fixed: p.count };
    if (def.members === undefined) {
      const length = this.size(p, p.length, PropertyFlag.PARAM_LENGTH, listStart, index, 'length');
      if (length !== null) def.length = length;
      else if (p.length > 0 && SIZED_IN_TYPES.has(p.inType)) def.length = { fixed: p.length };
      if ((p.flags & PropertyFlag.WBEM_XML_FRAGMENT) !== 0) def.extension = 'XMLFragment';
      if (p.mapName !== null) {
        const map = this.mapFor(p.mapName);
        if (map !== null) def.map = map;
      }
    }
    return def;
  }

  /** A count or length held by another property: its index within the same list. */
  private size(p: TdhPropertyInfo, value: number, flag: number, listStart: number, index: number, what: string): SizeRef | null {
    if ((p.flags & flag) === 0) return null;
    const at = value - listStart;
    if (value >= index || at < 0) {
      throw new EventInfoSchemaError(`property ${p.name}: its ${what} is property ${value}, which is not an earlier property of its own list`);
    }
    return { ref: at };
  }
}
