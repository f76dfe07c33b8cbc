/**
 * Cutting a report's time line into slices that worker threads render
 * (docs/architecture.md, "The path of a record"). Each processor stream's
 * buffers are in time order, so the key of each buffer's first record places the
 * buffer on the time line: the slices are cut where about `sliceBytes` of
 * buffers have begun, at a first-record key, and slice k keeps the records whose
 * key is in [bounds[k-1], bounds[k]) (the first slice from the start, the last to
 * the end), so a tie at a boundary falls in exactly one slice. A slice reads each
 * stream from the last buffer that begins before the slice does. A file whose
 * first-record keys go back in time within a stream is not cut (null).
 */
import type { CpuStream } from '../../etl/cpu-stream.js';

/** Stored bytes of buffers per slice of a run without a dump (the summary alone); each dump format has its own (dump-formats.ts). */
export const DEFAULT_SLICE_BYTES = 2 * 1024 * 1024;

export interface SlicePlan {
  /** The keys where slices meet, increasing: slice k is [bounds[k-1], bounds[k]). */
  bounds: number[];
  /** Per slice, per stream: the index of the buffer the slice starts reading at. */
  starts: number[][];
  /** Per slice: stored bytes of the buffers that begin in it (progress). */
  bytes: number[];
}

/** The slices of `streams` (in reader.streams() order); null when fewer than two or not cuttable. */
export function planSlices(streams: CpuStream[], sliceBytes: number): SlicePlan | null {
  const keys: Float64Array[] = [];
  const placed: Array<{ key: number; bytes: number }> = [];
  for (const s of streams) {
    const k = new Float64Array(s.bufferCount);
    let previous = -Infinity;
    for (let i = 0; i < k.length; i++) {
      k[i] = s.firstKeyOf(i);
      if (Number.isNaN(k[i])) continue;
      if (k[i]! < previous) return null;
      previous = k[i]!;
      placed.push({ key: k[i]!, bytes: s.bufferBytes(i) });
    }
    keys.push(k);
  }
  placed.sort((a, b) => a.key - b.key);
  const bounds: number[] = [];
  const bytes: number[] = [];
  let run = 0;
  for (const p of placed) {
    if (run >= sliceBytes && (bounds.length === 0 || p.key > bounds[bounds.length - 1]!) && p.key > placed[0]!.key) {
      bounds.push(p.key);
      bytes.push(run);
      run = 0;
    }
    run += p.bytes;
  }
  bytes.push(run);
  if (bounds.length === 0) return null;
  // Per stream, the last buffer that begins before each bound (buffers without a key are passed
  // over): the bounds increase, so each stream's buffers are walked once for all of them.
  const starts = [streams.map(() => 0)];
  const at = keys.map(() => 0);
  const start = keys.map(() => 0);
  for (const bound of bounds) {
    starts.push(keys.map((k, s) => {
      let i = at[s]!;
      for (; i < k.length; i++) if (k[i]! < bound) start[s] = i; else if (!Number.isNaN(k[i]!)) break;
      at[s] = i;
      return start[s]!;
    }));
  }
  return { bounds, starts, bytes };
}
