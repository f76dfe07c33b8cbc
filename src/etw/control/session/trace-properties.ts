/**
 * EVENT_TRACE_PROPERTIES as bytes: the layout per Windows architecture, an
 * encoder that builds the buffer a controller call takes (struct + room for the
 * session name and log file name), and a decoder for what ETW writes back.
 * Pure: no koffi, no DLL, runs on any OS. Offsets: docs/architecture.md F12.
 */
import { Guid, ZERO_GUID } from '../api/guid.js';
import { MAX_NAME_CHARS, WNODE_FLAG_TRACED_GUID } from '../api/etw-constants.js';

/** Byte offsets of every field; only LoggerThreadId (a HANDLE) differs between x86 and 64-bit. */
export interface TracePropertiesLayout {
  readonly arch: 'x64' | 'x86';
  readonly size: number;
  readonly loggerThreadIdSize: 4 | 8;
  readonly offsets: Readonly<Record<TracePropertiesField, number>>;
}

export type TracePropertiesField =
  | 'Wnode.BufferSize' | 'Wnode.ProviderId' | 'Wnode.HistoricalContext' | 'Wnode.TimeStamp' | 'Wnode.Guid'
  | 'Wnode.ClientContext' | 'Wnode.Flags' | 'BufferSize' | 'MinimumBuffers' | 'MaximumBuffers' | 'MaximumFileSize'
  | 'LogFileMode' | 'FlushTimer' | 'EnableFlags' | 'AgeLimit' | 'NumberOfBuffers' | 'FreeBuffers' | 'EventsLost'
  | 'BuffersWritten' | 'LogBuffersLost' | 'RealTimeBuffersLost' | 'LoggerThreadId' | 'LogFileNameOffset' | 'LoggerNameOffset';

const COMMON_OFFSETS = {
  'Wnode.BufferSize': 0, 'Wnode.ProviderId': 4, 'Wnode.HistoricalContext': 8, 'Wnode.TimeStamp': 16, 'Wnode.Guid': 24,
  'Wnode.ClientContext': 40, 'Wnode.Flags': 44, BufferSize: 48, MinimumBuffers: 52, MaximumBuffers: 56, MaximumFileSize: 60,
  LogFileMode: 64, FlushTimer: 68, EnableFlags: 72, AgeLimit: 76, NumberOfBuffers: 80, FreeBuffers: 84, EventsLost: 88,
  BuffersWritten: 92, LogBuffersLost: 96, RealTimeBuffersLost: 100, LoggerThreadId: 104,
} as const;

export const LAYOUT_X64: TracePropertiesLayout = {
  arch: 'x64', size: 120, loggerThreadIdSize: 8,
  offsets: { ...COMMON_OFFSETS, LogFileNameOffset: 112, LoggerNameOffset: 116 },
};

export const LAYOUT_X86: TracePropertiesLayout = {
  arch: 'x86', size: 120, loggerThreadIdSize: 4,
  offsets: { ...COMMON_OFFSETS, LogFileNameOffset: 108, LoggerNameOffset: 112 },
};

/** The layout of the running process (arm64 and x64 share one). */
export function hostLayout(arch: string = process.arch): TracePropertiesLayout {
  return arch === 'ia32' ? LAYOUT_X86 : LAYOUT_X64;
}

/** Bytes reserved after the struct for each of the two strings (1024 UTF-16 units incl. NUL). */
export const NAME_AREA_BYTES = MAX_NAME_CHARS * 2;

/** What a caller sets; every omitted number is 0 (for UPDATE: "unchanged"). */
export interface TracePropertiesInput {
  guid?: Guid;
  clientContext?: number;
  bufferSizeKb?: number;
  minimumBuffers?: number;
  maximumBuffers?: number;
  maximumFileSizeMb?: number;
  logFileMode?: number;
  flushTimerSeconds?: number;
  enableFlags?: number;
  /** Written after the struct and pointed to by LogFileNameOffset; omitted ⇒ LogFileNameOffset = 0. */
  logFileName?: string;
  /** false leaves LogFileNameOffset 0 even though room is reserved (UPDATE: keep the current file). */
  reserveLogFileName?: boolean;
}

/** Everything ETW reports in the struct, plus the two strings found at their offsets. */
export interface TraceProperties {
  wnodeBufferSize: number;
  historicalContext: bigint;
  /** The session's LoggerId: low 16 bits of HistoricalContext. */
  loggerId: number;
  timeStamp: bigint;
  guid: Guid;
  clientContext: number;
  wnodeFlags: number;
  bufferSizeKb: number;
  minimumBuffers: number;
  maximumBuffers: number;
  maximumFileSizeMb: number;
  logFileMode: number;
  flushTimerSeconds: number;
  enableFlags: number;
  numberOfBuffers: number;
  freeBuffers: number;
  eventsLost: number;
  buffersWritten: number;
  logBuffersLost: number;
  realTimeBuffersLost: number;
  loggerThreadId: bigint;
  logFileNameOffset: number;
  loggerNameOffset: number;
  loggerName: string;
  logFileName: string;
}

/**
 * Builds a zeroed properties buffer of struct + 2 × 2048 bytes: Wnode.BufferSize =
 * total, Wnode.Flags = TRACED_GUID, LoggerNameOffset = struct size, LogFileNameOffset =
 * struct size + 2048 when a log file is wanted (the path written there), else 0.
 */
export function encodeTraceProperties(input: TracePropertiesInput, layout: TracePropertiesLayout = hostLayout()): Buffer {
  const o = layout.offsets;
  const total = layout.size + 2 * NAME_AREA_BYTES;
  const buf = Buffer.alloc(total);
  buf.writeUInt32LE(total, o['Wnode.BufferSize']);
  (input.guid ?? ZERO_GUID).writeTo(buf, o['Wnode.Guid']);
  buf.writeUInt32LE(input.clientContext ?? 0, o['Wnode.ClientContext']);
  buf.writeUInt32LE(WNODE_FLAG_TRACED_GUID, o['Wnode.Flags']);
  buf.writeUInt32LE(input.bufferSizeKb ?? 0, o.BufferSize);
  buf.writeUInt32LE(input.minimumBuffers ?? 0, o.MinimumBuffers);
  buf.writeUInt32LE(input.maximumBuffers ?? 0, o.MaximumBuffers);
  buf.writeUInt32LE(input.maximumFileSizeMb ?? 0, o.MaximumFileSize);
  buf.writeUInt32LE(input.logFileMode ?? 0, o.LogFileMode);
  buf.writeUInt32LE(input.flushTimerSeconds ?? 0, o.FlushTimer);
  buf.writeUInt32LE((input.enableFlags ?? 0) >>> 0, o.EnableFlags);
  buf.writeUInt32LE(layout.size, o.LoggerNameOffset);
  const fileOffset = layout.size + NAME_AREA_BYTES;
  if (input.logFileName !== undefined) {
    if (input.logFileName.length >= MAX_NAME_CHARS) throw new RangeError(`log file name longer than ${MAX_NAME_CHARS - 1} characters`);
    buf.writeUInt32LE(fileOffset, o.LogFileNameOffset);
    buf.write(`${input.logFileName}\0`, fileOffset, 'utf16le');
  } else if (input.reserveLogFileName) {
    buf.writeUInt32LE(fileOffset, o.LogFileNameOffset);
  }
  return buf;
}

/** A buffer for QUERY/STOP/FLUSH and QueryAllTraces: sizes and both offsets set, room for both strings. */
export function encodeQueryProperties(layout: TracePropertiesLayout = hostLayout()): Buffer {
  return encodeTraceProperties({ reserveLogFileName: true }, layout);
}

/** Reads a NUL-terminated UTF-16 string at a byte offset (0 ⇒ absent ⇒ ''). */
export function readWideString(buf: Buffer, offset: number): string {
  if (offset === 0 || offset >= buf.length) return '';
  let end = offset;
  while (end + 1 < buf.length && (buf[end] !== 0 || buf[end + 1] !== 0)) end += 2;
  return buf.toString('utf16le', offset, end);
}

export function decodeTraceProperties(buf: Buffer, layout: TracePropertiesLayout = hostLayout()): TraceProperties {
  const o = layout.offsets;
  const u32 = (f: TracePropertiesField) => buf.readUInt32LE(o[f]);
  const historicalContext = buf.readBigUInt64LE(o['Wnode.HistoricalContext']);
  const logFileNameOffset = u32('LogFileNameOffset');
  const loggerNameOffset = u32('LoggerNameOffset');
  return {
    wnodeBufferSize: u32('Wnode.BufferSize'),
    historicalContext,
    loggerId: Number(historicalContext & 0xffffn),
    timeStamp: buf.readBigInt64LE(o['Wnode.TimeStamp']),
    guid: Guid.fromBytes(buf, o['Wnode.Guid']),
    clientContext: u32('Wnode.ClientContext'),
    wnodeFlags: u32('Wnode.Flags'),
    bufferSizeKb: u32('BufferSize'),
    minimumBuffers: u32('MinimumBuffers'),
    maximumBuffers: u32('MaximumBuffers'),
    maximumFileSizeMb: u32('MaximumFileSize'),
    logFileMode: u32('LogFileMode'),
    flushTimerSeconds: u32('FlushTimer'),
    enableFlags: u32('EnableFlags'),
    numberOfBuffers: u32('NumberOfBuffers'),
    freeBuffers: u32('FreeBuffers'),
    eventsLost: u32('EventsLost'),
    buffersWritten: u32('BuffersWritten'),
    logBuffersLost: u32('LogBuffersLost'),
    realTimeBuffersLost: u32('RealTimeBuffersLost'),
    loggerThreadId: layout.loggerThreadIdSize === 8 ? buf.readBigUInt64LE(o.LoggerThreadId) : BigInt(buf.readUInt32LE(o.LoggerThreadId)),
    logFileNameOffset,
    loggerNameOffset,
    loggerName: readWideString(buf, loggerNameOffset),
    logFileName: readWideString(buf, logFileNameOffset),
  };
}
