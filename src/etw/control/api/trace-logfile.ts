/**
 * EVENT_TRACE_LOGFILEW, the struct a consumer hands to OpenTraceW (and that
 * OpenTraceW fills in), as pure bytes: the layout on 64-bit and 32-bit Windows
 * (docs/architecture.md F14), the encoder of a real-time, event-record consumer
 * and the reader of what ETW writes back (the session's TRACE_LOGFILE_HEADER).
 * The two pointers (LoggerName, EventRecordCallback) are filled in by the
 * koffi binding, which alone knows addresses.
 */

/** ProcessTraceMode bits (evntcons.h). */
export const PROCESS_TRACE_MODE = {
  REAL_TIME: 0x100,
  RAW_TIMESTAMP: 0x1000,
  EVENT_RECORD: 0x10000000,
} as const;

/** OpenTraceW's failure value; a 32-bit process may also see its low 32 bits. */
export const INVALID_PROCESSTRACE_HANDLE = 0xffffffffffffffffn;

export function isInvalidTraceHandle(h: bigint): boolean {
  return h === INVALID_PROCESSTRACE_HANDLE || h === 0xffffffffn;
}

export type TraceLogfileField =
  | 'LogFileName' | 'LoggerName' | 'CurrentTime' | 'BuffersRead' | 'ProcessTraceMode' | 'CurrentEvent' | 'LogfileHeader'
  | 'BufferCallback' | 'BufferSize' | 'Filled' | 'EventsLost' | 'EventRecordCallback' | 'IsKernelTrace' | 'Context';

export interface TraceLogfileLayout {
  pointerSize: 4 | 8;
  size: number;
  /** Size of the embedded TRACE_LOGFILE_HEADER (its fixed part: the names are pointers here). */
  headerSize: number;
  offsets: Record<TraceLogfileField, number>;
}

/** 448 bytes: the pointers are 8 bytes, EVENT_TRACE is 88, TRACE_LOGFILE_HEADER 280. */
export const TRACE_LOGFILE_X64: TraceLogfileLayout = {
  pointerSize: 8, size: 448, headerSize: 280,
  offsets: {
    LogFileName: 0, LoggerName: 8, CurrentTime: 16, BuffersRead: 24, ProcessTraceMode: 28, CurrentEvent: 32, LogfileHeader: 120,
    BufferCallback: 400, BufferSize: 408, Filled: 412, EventsLost: 416, EventRecordCallback: 424, IsKernelTrace: 432, Context: 440,
  },
};

/** 416 bytes: 4-byte pointers, EVENT_TRACE still 88 (8-aligned), TRACE_LOGFILE_HEADER 272. */
export const TRACE_LOGFILE_X86: TraceLogfileLayout = {
  pointerSize: 4, size: 416, headerSize: 272,
  offsets: {
    LogFileName: 0, LoggerName: 4, CurrentTime: 8, BuffersRead: 16, ProcessTraceMode: 20, CurrentEvent: 24, LogfileHeader: 112,
    BufferCallback: 384, BufferSize: 388, Filled: 392, EventsLost: 396, EventRecordCallback: 400, IsKernelTrace: 404, Context: 408,
  },
};

export function hostTraceLogfileLayout(arch: string = process.arch): TraceLogfileLayout {
  return arch === 'ia32' ? TRACE_LOGFILE_X86 : TRACE_LOGFILE_X64;
}

/**
 * A zeroed EVENT_TRACE_LOGFILEW asking for a real-time session delivered as
 * EVENT_RECORDs with FILETIME timestamps; `context` comes back in every
 * EVENT_RECORD.UserContext (etwkit puts the session's index there).
 */
export function encodeRealTimeLogfile(context: number, layout: TraceLogfileLayout = hostTraceLogfileLayout()): Buffer {
  const b = Buffer.alloc(layout.size);
  b.writeUInt32LE(PROCESS_TRACE_MODE.REAL_TIME | PROCESS_TRACE_MODE.EVENT_RECORD, layout.offsets.ProcessTraceMode);
  writePointer(b, layout.offsets.Context, BigInt(context), layout.pointerSize);
  return b;
}

export function writePointer(b: Buffer, at: number, value: bigint, pointerSize: 4 | 8): void {
  if (pointerSize === 8) b.writeBigUInt64LE(value, at);
  else b.writeUInt32LE(Number(value & 0xffffffffn), at);
}

export function readPointer(b: Buffer, at: number, pointerSize: 4 | 8): bigint {
  return pointerSize === 8 ? b.readBigUInt64LE(at) : BigInt(b.readUInt32LE(at));
}

/** The TRACE_LOGFILE_HEADER OpenTraceW wrote into `logfile` (its fixed part; parse with etl/logfile-header.ts). */
export function logfileHeaderOf(logfile: Buffer, layout: TraceLogfileLayout = hostTraceLogfileLayout()): Buffer {
  const at = layout.offsets.LogfileHeader;
  return logfile.subarray(at, at + layout.headerSize);
}
