/**
 * One processor's stream of records: its buffers in SequenceNumber order, read
 * (and decompressed) one at a time into a single reused buffer, walked record by
 * record (etl-format.md §1.3, §1.4, §9).
 */
import { readSync } from 'node:fs';
import { BUFFER_HEADER_SIZE } from './buffer-header.js';
import type { BufferEntry } from './buffer-index.js';
import type { EtlWarning } from './errors.js';
import { readRecord, RecordDamage, type BufferContext, type ReadRecord, type RawParts } from './event-header.js';
import { decompressPlainLz77, XpressError } from './xpress.js';
import type { ClockConverter } from './clock.js';

export interface StreamFile {
  path: string;
  fd: number;
  fileIndex: number;
  clock: ClockConverter;
  warn: (w: EtlWarning) => void;
}

/** Scratch space for compressed bytes, shared by all streams (only one buffer is loaded at a time). */
let scratch = Buffer.alloc(64 * 1024);

export class CpuStream {
  /** The next record of this stream, or null when the stream is exhausted. */
  head: ReadRecord | null = null;
  /** Ordering key of `head` (converted time as a double, see ClockConverter.key). */
  headKey = 0;
  /** Sequence number of the buffer holding `head` (merge tie-break). */
  headSeq = 0;
  private data: Buffer;
  private bufIndex = -1;
  private pos = 0;
  private end = 0;
  private readonly last: RawParts = { lo: 0, hi: 0 };
  private ctx: BufferContext = { cpu: 0, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false };
  records = 0;

  constructor(private readonly file: StreamFile, private readonly buffers: BufferEntry[], maxBuffer: number) {
    this.data = Buffer.alloc(Math.max(maxBuffer, BUFFER_HEADER_SIZE));
  }

  /** Move `head` to the next record (loading buffers as needed). */
  advance(): void {
    for (;;) {
      if (this.bufIndex >= 0 && this.pos + 4 <= this.end) {
        const r = readRecord(this.data, this.pos, this.end, this.ctx, this.last);
        if (!(r instanceof RecordDamage)) {
          r.clock = this.file.clock;
          this.headKey = r.timeKey = this.file.clock.key(r.rawLo, r.rawHi);
          this.last.lo = r.rawLo;
          this.last.hi = r.rawHi;
          this.pos += (r.size + 7) & ~7;
          this.head = r;
          this.records++;
          return;
        }
        const e = this.buffers[this.bufIndex]!;
        const truncated = e.available < e.header.bufferSize; // already reported by the index pass
        if (r.reason !== 'filler' && !truncated && !this.onlyPadding()) {
          this.file.warn({
            file: this.file.path,
            offset: e.compressed ? e.offset : e.offset + this.pos,
            message: `${r.reason}${e.compressed ? ` (at 0x${this.pos.toString(16)} of the decompressed buffer)` : ''}; the rest of this buffer is skipped`,
          });
        }
        this.pos = this.end;
      }
      if (!this.loadNext()) {
        this.head = null;
        return;
      }
    }
  }

  /** True when everything from pos to end is 0x00 or 0xFF (alignment tail, filler). */
  private onlyPadding(): boolean {
    const b = this.data;
    for (let i = this.pos; i < this.end; i++) if (b[i] !== 0 && b[i] !== 0xff) return false;
    return true;
  }

  private loadNext(): boolean {
    while (++this.bufIndex < this.buffers.length) {
      const e = this.buffers[this.bufIndex]!;
      const h = e.header;
      this.ctx = { cpu: h.processorIndex, loggerId: h.loggerId, fileIndex: this.file.fileIndex, bufferOffset: e.offset, compressed: e.compressed };
      this.headSeq = Number(h.sequenceNumber);
      this.pos = BUFFER_HEADER_SIZE;
      if (e.validEnd > this.data.length) this.data = Buffer.alloc(e.validEnd);
      if (!e.compressed) {
        const n = readSync(this.file.fd, this.data, 0, Math.min(e.available, e.validEnd), e.offset);
        this.end = Math.min(e.validEnd, n);
      } else {
        if (scratch.length < e.available) scratch = Buffer.alloc(e.available);
        const n = readSync(this.file.fd, scratch, 0, e.available, e.offset);
        scratch.copy(this.data, 0, 0, BUFFER_HEADER_SIZE);
        const expected = e.validEnd - BUFFER_HEADER_SIZE;
        let produced: number;
        try {
          produced = decompressPlainLz77(scratch, BUFFER_HEADER_SIZE, n, this.data, BUFFER_HEADER_SIZE, expected);
        } catch (err) {
          const x = err as XpressError;
          if (e.available === h.bufferSize) this.file.warn({ file: this.file.path, offset: e.offset + (x.inputOffset ?? 0), message: `compressed buffer is damaged (${x.message}); the rest of this buffer is skipped` });
          produced = 0;
        }
        if (produced < expected && produced > 0 && e.available === h.bufferSize) {
          this.file.warn({ file: this.file.path, offset: e.offset, message: `compressed buffer decompressed to ${produced} of ${expected} bytes; only complete records are read` });
        }
        this.end = BUFFER_HEADER_SIZE + produced;
      }
      if (this.end > this.pos) return true;
    }
    return false;
  }
}
