/**
 * The index pass (docs/architecture.md F1): walk the buffer headers of a file
 * by their stored sizes, validate them, and note where each buffer's valid data
 * ends. Damaged or truncated regions become warnings; nothing here reads events.
 *
 * What a file says about its own buffers is checked here, buffer by buffer:
 * - an uncompressed buffer of a file not in compressed mode is exactly the
 *   log-file header's BufferSize long (every buffer of a session has that size);
 *   one that claims otherwise is read at that size, with a warning;
 * - no buffer holds more valid data (FilledBytes, after decompression) than that
 *   BufferSize; one that claims more is skipped, with a warning (this also bounds
 *   the memory a buffer can claim);
 * - a buffer header of zeros ends the trace only when nothing but zeros follows
 *   (pre-allocated space never written); data after it means buffers were wiped;
 * - the file ends on a buffer boundary: any shorter tail is a cut.
 *
 * Asked to (a report cut into time slices needs every buffer's place on the time
 * line), it also reads the time of each uncompressed buffer's first record from
 * the same read as the header (first-record-time.ts).
 */
import { readSync } from 'node:fs';
import { BUFFER_HEADER_SIZE, BufferFlag, readBufferHeader, type BufferHeader } from './buffer-header.js';
import type { EtlWarning } from './errors.js';
import { firstRecordTime, FIRST_RECORD_READ, type RawTime } from './first-record-time.js';

/** Largest buffer size Windows allows (16 MiB since Windows 8). */
export const MAX_BUFFER_SIZE = 16 * 1024 * 1024;

/** LogFileMode bit EVENT_TRACE_COMPRESSED_MODE: buffers are stored at their compressed size. */
export const COMPRESSED_MODE = 0x04000000;

export interface BufferEntry {
  offset: number;
  header: BufferHeader;
  compressed: boolean;
  /** Stored bytes actually present in the file (less than bufferSize when truncated). */
  available: number;
  /** End of valid data after decompression, header included. */
  validEnd: number;
  /** Position of this buffer in file order. */
  fileOrder: number;
  /**
   * The raw time of the buffer's first record as the index pass read it (firstRecordTime: null
   * when it has no time of its own); undefined when not read (not asked, a compressed buffer, or
   * a first record longer than the read).
   */
  firstTime: RawTime | null | undefined;
}

/** What the log-file header says about every buffer of the file. */
export interface BufferFacts {
  /** The session's buffer size (TRACE_LOGFILE_HEADER.BufferSize). */
  bufferSize: number;
  logFileMode: number;
}

function allBytes(b: Buffer, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== value) return false;
  return true;
}

const ZERO_CHUNK = Buffer.alloc(1 << 20);

/** Offset of the first non-zero byte at or after `from`, or -1 when only zeros follow (read in 1 MiB chunks). */
function firstNonZero(fd: number, from: number, fileSize: number): number {
  const chunk = Buffer.allocUnsafe(ZERO_CHUNK.length);
  for (let off = from; off < fileSize; off += chunk.length) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, fileSize - off), off);
    if (n <= 0) return -1;
    if (chunk.subarray(0, n).equals(ZERO_CHUNK.subarray(0, n))) continue;
    for (let i = 0; i < n; i++) if (chunk[i] !== 0) return off + i;
  }
  return -1;
}

const hex = (n: number) => `0x${n.toString(16)}`;

export interface BufferIndex {
  buffers: BufferEntry[];
  /** The walk ended in zeros up to the end of the file: space pre-allocated and never written. */
  unwrittenTail: boolean;
}

/**
 * Index every buffer of an open file, checking each against the log-file header's `facts`;
 * with `firstTimes`, note each uncompressed buffer's first record time too (BufferEntry.firstTime).
 */
export function indexBuffers(fd: number, fileSize: number, file: string, facts: BufferFacts, warn: (w: EtlWarning) => void, firstTimes = false): BufferIndex {
  const out: BufferEntry[] = [];
  const hb = Buffer.alloc(firstTimes ? FIRST_RECORD_READ : BUFFER_HEADER_SIZE);
  let logical = facts.bufferSize >= BUFFER_HEADER_SIZE && facts.bufferSize <= MAX_BUFFER_SIZE ? facts.bufferSize : 0;
  const compressedMode = (facts.logFileMode & COMPRESSED_MODE) !== 0;
  // Uncompressed files step by the session's buffer size past a damaged header.
  let stride = compressedMode ? 0 : logical;
  let off = 0;
  let resyncing = false;
  const resync = (): boolean => {
    if (stride === 0) return false;
    off = (Math.floor(off / stride) + 1) * stride;
    resyncing = true;
    return true;
  };
  while (off + BUFFER_HEADER_SIZE <= fileSize) {
    const read = readSync(fd, hb, 0, Math.min(hb.length, fileSize - off), off);
    const h = readBufferHeader(hb, 0);
    const compressed = (h.bufferFlag & BufferFlag.COMPRESSED) !== 0;
    if (h.bufferSize === 0 && allBytes(hb, 0, BUFFER_HEADER_SIZE, 0)) {
      const data = firstNonZero(fd, off + BUFFER_HEADER_SIZE, fileSize);
      // Pre-allocated space that was never written: the end of the trace.
      if (data < 0) return { buffers: out, unwrittenTail: true };
      if (!resyncing) {
        warn({
          file, offset: off,
          message: `buffer header of zeros, but data follows at ${hex(data)}: buffers were wiped; ${stride === 0 ? 'without a fixed buffer size the rest of the file cannot be placed and is skipped' : 'reading resumes at the next buffer'}`,
        });
      }
      if (!resync()) return { buffers: out, unwrittenTail: false };
      // Straight on to the buffer where the data starts (a wiped region is scanned once).
      off = Math.max(off, Math.floor(data / stride) * stride);
      continue;
    }
    const sizeOk = h.bufferSize >= BUFFER_HEADER_SIZE && h.bufferSize <= MAX_BUFFER_SIZE + BUFFER_HEADER_SIZE;
    if (!sizeOk) {
      if (!resyncing) warn({ file, offset: off, message: `damaged buffer header (BufferSize ${h.bufferSize}); skipping it` });
      if (resync()) continue;
      return { buffers: out, unwrittenTail: false };
    }
    if (off === 0 && !compressedMode && !compressed && h.bufferSize !== logical && h.bufferSize <= MAX_BUFFER_SIZE) {
      // The first buffer and the log-file header (which it holds) disagree: the buffer's own size places the buffers.
      warn({ file, offset: 0, message: `the log-file header says BufferSize ${facts.bufferSize}, but the first buffer is ${h.bufferSize} bytes; buffers are read at ${h.bufferSize}` });
      logical = stride = h.bufferSize;
    }
    let stored = h.bufferSize;
    if (stride !== 0 && !compressed && stored !== stride) {
      warn({ file, offset: off, message: `buffer header claims BufferSize ${stored}, but the log-file header says every buffer has ${stride}; read as ${stride}` });
      stored = stride;
    }
    let validEnd: number;
    // Writers keep SavedOffset at or below FilledBytes (equal in compressed buffers): a larger one means data up to it was written.
    const savedBeyond = (limit: number) => {
      if (h.savedOffset <= h.filledBytes || h.savedOffset > limit) return false;
      warn({ file, offset: off, message: `buffer FilledBytes ${h.filledBytes} is less than its SavedOffset ${h.savedOffset}; reading up to SavedOffset` });
      return true;
    };
    if (compressed) {
      validEnd = h.filledBytes >= BUFFER_HEADER_SIZE && h.filledBytes <= MAX_BUFFER_SIZE + BUFFER_HEADER_SIZE ? h.filledBytes : -1;
      if (validEnd >= 0 && savedBeyond(logical !== 0 ? logical : MAX_BUFFER_SIZE + BUFFER_HEADER_SIZE)) validEnd = h.savedOffset;
    } else if (h.filledBytes >= BUFFER_HEADER_SIZE && h.filledBytes <= stored) {
      validEnd = savedBeyond(stored) ? h.savedOffset : h.filledBytes;
    } else if (h.savedOffset >= BUFFER_HEADER_SIZE && h.savedOffset <= stored) {
      validEnd = h.savedOffset;
      warn({ file, offset: off, message: `buffer FilledBytes ${h.filledBytes} is implausible; using SavedOffset ${h.savedOffset}` });
    } else {
      validEnd = -1;
    }
    if (validEnd < 0) {
      warn({ file, offset: off, message: `damaged buffer header (FilledBytes ${h.filledBytes}, SavedOffset ${h.savedOffset}); skipping the buffer` });
      off += stored;
      continue;
    }
    if (logical !== 0 && validEnd > logical) {
      warn({ file, offset: off, message: `buffer claims ${validEnd} bytes of data (FilledBytes), more than the log-file header's BufferSize ${logical}; skipping the buffer` });
      off += stored;
      continue;
    }
    resyncing = false;
    const available = Math.min(stored, fileSize - off);
    if (available < stored) {
      warn({ file, offset: off, message: `file truncated: the buffer here needs ${stored} bytes, only ${available} are present` });
    }
    const entry: BufferEntry = { offset: off, header: stored === h.bufferSize ? h : { ...h, bufferSize: stored }, compressed, available, validEnd, fileOrder: out.length, firstTime: undefined };
    if (firstTimes && !compressed) {
      const valid = Math.min(available, validEnd);
      const end = Math.min(read, valid);
      // The record is not kept: its file index does not matter here.
      const t = firstRecordTime(hb, end, { cpu: h.processorIndex, loggerId: h.loggerId, fileIndex: 0, bufferOffset: off, compressed }, end >= valid);
      entry.firstTime = t;
    }
    out.push(entry);
    off += stored;
  }
  if (off < fileSize) {
    const rest = Buffer.alloc(fileSize - off);
    readSync(fd, rest, 0, rest.length, off);
    // A wiped (zero) region that reaches the end is pre-allocated space, cut or not; otherwise the file was cut in a buffer header.
    if (!resyncing || !allBytes(rest, 0, rest.length, 0)) {
      warn({ file, offset: off, message: `file truncated: ${fileSize - off} trailing bytes do not hold a whole buffer header` });
    }
  }
  return { buffers: out, unwrittenTail: false };
}
