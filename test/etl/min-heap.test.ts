import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/etw/etl/min-heap.js';

/** Drains the heap the way the merges do: read the top, then pop. */
function drain(h: MinHeap<number>): number[] {
  const out: number[] = [];
  while (h.size > 0) { out.push(h.top()); h.pop(); }
  return out;
}

describe('MinHeap', () => {
  it('gives items taken over at construction and pushed later in order', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 1000;
    const initial = Array.from({ length: 200 }, rand);
    const h = new MinHeap<number>((a, b) => a < b, initial);
    const pushed = Array.from({ length: 300 }, rand);
    for (const x of pushed) h.push(x);
    expect(h.size).toBe(500);
    expect(drain(h)).toEqual([...initial, ...pushed].sort((a, b) => a - b));
  });

  it('re-sorts the top after its key grew (a stream advanced)', () => {
    const heads = [{ key: 1 }, { key: 5 }, { key: 3 }];
    const h = new MinHeap<{ key: number }>((a, b) => a.key < b.key, heads);
    expect(h.top().key).toBe(1);
    h.top().key = 4;
    h.fixTop();
    expect(h.top().key).toBe(3);
    h.top().key = 9;
    h.fixTop();
    expect([h.top().key]).toEqual([4]);
  });

  it('does not change the caller\'s array', () => {
    const items = [3, 1, 2];
    const h = new MinHeap<number>((a, b) => a < b, items);
    h.pop();
    expect(items).toEqual([3, 1, 2]);
  });
});
