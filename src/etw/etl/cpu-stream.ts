/**
 * One processor's stream of records: its buffers in SequenceNumber order, read
 * (and decompressed) one at a time into a single reused buffer, walked record by
 * record (docs/architecture.md F1, F9).
 */
import { readSync } from 'node:fs';
import { BUFFER_HEADER_SIZE } from './buffer-header.js';
import type { BufferEntry } from './buffer-index.js';
import type { EtlWarning } from './errors.js';
import { readRecord, readSystemIdentity, RecordDamage, type BufferContext, type ReadRecord, type RawParts, type RecordIdentity } from './event-header.js';
import { firstRecordTime, FIRST_RECORD_READ, type RawTime } from './first-record-time.js';
import { comesAfter, type StreamPlace } from './merge-order.js';
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
/** firstKeyOf's reads: the start of a buffer, and a whole (decompressed) buffer when the first record needs it. */
const firstBytes = Buffer.alloc(FIRST_RECORD_READ);
let wholeBuffer = Buffer.alloc(0);

/**
 * The count pass's view of the record just scanned (see CpuStream.scanNext): its
 * identity and the facts that place it in the merged order.
 */
export interface ScannedRecord extends RecordIdentity {
  timeKey: number;
  /** Sequence number of its buffer, then its offset there: the merge's tie-breaks. */
  seq: number;
  offsetInBuffer: number;
  /** Index of its buffer in this stream (for recordAt). */
  bufIndex: number;
  /** The full record when the scan had to build one (all but plain kernel records); valid until the next scan. */
  record: ReadRecord | null;
}

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
  /** Stored bytes of the buffers loaded so far (for progress). */
  loadedBytes = 0;
  /** skipBefore's view of a record it reads past. */
  private readonly skipped: RecordIdentity = { kind: 'system', providerId: null, id: null, version: null, opcode: null, size: 0, payloadSize: 0, pointerSize: 8, rawLo: 0, rawHi: 0 };
  /** Re-reading (recordAt): damage was reported the first time. */
  private quiet = false;

  /** `buffers` fit the stream's share of the memory limit (reader.ts); its buffer grows to the largest as they load. */
  constructor(private readonly file: StreamFile, private readonly buffers: BufferEntry[]) {
    this.data = Buffer.alloc(BUFFER_HEADER_SIZE);
  }

  /** Index of the file this stream belongs to. */
  get fileIndex(): number {
    return this.file.fileIndex;
  }

  /** Buffers of this stream (after the memory limit). */
  get bufferCount(): number {
    return this.buffers.length;
  }

  /** Stored bytes of buffer `i` present in the file. */
  bufferBytes(i: number): number {
    return this.buffers[i]!.available;
  }

  /** Index of the buffer holding `head` (valid while head is not null). */
  get headBuffer(): number {
    return this.bufIndex;
  }

  /**
   * Read on from buffer `i` as if the stream began there (the next advance loads
   * it), at any time: a time slice of a report (src/etw/report/threads/) reads
   * only the buffers it needs, and one worker's streams serve all its slices.
   */
  startAt(i: number): void {
    this.bufIndex = i - 1;
    this.head = null;
    this.pos = 0;
    this.end = 0;
    this.last.lo = 0;
    this.last.hi = 0;
    this.quiet = false;
  }

  /**
   * The ordering key of the first record of buffer `i`, or NaN when it has none or
   * its time comes from the record before it (a message without a time stamp):
   * the time the index pass read (ReadOptions.firstTimes), else read from the
   * start of an uncompressed buffer (first-record-time.ts), without warnings. Moves nothing.
   */
  firstKeyOf(i: number): number {
    const e = this.buffers[i]!;
    let t = e.firstTime;
    if (t === undefined) t = this.readFirstTime(e);
    return t === null ? NaN : this.file.clock.key(t.lo, t.hi);
  }

  private readFirstTime(e: BufferEntry): RawTime | null {
    const valid = Math.min(e.available, e.validEnd);
    const ctx: BufferContext = { cpu: e.header.processorIndex, loggerId: e.header.loggerId, fileIndex: this.file.fileIndex, bufferOffset: e.offset, compressed: e.compressed };
    // The bytes go to the shared scratch buffers (a trace has tens of thousands of buffers: no allocation each).
    if (!e.compressed) {
      const end = readSync(this.file.fd, firstBytes, 0, Math.min(valid, firstBytes.length), e.offset);
      const t = firstRecordTime(firstBytes, end, ctx, end >= valid);
      if (t !== undefined) return t;
      // The first record is longer than the first read: read the whole buffer.
      if (wholeBuffer.length < valid) wholeBuffer = Buffer.alloc(valid);
      return firstRecordTime(wholeBuffer, readSync(this.file.fd, wholeBuffer, 0, valid, e.offset), ctx, true) ?? null;
    }
    if (scratch.length < e.available) scratch = Buffer.alloc(e.available);
    const n = readSync(this.file.fd, scratch, 0, e.available, e.offset);
    if (wholeBuffer.length < e.validEnd) wholeBuffer = Buffer.alloc(e.validEnd);
    let end: number;
    try {
      end = BUFFER_HEADER_SIZE + decompressPlainLz77(scratch, BUFFER_HEADER_SIZE, n, wholeBuffer, BUFFER_HEADER_SIZE, e.validEnd - BUFFER_HEADER_SIZE);
    } catch {
      return null;
    }
    return firstRecordTime(wholeBuffer, end, ctx, true) ?? null;
  }

  /** Move `head` to the next record (loading buffers as needed). */
  advance(): void {
    for (;;) {
      if (this.bufIndex >= 0 && this.pos + 4 <= this.end) {
        const r = readRecord(this.data, this.pos, this.end, this.ctx, this.last);
        if (!(r instanceof RecordDamage)) {
          this.accept(r);
          this.head = r;
          return;
        }
        this.damaged(r);
      }
      if (!this.loadNext()) {
        this.head = null;
        return;
      }
    }
  }

  /**
   * Move `head` to the first record whose ordering key is at least `lo` (where a
   * report's time slice starts in this stream), with the same records, damage
   * warnings and head as calls of advance() until then; the records before it
   * are read only as far as their header needs where it allows (plain
   * SYSTEM/COMPACT/PERFINFO headers, as scanNext). Each record read, the head
   * included, must come after the one before it in the merge order
   * (merge-order.ts; `place` holds the last one's and is updated): false as soon
   * as one does not, true otherwise (head is then null at the stream's end).
   */
  skipBefore(lo: number, place: StreamPlace): boolean {
    const id = this.skipped;
    for (;;) {
      if (this.bufIndex >= 0 && this.pos + 4 <= this.end) {
        const pos = this.pos;
        if (readSystemIdentity(this.data, pos, this.end, id)) {
          const key = this.file.clock.key(id.rawLo, id.rawHi);
          if (key < lo) {
            if (!comesAfter(place, key, this.headSeq, pos)) return false;
            this.last.lo = id.rawLo;
            this.last.hi = id.rawHi;
            this.pos += (id.size + 7) & ~7;
            this.records++;
            continue;
          }
        }
        const r = readRecord(this.data, pos, this.end, this.ctx, this.last);
        if (r instanceof RecordDamage) {
          this.damaged(r);
          continue;
        }
        this.accept(r);
        if (!comesAfter(place, this.headKey, this.headSeq, pos)) return false;
        if (this.headKey >= lo) {
          this.head = r;
          return true;
        }
        continue;
      }
      if (!this.loadNext()) {
        this.head = null;
        return true;
      }
    }
  }

  /**
   * The count pass's step: the next record's identity into `out` without building
   * the record where its header allows (plain SYSTEM/COMPACT/PERFINFO), through
   * readRecord otherwise; the same records and damage warnings as advance().
   * False at the end of the stream. Does not touch `head`.
   */
  scanNext(out: ScannedRecord): boolean {
    for (;;) {
      if (this.bufIndex >= 0 && this.pos + 4 <= this.end) {
        const pos = this.pos;
        if (readSystemIdentity(this.data, pos, this.end, out)) {
          out.record = null;
          out.timeKey = this.file.clock.key(out.rawLo, out.rawHi);
          this.last.lo = out.rawLo;
          this.last.hi = out.rawHi;
          this.pos += (out.size + 7) & ~7;
          this.records++;
        } else {
          const r = readRecord(this.data, pos, this.end, this.ctx, this.last);
          if (r instanceof RecordDamage) { this.damaged(r); continue; }
          this.accept(r);
          out.kind = r.kind; out.providerId = r.providerId; out.id = r.id; out.version = r.version; out.opcode = r.opcode;
          out.size = r.size; out.rawLo = r.rawLo; out.rawHi = r.rawHi; out.timeKey = r.timeKey;
          out.payloadSize = r.payloadSize; out.pointerSize = r.pointerSize;
          out.record = r;
        }
        out.seq = this.headSeq;
        out.offsetInBuffer = pos;
        out.bufIndex = this.bufIndex;
        return true;
      }
      if (!this.loadNext()) return false;
    }
  }

  /**
   * The full record of what scanNext just gave `s` (built from the loaded buffer,
   * without moving the scan): its own record when the scan built one.
   */
  recordOfScan(s: ScannedRecord): ReadRecord {
    if (s.record !== null) return s.record;
    const r = readRecord(this.data, s.offsetInBuffer, this.end, this.ctx, { lo: s.rawLo, hi: s.rawHi });
    if (r instanceof RecordDamage) throw new Error(`record at 0x${s.offsetInBuffer.toString(16)} of buffer ${s.bufIndex} of ${this.file.path} no longer reads: ${r.reason}`);
    r.clock = this.file.clock;
    r.timeKey = s.timeKey;
    return r;
  }

  /**
   * The record at `pos` of buffer `bufIndex` (read again, without warnings), after
   * a scan (it moves the stream: not during one): `raw` is its raw time as scanned (WPP messages without a timestamp take it).
   */
  recordAt(bufIndex: number, pos: number, raw: RawParts): ReadRecord {
    this.quiet = true;
    try {
      this.bufIndex = bufIndex - 1;
      if (!this.loadNext() || this.bufIndex !== bufIndex) throw new Error(`buffer ${bufIndex} of ${this.file.path} no longer reads`);
      const r = readRecord(this.data, pos, this.end, this.ctx, raw);
      if (r instanceof RecordDamage) throw new Error(`record at 0x${pos.toString(16)} of buffer ${bufIndex} of ${this.file.path} no longer reads: ${r.reason}`);
      r.clock = this.file.clock;
      r.timeKey = this.file.clock.key(r.rawLo, r.rawHi);
      return r;
    } finally {
      this.quiet = false;
    }
  }

  /** Finish a record read at `pos`: its clock and ordering key, and move past it. */
  private accept(r: ReadRecord): void {
    r.clock = this.file.clock;
    this.headKey = r.timeKey = this.file.clock.key(r.rawLo, r.rawHi);
    this.last.lo = r.rawLo;
    this.last.hi = r.rawHi;
    this.pos += (r.size + 7) & ~7;
    this.records++;
  }

  /** A record that cannot be read: warn (unless it is filler, padding or a truncation already reported) and skip the rest of the buffer. */
  private damaged(r: RecordDamage): void {
    const e = this.buffers[this.bufIndex]!;
    const truncated = e.available < e.header.bufferSize; // already reported by the index pass
    if (r.reason !== 'filler' && !truncated && !this.quiet && !this.onlyPadding()) {
      this.file.warn({
        file: this.file.path,
        offset: e.compressed ? e.offset : e.offset + this.pos,
        message: `${r.reason}${e.compressed ? ` (at 0x${this.pos.toString(16)} of the decompressed buffer)` : ''}; the rest of this buffer is skipped`,
      });
    }
    this.pos = this.end;
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
      this.loadedBytes += e.available;
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
          if (e.available === h.bufferSize && !this.quiet) this.file.warn({ file: this.file.path, offset: e.offset + (x.inputOffset ?? 0), message: `compressed buffer is damaged (${x.message}); the rest of this buffer is skipped` });
          produced = 0;
        }
        if (produced < expected && produced > 0 && e.available === h.bufferSize && !this.quiet) {
          this.file.warn({ file: this.file.path, offset: e.offset, message: `compressed buffer decompressed to ${produced} of ${expected} bytes; only complete records are read` });
        }
        this.end = BUFFER_HEADER_SIZE + produced;
      }
      if (this.end > this.pos) return true;
    }
    return false;
  }
}

