/**
 * The trace header event (EventTrace/Header, the first record of every .etl
 * file) as tracerpt renders it: the EventTrace_Header MOF fields in their
 * order and text forms, as in the real dump in the corpus (32-bit counts
 * right-aligned in 8 columns, LogFileMode/ReservedFlags and the two pointers
 * in hex, 64-bit times as FILETIME integers). Consumers read EventsLost and
 * BuffersLost from here, so those names are exact.
 */
import type { EtlFileInfo } from '../../etl/reader.js';
import type { EtlRecord } from '../../etl/record.js';
import { EVENT_TRACE_GUID } from '../../etl/kernel-groups.js';
import { emptyPayload, type DecodedField, type DecodedPayload } from '../types.js';

/** Is this the log-file header record (EventTrace, type 0 = Header)? */
export function isTraceHeaderRecord(r: EtlRecord): boolean {
  return r.hookId === 0 && r.providerId === EVENT_TRACE_GUID && (r.kind === 'system' || r.kind === 'compact');
}

const u32 = (n: number) => String(n >>> 0).padStart(8, ' ');
const hex = (n: number | bigint) => '0x' + n.toString(16).toUpperCase();

/** Pointer fields (LoggerName, LogFileName) are read from the record itself; the header model has only the strings. */
function pointerAt(payload: Buffer, offset: number, size: number): bigint {
  if (payload.length < offset + size) return 0n;
  return size === 8 ? payload.readBigUInt64LE(offset) : BigInt(payload.readUInt32LE(offset));
}

export function traceHeaderPayload(r: EtlRecord, file: EtlFileInfo): DecodedPayload {
  const h = file.header;
  const ptr = r.pointerSize;
  const fields: DecodedField[] = [];
  const num = (name: string, value: number) => fields.push({ name, value, text: u32(value) });
  const big = (name: string, value: bigint) => fields.push({ name, value: value.toString(), text: value.toString() });
  const hx = (name: string, value: number | bigint) => fields.push({ name, value: typeof value === 'bigint' ? value.toString() : value, text: hex(value) });
  const str = (name: string, value: string) => fields.push({ name, value, text: value });

  num('BufferSize', h.bufferSize);
  fields.push({ name: 'Version', value: h.version, text: String(h.version) });
  num('ProviderVersion', h.providerVersion);
  num('NumberOfProcessors', h.numberOfProcessors);
  big('EndTime', h.endTime);
  num('TimerResolution', h.timerResolution);
  num('MaxFileSize', h.maximumFileSize);
  hx('LogFileMode', h.logFileMode);
  num('BuffersWritten', h.buffersWritten);
  num('StartBuffers', h.startBuffers);
  num('PointerSize', h.pointerSize);
  num('EventsLost', h.eventsLost);
  num('CPUSpeed', h.cpuSpeedInMHz);
  hx('LoggerName', pointerAt(r.payload, 0x38, ptr));
  hx('LogFileName', pointerAt(r.payload, 0x38 + ptr, ptr));
  big('BootTime', h.bootTime);
  big('PerfFreq', h.perfFreq);
  big('StartTime', h.startTime);
  hx('ReservedFlags', h.reservedFlags);
  num('BuffersLost', h.buffersLost);
  str('SessionNameString', h.loggerName);
  str('LogFileNameString', h.logFileName);

  const p = emptyPayload();
  p.source = 'kernel';
  p.providerName = 'MSNT_SystemTrace';
  p.eventName = 'EventTrace';
  p.taskName = 'EventTrace';
  p.opcodeName = 'Header';
  p.fields = fields;
  return p;
}
