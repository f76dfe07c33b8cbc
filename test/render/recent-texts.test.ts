import { describe, expect, it } from 'vitest';
import { RecentTexts } from '../../src/etw/render/recent-texts.js';

describe('RecentTexts', () => {
  it('keeps up to eight entries, then replaces the oldest first', () => {
    const ring = new RecentTexts<number>();
    for (let i = 0; i < 8; i++) ring.add(i);
    expect(ring.entries).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    ring.add(8);
    ring.add(9);
    expect(ring.entries).toEqual([8, 9, 2, 3, 4, 5, 6, 7]);
    for (let i = 10; i < 16; i++) ring.add(i);
    expect(ring.entries).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    ring.add(16);
    expect(ring.entries).toEqual([16, 9, 10, 11, 12, 13, 14, 15]);
  });
});
