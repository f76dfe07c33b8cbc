/**
 * A binary min-heap ordered by a caller's "before" test. The file reader's
 * k-way merge (reader.ts) and the real-time buffer merge (live/buffer-merge.ts)
 * both keep their streams in one, ordered by each stream's head record; the
 * caller advances the top stream and then calls fixTop() or pop().
 */
export class MinHeap<T> {
  private readonly h: T[];

  /** `items` are taken over in any order; `before(a, b)` is true when a goes first. */
  constructor(private readonly before: (a: T, b: T) => boolean, items: readonly T[] = []) {
    this.h = items.slice();
    for (let i = (this.h.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number { return this.h.length; }

  /** The first item; only valid while size > 0. */
  top(): T { return this.h[0]!; }

  push(item: T): void {
    const h = this.h;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      const t = h[i]!; h[i] = h[p]!; h[p] = t;
      i = p;
    }
  }

  /** Removes the first item. */
  pop(): void {
    const last = this.h.pop()!;
    if (this.h.length > 0) { this.h[0] = last; this.down(0); }
  }

  /** Restores the order after the first item's key grew (its stream advanced). */
  fixTop(): void { this.down(0); }

  private down(i: number): void {
    const h = this.h, n = h.length, before = this.before;
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
}
