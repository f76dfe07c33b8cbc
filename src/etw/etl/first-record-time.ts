/**
 * The raw time stamp of a buffer's first record, from the buffer's first bytes:
 * what places a buffer on a report's time line when the time line is cut into
 * slices (src/etw/report/threads/slice-plan.ts). The index pass reads it with
 * each buffer header when asked (one read per buffer instead of two), and a
 * stream reads it from the file otherwise (CpuStream.firstKeyOf).
 */
import { BUFFER_HEADER_SIZE } from './buffer-header.js';
import { readRecord, readSystemIdentity, RecordDamage, type BufferContext, type RecordIdentity } from './event-header.js';

/** The low and high 32 bits of a record's raw time stamp. */
export interface RawTime {
  lo: number;
  hi: number;
}

const identity: RecordIdentity = { kind: 'system', providerId: null, id: null, version: null, opcode: null, size: 0, payloadSize: 0, pointerSize: 8, rawLo: 0, rawHi: 0 };

/** Bytes read from the start of a buffer to find its first record's time (a first record longer than this needs the whole buffer). */
export const FIRST_RECORD_READ = 4096;

/**
 * The first record's own time in data[BUFFER_HEADER_SIZE, end) (a buffer's
 * bytes from its start, decompressed): null when the buffer has no readable
 * first record or the record takes its time from the record before it (a
 * message without a time stamp: its time then changes with what it is read
 * after); undefined when the first record runs past `end` and `complete` is
 * false (the caller has only the buffer's first bytes).
 */
export function firstRecordTime(data: Buffer, end: number, ctx: BufferContext, complete: boolean): RawTime | null | undefined {
  // Kernel headers (SYSTEM, COMPACT, PERFINFO) always carry their own time: read straight from the header.
  if (readSystemIdentity(data, BUFFER_HEADER_SIZE, end, identity)) return { lo: identity.rawLo, hi: identity.rawHi };
  const r = readRecord(data, BUFFER_HEADER_SIZE, end, ctx, { lo: 0, hi: 0 });
  if (r instanceof RecordDamage) return complete ? null : undefined;
  const lo = r.rawLo, hi = r.rawHi;
  const again = readRecord(data, BUFFER_HEADER_SIZE, end, ctx, { lo: 1, hi: 1 });
  if (again instanceof RecordDamage || again.rawLo !== lo || again.rawHi !== hi) return null;
  return { lo, hi };
}
