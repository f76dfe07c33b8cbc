/**
 * The index pass (docs/architecture.md F1): walk the buffer headers of a file
 * by their stored sizes, validate them, and note where each buffer's valid data
 * ends. Damaged or truncated regions become warnings; nothing here reads events.
 */
import { readSync } from 'node:fs';
import { BUFFER_HEADER_SIZE, BufferFlag, readBufferHeader, type BufferHeader } from './buffer-header.js';
import type { EtlWarning } from './errors.js';

/** Largest buffer size Windows allows (16 MiB since Windows 8). */
const MAX_BUFFER_SIZE = 16 * 1024 * 1024;

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
}

function allBytes(b: Buffer, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== value) return false;
  return true;
}

/**
 * Index every buffer of an open file. `strideHint` is the logical buffer size from
 * the log-file header, used to step over a damaged header in uncompressed files.
 */
export function indexBuffers(fd: number, fileSize: number, file: string, strideHint: number, warn: (w: EtlWarning) => void): BufferEntry[] {
  const out: BufferEntry[] = [];
  const hb = Buffer.alloc(BUFFER_HEADER_SIZE);
  let off = 0;
  let resyncing = false;
  while (off + BUFFER_HEADER_SIZE <= fileSize) {
    readSync(fd, hb, 0, BUFFER_HEADER_SIZE, off);
    const h = readBufferHeader(hb, 0);
    const compressed = (h.bufferFlag & BufferFlag.COMPRESSED) !== 0;
    const sizeOk = h.bufferSize >= BUFFER_HEADER_SIZE && h.bufferSize <= MAX_BUFFER_SIZE + BUFFER_HEADER_SIZE;
    if (h.bufferSize === 0 && allBytes(hb, 0, BUFFER_HEADER_SIZE, 0)) {
      // Pre-allocated space that was never written: the end of the trace.
      return out;
    }
    if (!sizeOk) {
      if (!resyncing) warn({ file, offset: off, message: `damaged buffer header (BufferSize ${h.bufferSize}); skipping it` });
      if (strideHint >= BUFFER_HEADER_SIZE && !compressed) {
        off = (Math.floor(off / strideHint) + 1) * strideHint;
        resyncing = true;
        continue;
      }
      return out;
    }
    let validEnd: number;
    if (compressed) {
      validEnd = h.filledBytes >= BUFFER_HEADER_SIZE && h.filledBytes <= MAX_BUFFER_SIZE + BUFFER_HEADER_SIZE ? h.filledBytes : -1;
    } else if (h.filledBytes >= BUFFER_HEADER_SIZE && h.filledBytes <= h.bufferSize) {
      validEnd = h.filledBytes;
    } else if (h.savedOffset >= BUFFER_HEADER_SIZE && h.savedOffset <= h.bufferSize) {
      validEnd = h.savedOffset;
      warn({ file, offset: off, message: `buffer FilledBytes ${h.filledBytes} is implausible; using SavedOffset ${h.savedOffset}` });
    } else {
      validEnd = -1;
    }
    if (validEnd < 0) {
      warn({ file, offset: off, message: `damaged buffer header (FilledBytes ${h.filledBytes}, SavedOffset ${h.savedOffset}); skipping the buffer` });
      off += h.bufferSize;
      continue;
    }
    resyncing = false;
    const available = Math.min(h.bufferSize, fileSize - off);
    if (available < h.bufferSize) {
      warn({ file, offset: off, message: `file truncated: the buffer here needs ${h.bufferSize} bytes, only ${available} are present` });
    }
    out.push({ offset: off, header: h, compressed, available, validEnd, fileOrder: out.length });
    off += h.bufferSize;
  }
  if (off < fileSize) {
    const rest = Buffer.alloc(Math.min(fileSize - off, BUFFER_HEADER_SIZE));
    readSync(fd, rest, 0, rest.length, off);
    if (!allBytes(rest, 0, rest.length, 0) && !allBytes(rest, 0, rest.length, 0xff)) {
      warn({ file, offset: off, message: `file truncated: ${fileSize - off} trailing bytes do not hold a whole buffer header` });
    }
  }
  return out;
}
