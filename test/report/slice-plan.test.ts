/**
 * planSlices (src/etw/report/threads/slice-plan.ts): where each slice starts
 * reading each stream. Against the definition, checked bound by bound from the
 * first buffer: the last buffer whose first-record key is below the bound, before
 * the first buffer whose key is at or past it, buffers without a key (NaN)
 * passed over; on streams with runs of keyless buffers, equal keys and streams
 * that end early.
 */
import { describe, expect, it } from 'vitest';
import type { CpuStream } from '../../src/etw/etl/cpu-stream.js';
import { planSlices } from '../../src/etw/report/threads/slice-plan.js';

/** A stream as planSlices sees it: buffers with first-record keys (NaN: none) of `bytes` each. */
function stream(keys: number[], bytes = 1000): CpuStream {
  return { bufferCount: keys.length, firstKeyOf: (i: number) => keys[i]!, bufferBytes: () => bytes } as unknown as CpuStream;
}

/** The definition, for one stream and one bound. */
function startOf(keys: number[], bound: number): number {
  let start = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i]! < bound) start = i; else if (!Number.isNaN(keys[i]!)) break;
  return start;
}

/** Increasing keys with repeats, and keyless buffers where `rnd` says. */
function keysOf(n: number, rnd: () => number): number[] {
  const out: number[] = [];
  let k = Math.floor(rnd() * 50);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.15) { out.push(NaN); continue; }
    k += rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 30);
    out.push(k);
  }
  return out;
}

describe('planSlices: where each slice starts in each stream', () => {
  it('is the definition, bound by bound, on random streams', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const all = Array.from({ length: 1 + (trial % 5) }, (_, s) => keysOf(s === 0 ? 300 : Math.floor(rnd() * 300), rnd));
      for (const sliceBytes of [1000, 3000, 25_000]) {
        const plan = planSlices(all.map((k) => stream(k)), sliceBytes);
        if (plan === null) continue;
        expect(plan.starts.length).toBe(plan.bounds.length + 1);
        expect(plan.starts[0]).toEqual(all.map(() => 0));
        plan.bounds.forEach((bound, b) => {
          expect(plan.starts[b + 1], `trial ${trial}, slice bytes ${sliceBytes}, bound ${b}`).toEqual(all.map((k) => startOf(k, bound)));
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('a stream whose buffers all begin before a bound starts at its last buffer with a key', () => {
    const plan = planSlices([stream([1, 2, 3, NaN, NaN]), stream([10, 20, 30, 40, 50, 60, 70])], 3000)!;
    expect(plan.bounds.length).toBeGreaterThan(0);
    for (const [b, bound] of plan.bounds.entries()) if (bound > 3) expect(plan.starts[b + 1]![0]).toBe(2);
  });
});
