/**
 * The records of one buffer held in memory, laid out as in an .etl file (F1): a
 * real-time session's buffer as ETW hands it to a buffer callback. Decompressed
 * when flagged (F9), then walked record by record with the file reader's record
 * parser (event-header.ts); each record gets its clock and time key. A record
 * that cannot be read ends the buffer, as in a file; filler and padding are not
 * damage.
 */
import { BUFFER_HEADER_SIZE, BufferFlag, readBufferHeader } from './buffer-header.js';
import type { ClockConverter } from './clock.js';
import { readRecord, RecordDamage, type RawParts } from './event-header.js';
import type { EtlRecord } from './record.js';
import { decompressPlainLz77, XpressError } from './xpress.js';

export interface BufferRecordsOptions {
  fileIndex: number;
  clock: ClockConverter;
  /** The raw time of the previous record of the same processor (WPP messages without a timestamp take it); updated. */
  last: RawParts;
  onRecord: (r: EtlRecord) => void;
  /** Where in the (decompressed) buffer reading stopped, and why. */
  onDamage: (offsetInBuffer: number, reason: string) => void;
}

/** Hands every record of `b` to `onRecord`; returns how many. */
export function readBufferRecords(b: Buffer, o: BufferRecordsOptions): number {
  if (b.length < BUFFER_HEADER_SIZE) {
    o.onDamage(0, `a buffer of ${b.length} bytes is shorter than its header`);
    return 0;
  }
  const h = readBufferHeader(b, 0);
  const compressed = (h.bufferFlag & BufferFlag.COMPRESSED) !== 0;
  let data = b;
  // FilledBytes ends the valid data; a value outside the buffer falls back to the size ETW gave.
  let end = h.filledBytes >= BUFFER_HEADER_SIZE && h.filledBytes <= b.length ? h.filledBytes : b.length;
  if (compressed) {
    data = Buffer.alloc(Math.max(h.filledBytes, BUFFER_HEADER_SIZE));
    b.copy(data, 0, 0, BUFFER_HEADER_SIZE);
    try {
      end = BUFFER_HEADER_SIZE + decompressPlainLz77(b, BUFFER_HEADER_SIZE, b.length, data, BUFFER_HEADER_SIZE, data.length - BUFFER_HEADER_SIZE);
    } catch (e) {
      o.onDamage(BUFFER_HEADER_SIZE, `compressed buffer is damaged (${(e as XpressError).message})`);
      return 0;
    }
  }
  const ctx = { cpu: h.processorIndex, loggerId: h.loggerId, fileIndex: o.fileIndex, bufferOffset: 0, compressed };
  let pos = BUFFER_HEADER_SIZE;
  let records = 0;
  while (pos + 4 <= end) {
    const r = readRecord(data, pos, end, ctx, o.last);
    if (r instanceof RecordDamage) {
      if (r.reason !== 'filler' && !onlyPadding(data, pos, end)) o.onDamage(pos, r.reason);
      break;
    }
    r.clock = o.clock;
    r.timeKey = o.clock.key(r.rawLo, r.rawHi);
    o.last.lo = r.rawLo;
    o.last.hi = r.rawHi;
    pos += (r.size + 7) & ~7;
    records++;
    o.onRecord(r);
  }
  return records;
}

function onlyPadding(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0 && b[i] !== 0xff) return false;
  return true;
}
