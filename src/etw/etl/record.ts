/**
 * The normalized event record: what the reader hands to everything downstream
 * (schema decoders, output sinks). One shape for every on-disk header kind
 * (docs/architecture.md F2), so consumers never look at raw header bytes.
 */

/** Header family of a record, as named in the JSONL `header` key. */
export type HeaderKind = 'system' | 'compact' | 'perfinfo' | 'trace' | 'instance' | 'event' | 'wpp';

/** One EVENT_HEADER extended data item (docs/architecture.md F5). */
export interface ExtendedItem {
  /** EVENT_HEADER_EXT_TYPE_* value. */
  type: number;
  /** Symbolic name, e.g. `RELATED_ACTIVITYID`, or `TYPE_0x0042` when unknown. */
  name: string;
  /** The item's payload bytes (a view into the record's buffer; copy to keep). */
  data: Buffer;
  /** Decoded value where the spec defines one (GUID string, number, bigint, object); else null. */
  value: unknown;
}

/** Facts from a WPP / TraceMessage header (docs/architecture.md F2). */
export interface WppInfo {
  messageNumber: number;
  optionFlags: number;
  sequence: number | null;
  componentId: number | null;
  /** Message GUID (lower-case, no braces) when the GUID option is set. */
  messageGuid: string | null;
}

/** Instance fields of an EVENT_INSTANCE_GUID_HEADER (or the INSTANCE_INFO ext item). */
export interface InstanceInfo {
  instanceId: number;
  parentInstanceId: number;
  parentGuid: string;
}

export interface EtlRecord {
  /** Header family. */
  kind: HeaderKind;
  /** Byte 2 of the marker (TRACE_HEADER_TYPE); 0 for WPP messages. */
  headerType: number;
  /** Pointer size of the payload, from the header type (not the file). */
  pointerSize: 4 | 8;
  /** Total event size from its header (without alignment padding). */
  size: number;

  /** Raw 64-bit timestamp from the header, in the session clock (built on first access). */
  readonly rawTime: bigint;
  /** Converted time: 100-ns ticks since 1601-01-01 UTC (FILETIME), exact integer (built on first access). */
  readonly fileTime: bigint;
  /**
   * The converted time as a double: 100-ns ticks from an epoch fixed per reader (the earliest
   * start of the files read). Differences between records are exact; cheap to compare.
   */
  readonly timeKey: number;
  /** The raw timestamp as a double (exact while below 2^53). */
  readonly rawTimeNumber: number;

  /**
   * Lower-case GUID without braces: provider id (event), class GUID (trace/instance),
   * kernel group GUID (system/compact/perfinfo), message GUID (wpp; null without one).
   */
  providerId: string | null;
  /** EVENT_DESCRIPTOR.Id for `event`; WPP MessageNumber for `wpp`; null otherwise. */
  id: number | null;
  /** Descriptor version (event), Class.Version (trace/instance), masked header Version (system/perfinfo). */
  version: number | null;
  channel: number | null;
  level: number | null;
  /** Descriptor opcode (event), Class.Type (trace/instance), Packet.Type (system/perfinfo). */
  opcode: number | null;
  task: number | null;
  keywords: bigint | null;
  /**
   * The keywords as two signed 32-bit words and whether there are any, where the reader has them
   * without the bigint (its records build `keywords` from them when asked); both words 0 when
   * keywords is null. Absent on other records; read them through keywordsLow/keywordsHigh/hasKeywords.
   */
  readonly keywordsLo?: number;
  readonly keywordsHi?: number;
  readonly hasKeywords?: boolean;
  /** Kernel hook id (Group<<8 | Type) for system/compact/perfinfo records; null otherwise. */
  hookId: number | null;

  /** Process and thread id; 0xFFFFFFFF when the header carries none (perfinfo), as the OS reports. */
  pid: number;
  tid: number;
  /** Processor that logged the record (buffer header ProcessorIndex). */
  cpu: number;
  /** Logger id from the buffer header. */
  loggerId: number;

  /** EVENT_HEADER Flags, with 32/64-bit, CLASSIC_HEADER and TRACE_MESSAGE synthesized as a consumer sees them. */
  flags: number;
  /** EVENT_HEADER EventProperty (0 for other kinds). */
  eventProperty: number;
  /** Activity id GUID (event headers); null when absent or all zero. */
  activityId: string | null;
  kernelTime: number | null;
  userTime: number | null;
  /** Full/Compact system headers and PEBS/PMC extras. */
  pebsIndex: bigint | null;
  pmcCounters: bigint[] | null;

  instance: InstanceInfo | null;
  wpp: WppInfo | null;
  extended: ExtendedItem[];

  /**
   * The user data (payload). A view into a reused buffer: valid until the reader
   * is advanced past the record's buffer. Copy (`Buffer.from(...)`) to keep it.
   */
  readonly payload: Buffer;
  /** Length of the user data in bytes (without building the payload view). */
  readonly payloadSize: number;
  /**
   * The ArrayBuffer under `payload`, where the reader knows it cheaply (reading
   * `payload.buffer` costs a call V8 does not inline); absent on other records.
   */
  readonly payloadBuffer?: ArrayBufferLike;
  /**
   * The reader's buffer the payload lies in, and its offset there (payload is
   * payloadSource[payloadOffset, payloadOffset + payloadSize)), for readers of
   * the bytes that need no view of their own; absent on other records.
   */
  readonly payloadSource?: Buffer;
  readonly payloadOffset?: number;

  /** Index of the input file (0 for the first) when several files are merged. */
  fileIndex: number;
  /** File offset of the buffer holding the record. */
  bufferOffset: number;
  /** Offset of the record within its (decompressed) buffer. */
  offsetInBuffer: number;
  /** File offset of the record itself; for a compressed buffer, the buffer's offset (the bytes are not in the file). */
  fileOffset: number;
  /** True when the buffer holding the record was stored compressed. */
  compressed: boolean;
}

/**
 * The low 32 bits of a record's keywords as a signed word (0 when it has none), without the
 * bigint where the record has the words: with keywordsHigh, a key that compares as keywords
 * `?? 0n` would.
 */
export function keywordsLow(r: EtlRecord): number {
  const lo = r.keywordsLo;
  if (lo !== undefined) return lo;
  const k = r.keywords;
  return k === null ? 0 : Number(BigInt.asIntN(32, k));
}

/** The high 32 bits of a record's keywords as a signed word (0 when it has none). */
export function keywordsHigh(r: EtlRecord): number {
  const hi = r.keywordsHi;
  if (hi !== undefined) return hi;
  const k = r.keywords;
  return k === null ? 0 : Number(BigInt.asIntN(32, k >> 32n));
}

/** Whether a record has keywords (keywords not null), without the bigint where the record knows. */
export function hasKeywords(r: EtlRecord): boolean {
  const has = r.hasKeywords;
  return has !== undefined ? has : r.keywords !== null;
}

/** EVENT_HEADER_FLAG_* (evntcons.h). */
export const EventHeaderFlag = {
  EXTENDED_INFO: 0x0001,
  PRIVATE_SESSION: 0x0002,
  STRING_ONLY: 0x0004,
  TRACE_MESSAGE: 0x0008,
  NO_CPUTIME: 0x0010,
  HEADER_32_BIT: 0x0020,
  HEADER_64_BIT: 0x0040,
  DECODE_GUID: 0x0080,
  CLASSIC_HEADER: 0x0100,
  PROCESSOR_INDEX: 0x0200,
} as const;

/**
 * A standalone copy of a record: plain properties (the times included, which the
 * reader computes lazily on access) and its own copy of the payload and extended
 * items. Use it to keep a record past the next one.
 */
export function copyRecord(r: EtlRecord): EtlRecord {
  return {
    kind: r.kind, headerType: r.headerType, pointerSize: r.pointerSize, size: r.size,
    rawTime: r.rawTime, fileTime: r.fileTime, timeKey: r.timeKey, rawTimeNumber: r.rawTimeNumber,
    providerId: r.providerId, id: r.id, version: r.version, channel: r.channel, level: r.level,
    opcode: r.opcode, task: r.task, keywords: r.keywords, hookId: r.hookId,
    pid: r.pid, tid: r.tid, cpu: r.cpu, loggerId: r.loggerId, flags: r.flags, eventProperty: r.eventProperty,
    activityId: r.activityId, kernelTime: r.kernelTime, userTime: r.userTime,
    pebsIndex: r.pebsIndex, pmcCounters: r.pmcCounters, instance: r.instance, wpp: r.wpp,
    extended: r.extended.map((e) => ({ ...e, data: Buffer.from(e.data) })),
    payload: Buffer.from(r.payload), payloadSize: r.payloadSize,
    fileIndex: r.fileIndex, bufferOffset: r.bufferOffset, offsetInBuffer: r.offsetInBuffer,
    fileOffset: r.fileOffset, compressed: r.compressed,
  };
}
