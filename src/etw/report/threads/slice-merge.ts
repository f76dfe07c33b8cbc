/**
 * The time-ordered merge of one slice of the time line (slice-plan.ts), as a
 * worker thread runs it: each stream starts at the buffer the plan gives, the
 * records before the slice are read past, the records in [lo, hi) are handed out
 * in the merge order of EtlReader.records() (time, file, buffer sequence,
 * position: merge-order.ts), and the merge stops at the first record at or after
 * hi. A damage warning belongs to the slice that handed out the record before it
 * in its stream (the single-threaded merge meets it right after that record), so
 * `gate.keep` is true only while such a stream moves on (and, in the first
 * slice, while the streams take their first step). The records each stream reads
 * must be in merge order and reach the buffer where the next slice starts;
 * otherwise the slice is `unordered` and the caller renders from here on with one
 * thread.
 */
import type { CpuStream } from '../../etl/cpu-stream.js';
import { comesAfter, recordBefore, type StreamPlace } from '../../etl/merge-order.js';
import type { EtlRecord } from '../../etl/record.js';

export interface SliceBounds {
  /** The slice's keys: [lo, hi); -Infinity and Infinity at the ends. */
  lo: number;
  hi: number;
  /** Per stream, the buffer to start at, and where the next slice starts (null for the last slice). */
  starts: number[];
  nextStarts: number[] | null;
}

export interface SliceMergeResult {
  /** Records of the slice handed out (before any filter). */
  records: number;
  /** A stream is not in merge order, or left a gap before the next slice's start. */
  unordered: boolean;
}

/** A stream in the slice's merge: its place in the streams list, and where its last record stands in the merge order. */
class Entry implements StreamPlace {
  key = -Infinity;
  seq = -1;
  offset = -1;
  constructor(readonly s: CpuStream, readonly slot: number) {}
}

/** a's head before b's, as the reader's merge orders them. */
function before(ea: Entry, eb: Entry): boolean {
  const a = ea.s, b = eb.s;
  if (a.headKey !== b.headKey) return a.headKey < b.headKey;
  const x = a.head!, y = b.head!;
  return recordBefore(a.headKey, x.fileIndex, a.headSeq, x.offsetInBuffer, b.headKey, y.fileIndex, b.headSeq, y.offsetInBuffer);
}

function down(h: Entry[], i: number): void {
  const n = h.length;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < n && before(h[l]!, h[m]!)) m = l;
    if (r < n && before(h[r]!, h[m]!)) m = r;
    if (m === i) return;
    const t = h[i]!; h[i] = h[m]!; h[m] = t;
    i = m;
  }
}

/**
 * Merge the slice of `streams` (reader.streams(), the same ones for every slice: each restarts where the slice needs it) into `feed`.
 * `gate.keep` tells the reader's warning callback whether a warning met now is this slice's.
 */
export function mergeSlice(streams: CpuStream[], b: SliceBounds, gate: { keep: boolean }, feed: (r: EtlRecord) => void): SliceMergeResult {
  // The bounds are read once, here: a job a worker is sent is a new object of its own hidden
  // class each time (structured clone), and reading it after the loop made the optimized merge
  // bail out on every slice.
  const { lo, hi, starts, nextStarts } = b;
  const heap: Entry[] = [];
  const first = lo === -Infinity;
  for (let i = 0; i < streams.length; i++) {
    const s = streams[i]!;
    const e = new Entry(s, i);
    s.startAt(starts[i]!);
    gate.keep = first;
    const ordered = s.skipBefore(lo, e);
    gate.keep = false;
    if (!ordered) return { records: 0, unordered: true };
    if (s.head !== null) heap.push(e);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(heap, i);
  let records = 0;
  while (heap.length > 0) {
    const e = heap[0]!;
    const s = e.s;
    if (s.headKey >= hi) break;
    feed(s.head!);
    records++;
    gate.keep = true;
    s.advance();
    gate.keep = false;
    if (s.head === null) {
      const tail = heap.pop()!;
      if (heap.length > 0) { heap[0] = tail; down(heap, 0); }
      continue;
    }
    if (!comesAfter(e, s.headKey, s.headSeq, s.head.offsetInBuffer)) return { records, unordered: true };
    down(heap, 0);
  }
  // Each stream must have been read up to where the next slice starts reading it.
  if (nextStarts !== null) {
    for (const e of heap) if (e.s.headBuffer < nextStarts[e.slot]!) return { records, unordered: true };
  }
  return { records, unordered: false };
}
