/**
 * The time-ordered merge of real-time buffers (docs/architecture.md F14, "Whole
 * buffers"): ETW hands a buffer consumer each processor's buffers as they fill or
 * are flushed, so records arrive in buffer order per processor, processors (and
 * sessions) interleaved at random. This merge holds them in one queue per
 * (session, processor) stream and releases them in the order the file reader
 * gives (`recordBefore`: converted time, then session, buffer sequence number,
 * position in the buffer), as a k-way merge of the stream queues like the file
 * reader's, once that order is safe:
 *  - a record at time t goes out when every stream with nothing queued has
 *    delivered a record later than t (its watermark). The session's processors
 *    (NumberOfProcessors of its header) are expected from the start;
 *  - a stream that delivered nothing for `quietMs` of wall time (an idle
 *    processor: ETW delivers no empty buffers) stops holding the others back
 *    until it delivers again; records it then delivers that are older than ones
 *    already written are written late, with one warning;
 *  - when the records held take more than `maxHeldBytes` (counted as the buffers
 *    they keep alive), the oldest are released until a quarter is freed, with one
 *    warning that time order is no longer guaranteed; nothing is dropped;
 *  - flush() releases everything (the sessions stopped, Ctrl-C).
 * Nothing here knows of ETW calls or timers: the caller hands in buffers' records
 * and calls release() now and then; the clock is injectable.
 */
import { MinHeap } from '../etl/min-heap.js';
import { recordBefore } from '../etl/merge-order.js';
import type { EtlRecord } from '../etl/record.js';

/** How long a stream may deliver nothing before it stops holding the others back (wall time). */
export const DEFAULT_QUIET_MS = 2000;
/** The most the merge holds by default: the bytes of the buffers its records keep alive. */
export const DEFAULT_MAX_HELD_BYTES = 32 * 1024 * 1024;
/** Streams expected per session at most: the processor index of a buffer header has 11 bits (F1). */
const MAX_EXPECTED_STREAMS = 2048;

export interface BufferMergeOptions {
  /** Each record, in merged order. */
  onRecord: (r: EtlRecord) => void;
  /** One line when order cannot be guaranteed (each reason once). */
  onWarning: (text: string) => void;
  /** Session names, by session index (for the warnings). */
  sessions: string[];
  /** Wall-clock milliseconds (Date.now by default). */
  now?: () => number;
  quietMs?: number;
  maxHeldBytes?: number;
}

/** One delivered buffer's records while any of them is held, and the bytes the buffer keeps alive. */
interface Chunk {
  records: EtlRecord[];
  seq: number;
  bytes: number;
}

/** One (session, processor) stream: its queued buffers (the head record is chunks[0].records[next]) and what it has delivered. */
class Stream {
  chunks: Chunk[] = [];
  /** The head record, its buffer's sequence number, and its position in chunks[0]. */
  head: EtlRecord | null = null;
  headSeq = 0;
  next = 0;
  /** The latest time key this stream delivered (its watermark); -Infinity before its first record. */
  reached = -Infinity;
  /** Wall time of its last delivery (or of the merge's start for an expected stream). */
  deliveredAt: number;
  constructor(readonly session: number, readonly cpu: number, now: number) {
    this.deliveredAt = now;
  }

  /** Queues a buffer's records (at least one); true when the stream was empty. */
  push(chunk: Chunk): boolean {
    this.chunks.push(chunk);
    if (this.head !== null) return false;
    this.head = chunk.records[0]!;
    this.headSeq = chunk.seq;
    this.next = 0;
    return true;
  }

  /** Moves past the head record; the bytes of a buffer left behind, else 0. */
  advance(): number {
    const chunk = this.chunks[0]!;
    chunk.records[this.next] = null as never; // let the record go once written
    if (++this.next < chunk.records.length) {
      this.head = chunk.records[this.next]!;
      return 0;
    }
    this.chunks.shift();
    const following = this.chunks[0];
    this.next = 0;
    this.head = following?.records[0] ?? null;
    if (following !== undefined) this.headSeq = following.seq;
    return chunk.bytes;
  }
}

/** a's head record before b's, by the file reader's rule. */
function headBefore(a: Stream, b: Stream): boolean {
  const x = a.head!, y = b.head!;
  if (x.timeKey !== y.timeKey) return x.timeKey < y.timeKey;
  return recordBefore(x.timeKey, x.fileIndex, a.headSeq, x.offsetInBuffer, y.timeKey, y.fileIndex, b.headSeq, y.offsetInBuffer);
}

export class BufferMerge {
  private readonly streams = new Map<number, Stream>();
  /** Min-heap of the streams with queued records, by head record. */
  private readonly heap = new MinHeap<Stream>(headBefore);
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly maxHeldBytes: number;
  private heldBytes = 0;
  /** The last record released, to notice one written out of order. */
  private last: { key: number; file: number; seq: number; offset: number } | null = null;
  private warnedCap = false;
  private warnedLate = false;

  constructor(private readonly o: BufferMergeOptions) {
    this.now = o.now ?? Date.now;
    this.quietMs = o.quietMs ?? DEFAULT_QUIET_MS;
    this.maxHeldBytes = o.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES;
  }

  /** Streams 0..processors-1 of `session` are expected: until each delivers or is quiet for quietMs, they hold the others back. */
  expect(session: number, processors: number): void {
    const now = this.now();
    for (let cpu = 0; cpu < Math.min(processors, MAX_EXPECTED_STREAMS); cpu++) this.stream(session, cpu, now);
  }

  private stream(session: number, cpu: number, now: number): Stream {
    const id = session * MAX_EXPECTED_STREAMS + cpu;
    let s = this.streams.get(id);
    if (s === undefined) this.streams.set(id, (s = new Stream(session, cpu, now)));
    return s;
  }

  /**
   * The records of one buffer of `session`'s processor `cpu` (sequence number `seq`, `bytes` long),
   * in buffer order; then releases what is safe.
   */
  add(session: number, cpu: number, seq: number, records: EtlRecord[], bytes: number): void {
    const now = this.now();
    const s = this.stream(session, cpu, now);
    s.deliveredAt = now;
    if (records.length > 0) {
      this.heldBytes += bytes;
      for (const r of records) if (r.timeKey > s.reached) s.reached = r.timeKey;
      if (s.push({ records, seq, bytes })) this.heap.push(s);
    }
    this.release();
  }

  /** Releases every record whose turn is safe (also to be called on a timer: quiet streams stop holding back as time passes). */
  release(): void {
    if (this.heap.size === 0) return;
    const now = this.now();
    let floor = Infinity;
    for (const s of this.streams.values()) {
      if (s.head === null && now - s.deliveredAt < this.quietMs && s.reached < floor) floor = s.reached;
    }
    while (this.heap.size > 0) {
      const s = this.heap.top();
      if (s.head!.timeKey >= floor) {
        if (this.heldBytes <= this.maxHeldBytes) return;
        this.overCap();
        this.release(); // the watermarks again, now under the cap
        return;
      }
      this.releaseHead(s);
      if (s.head === null && now - s.deliveredAt < this.quietMs && s.reached < floor) floor = s.reached;
    }
  }

  /** Releases everything held, in merged order (the sessions stopped). */
  flush(): void {
    while (this.heap.size > 0) this.releaseHead(this.heap.top());
  }

  /** Over the cap: the oldest go out until a quarter of the cap is free; said once. */
  private overCap(): void {
    if (!this.warnedCap) {
      this.warnedCap = true;
      const cap = this.maxHeldBytes >= 1048576 ? `${Math.round(this.maxHeldBytes / 1048576)} MiB` : `${Math.round(this.maxHeldBytes / 1024)} KiB`;
      this.o.onWarning(`the real-time merge holds more than ${cap} of records waiting for slower processors; `
        + 'the oldest are written now, so events may be out of time order from here on (none are dropped)');
    }
    const target = this.maxHeldBytes * 0.75;
    while (this.heap.size > 0 && this.heldBytes > target) this.releaseHead(this.heap.top());
  }

  /** Hands on the head record of `s` (the heap's top) and fixes the heap. */
  private releaseHead(s: Stream): void {
    const r = s.head!;
    const seq = s.headSeq;
    this.heldBytes -= s.advance();
    if (s.head === null) this.heap.pop();
    else this.heap.fixTop();
    const last = this.last;
    if (last === null) this.last = { key: r.timeKey, file: r.fileIndex, seq, offset: r.offsetInBuffer };
    else if (recordBefore(r.timeKey, r.fileIndex, seq, r.offsetInBuffer, last.key, last.file, last.seq, last.offset)) this.late(s);
    else { last.key = r.timeKey; last.file = r.fileIndex; last.seq = seq; last.offset = r.offsetInBuffer; }
    this.o.onRecord(r);
  }

  /** A record older than one already written (its stream was quiet, or the cap was hit): said once. */
  private late(s: Stream): void {
    if (this.warnedLate || this.warnedCap) return;
    this.warnedLate = true;
    this.o.onWarning(`${this.o.sessions[s.session] ?? `session ${s.session}`}: processor ${s.cpu} delivered events older than ones already written `
      + `(it had been quiet for over ${this.quietMs / 1000} s, or its buffers are not in time order); they are written as they come, out of time order`);
  }
}
