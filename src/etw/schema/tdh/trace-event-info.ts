/**
 * TRACE_EVENT_INFO, the buffer TdhGetEventInformation (and
 * TdhGetManifestEventInformation) fills in, read from its bytes: the same layout
 * on 32- and 64-bit Windows, so one pure reader serves blobs that a merged trace
 * carries (KernelTraceControl EventMetadata) and blobs from TDH itself.
 *
 * Layout (tdh.h; offsets from the start of the buffer, every "…Offset" is a byte
 * offset of a NUL-terminated UTF-16 string from that same start, 0 = absent):
 *   0 ProviderGuid, 16 EventGuid (the MOF class GUID of a classic event),
 *   32 EVENT_DESCRIPTOR (u16 Id, u8 Version, u8 Channel, u8 Level, u8 Opcode, u16 Task, u64 Keyword),
 *   48 DecodingSource (0 manifest, 1 WMI/MOF, 2 WPP, 3 TraceLogging),
 *   52 ProviderName, 56 LevelName, 60 ChannelName, 64 KeywordsName (a list of
 *   strings ended by an empty one), 68 TaskName, 72 OpcodeName, 76 EventMessage,
 *   80 ProviderMessage, 84 BinaryXml offset, 88 BinaryXml size,
 *   92 EventName (older headers: ActivityIDName), 96 EventAttributes (older: RelatedActivityIDName),
 *   100 PropertyCount, 104 TopLevelPropertyCount, 108 Flags (low 4 bits TEMPLATE_FLAGS, upper 28 tags),
 *   112 PropertyCount × EVENT_PROPERTY_INFO.
 *
 * EVENT_PROPERTY_INFO (24 bytes): 0 Flags, 4 NameOffset, then either
 * {8 u16 InType, 10 u16 OutType, 12 MapNameOffset} or, for a struct,
 * {8 u16 StructStartIndex, 10 u16 NumOfStructMembers}; 16 u16 count or the
 * index of the property holding it, 18 u16 length or the index of the property
 * holding it, 20 reserved (low 28 bits: tags).
 */
import type { EventDescriptor } from '../../control/api/event-record.js';
import { BlobReader, TdhBlobError } from './blob-reader.js';

export const TRACE_EVENT_INFO_FIXED_SIZE = 112;
export const EVENT_PROPERTY_INFO_SIZE = 24;

/** DECODING_SOURCE. */
export const DecodingSource = { XML_FILE: 0, WBEM: 1, WPP: 2, TLG: 3 } as const;

/** PROPERTY_FLAGS. */
export const PropertyFlag = {
  STRUCT: 0x1,
  PARAM_LENGTH: 0x2,
  PARAM_COUNT: 0x4,
  WBEM_XML_FRAGMENT: 0x8,
  PARAM_FIXED_LENGTH: 0x10,
  PARAM_FIXED_COUNT: 0x20,
  HAS_TAGS: 0x40,
  HAS_CUSTOM_SCHEMA: 0x80,
} as const;


/** One EVENT_PROPERTY_INFO, as TDH states it (indices are into the whole property array). */
export interface TdhPropertyInfo {
  flags: number;
  name: string;
  /** In-type and out-type; 0 for a struct. */
  inType: number;
  outType: number;
  mapName: string | null;
  /** For a struct: its members are properties [structStart, structStart + memberCount). */
  structStart: number;
  memberCount: number;
  /** The count, or (PARAM_COUNT) the index of the property that holds it. */
  count: number;
  /** The length, or (PARAM_LENGTH) the index of the property that holds it. */
  length: number;
}

export interface TraceEventInfo {
  providerGuid: string;
  /** The MOF class GUID of a classic event; the zero GUID for manifest events. */
  eventGuid: string;
  descriptor: EventDescriptor;
  decodingSource: number;
  providerName: string | null;
  levelName: string | null;
  channelName: string | null;
  keywordNames: string[];
  taskName: string | null;
  opcodeName: string | null;
  eventMessage: string | null;
  providerMessage: string | null;
  /** The event name (manifest `name` attribute, TraceLogging), where TDH gives one. */
  eventName: string | null;
  /** Every property: the top-level ones first, then struct members. */
  properties: TdhPropertyInfo[];
  topLevelCount: number;
  /** TEMPLATE_FLAGS: 1 the template is EventData, 2 UserData, 4 the provider GUID is a control GUID. */
  templateFlags: number;
}

/** Read a TRACE_EVENT_INFO buffer; throws TdhBlobError where it does not hold together. */
export function readTraceEventInfo(bytes: Buffer): TraceEventInfo {
  const r = new BlobReader(bytes, 'TRACE_EVENT_INFO');
  if (bytes.length < TRACE_EVENT_INFO_FIXED_SIZE) {
    throw new TdhBlobError('TRACE_EVENT_INFO', 0, `${bytes.length} bytes is shorter than its ${TRACE_EVENT_INFO_FIXED_SIZE}-byte fixed part`);
  }
  const propertyCount = r.u32(100, 'PropertyCount');
  const topLevelCount = r.u32(104, 'TopLevelPropertyCount');
  const arrayEnd = TRACE_EVENT_INFO_FIXED_SIZE + propertyCount * EVENT_PROPERTY_INFO_SIZE;
  if (arrayEnd > bytes.length) {
    throw new TdhBlobError('TRACE_EVENT_INFO', 100, `PropertyCount ${propertyCount} needs ${arrayEnd} bytes, the buffer has ${bytes.length}`);
  }
  if (topLevelCount > propertyCount) {
    throw new TdhBlobError('TRACE_EVENT_INFO', 104, `TopLevelPropertyCount ${topLevelCount} exceeds PropertyCount ${propertyCount}`);
  }
  const properties: TdhPropertyInfo[] = [];
  for (let i = 0; i < propertyCount; i++) properties.push(readProperty(r, TRACE_EVENT_INFO_FIXED_SIZE + i * EVENT_PROPERTY_INFO_SIZE, i));
  return {
    providerGuid: r.guid(0, 'ProviderGuid'),
    eventGuid: r.guid(16, 'EventGuid'),
    descriptor: {
      id: r.u16(32, 'Id'),
      version: r.u8(34, 'Version'),
      channel: r.u8(35, 'Channel'),
      level: r.u8(36, 'Level'),
      opcode: r.u8(37, 'Opcode'),
      task: r.u16(38, 'Task'),
      keyword: r.u64(40, 'Keyword'),
    },
    decodingSource: r.u32(48, 'DecodingSource'),
    providerName: r.string(r.u32(52, 'ProviderNameOffset'), 'ProviderName'),
    levelName: r.string(r.u32(56, 'LevelNameOffset'), 'LevelName'),
    channelName: r.string(r.u32(60, 'ChannelNameOffset'), 'ChannelName'),
    keywordNames: stringList(r, r.u32(64, 'KeywordsNameOffset')),
    taskName: r.string(r.u32(68, 'TaskNameOffset'), 'TaskName'),
    opcodeName: r.string(r.u32(72, 'OpcodeNameOffset'), 'OpcodeName'),
    eventMessage: r.string(r.u32(76, 'EventMessageOffset'), 'EventMessage'),
    providerMessage: r.string(r.u32(80, 'ProviderMessageOffset'), 'ProviderMessage'),
    eventName: r.string(r.u32(92, 'EventNameOffset'), 'EventName'),
    properties,
    topLevelCount,
    templateFlags: r.u32(108, 'Flags') & 0xf,
  };
}

function readProperty(r: BlobReader, at: number, index: number): TdhPropertyInfo {
  const flags = r.u32(at, 'EVENT_PROPERTY_INFO.Flags');
  const isStruct = (flags & PropertyFlag.STRUCT) !== 0;
  const a = r.u16(at + 8, 'InType'), b = r.u16(at + 10, 'OutType');
  const name = r.string(r.u32(at + 4, 'NameOffset'), `name of property ${index}`);
  if (name === null) throw new TdhBlobError('TRACE_EVENT_INFO', at + 4, `property ${index} has no name`);
  return {
    flags,
    name,
    inType: isStruct ? 0 : a,
    outType: isStruct ? 0 : b,
    // The map name offset shares its slot with a custom schema's offset (TraceLogging only).
    mapName: isStruct || (flags & PropertyFlag.HAS_CUSTOM_SCHEMA) !== 0 ? null : r.string(r.u32(at + 12, 'MapNameOffset'), `map name of property ${index}`),
    structStart: isStruct ? a : 0,
    memberCount: isStruct ? b : 0,
    count: r.u16(at + 16, 'count'),
    length: r.u16(at + 18, 'length'),
  };
}

/** KeywordsName: strings back to back, ended by an empty one. */
function stringList(r: BlobReader, offset: number): string[] {
  if (offset === 0) return [];
  const out: string[] = [];
  let at = offset;
  for (;;) {
    const s = r.stringAt(at, 'KeywordsName');
    if (s.text === '') return out;
    out.push(s.text);
    at = s.next;
  }
}
