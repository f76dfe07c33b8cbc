/**
 * The memory limit of the merge. Reading in time order keeps one buffer per
 * processor stream in memory at once (each as large as the largest valid data of
 * its buffers), so a file could claim gigabytes: 2,048 processor indexes × 16 MiB
 * buffers, or a few compressed buffers that decompress to 16 MiB each. The
 * streams share a fixed budget instead: a stream gets what its buffers need when
 * all fit, otherwise an equal share of what the smaller streams leave. A buffer
 * larger than its stream's share cannot be held and is skipped, with a warning —
 * a claim the reader cannot honour is damage. Real traces stay far below: 64
 * processors × 512 KiB buffers fit.
 */

/** Bytes all processor streams may hold at once (the process stays under 150 MB in all). */
export const STREAM_MEMORY_BUDGET = 40 * 1024 * 1024;

/** Each stream's allotment for its needs (largest buffer), sharing `budget` fairly (water-filling). */
export function allotStreamMemory(needs: number[], budget = STREAM_MEMORY_BUDGET): number[] {
  let total = 0;
  for (const n of needs) total += n;
  if (total <= budget) return needs.slice();
  const order = needs.map((_, i) => i).sort((a, b) => needs[a]! - needs[b]!);
  const allot = new Array<number>(needs.length).fill(0);
  let left = budget;
  order.forEach((i, k) => {
    const share = Math.floor(left / (order.length - k));
    allot[i] = Math.min(needs[i]!, share);
    left -= allot[i]!;
  });
  return allot;
}
