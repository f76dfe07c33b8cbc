import { describe, expect, it } from 'vitest';
import { errorCodeText, fileTimeText, fileTimeTextHalves, hex64Text, hexText } from '../../src/etw/schema/render-text.js';

/** The straightforward BigInt rendering the fast paths must agree with. */
function referenceFileTime(ft: bigint): string | null {
  const ticks = ft - 116444736000000000n;
  let frac = ticks % 10000000n;
  let secs = ticks / 10000000n;
  if (frac < 0n) { frac += 10000000n; secs -= 1n; }
  const ms = Number(secs) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1) return null;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (year > 9999 ? '+' + String(year).padStart(6, '0') : String(year).padStart(4, '0')) + '-' + p2(d.getUTCMonth() + 1) + '-' + p2(d.getUTCDate()) + 'T' + p2(d.getUTCHours()) + ':' +
    p2(d.getUTCMinutes()) + ':' + p2(d.getUTCSeconds()) + '.' + frac.toString().padStart(7, '0') + '00Z';
}

describe('fast text paths', () => {
  it('FILETIME from halves matches the BigInt rendering (epoch, boundaries, the 2^53 switch, out of range)', () => {
    const values = [
      0n, 1n, 9999999n, 10000000n, 116444736000000000n, 116444735999999999n, 116444736000000001n,
      133500000001234567n, 133500000001234567n, 133500000011234567n, 2650467743999999999n, 2650467744000000000n,
      (0x6b000000n << 32n) - 1n, 0x6b000000n << 32n, 0x7fffffffffffffffn, 0xffffffffffffffffn,
    ];
    let x = 0x12345678n;
    for (let i = 0; i < 2000; i++) { x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; values.push(x, x >> 7n, 130000000000000000n + (x >> 12n)); }
    for (const v of values) {
      expect(fileTimeText(v)).toBe(referenceFileTime(v));
      expect(fileTimeTextHalves(Number(v & 0xffffffffn), Number(v >> 32n))).toBe(referenceFileTime(v));
    }
    expect(fileTimeText(-10000001n)).toBe(referenceFileTime(-10000001n));
    // Past year 9999 the seconds stay (issue 11, item 6).
    expect(fileTimeText(0xffffffffffffffffn)).toBe('+060056-05-28T05:36:10.955161500Z');
  });

  it('hex texts match toString(16) upper case', () => {
    for (const n of [0, 1, 0xf, 0x10, 0xff, 0x100, 0xfff, 0x1000, 0xffff, 0x10000, 0xffffff, 0x1000000, 0xffffffff, 2 ** 40 + 5, 2 ** 53 - 1]) {
      expect(hexText(n)).toBe('0x' + n.toString(16).toUpperCase());
    }
    for (const [lo, hi] of [[0, 0], [0xab, 0], [0, 1], [0x1234, 0x7ff8], [0xffffffff, 0xffffffff], [0x10, 0x100]] as const) {
      const want = hi === 0 ? '0x' + lo.toString(16).toUpperCase() : '0x' + hi.toString(16).toUpperCase() + lo.toString(16).toUpperCase().padStart(8, '0');
      expect(hex64Text(lo, hi)).toBe(want);
    }
    expect(errorCodeText(0x80070005)).toBe('0x80070005');
    expect(errorCodeText(5)).toBe('0x00000005');
  });
});

describe('64-bit decimal without BigInt', () => {
  it('u64Decimal matches BigInt for boundaries and a spread of values', async () => {
    const { u64Decimal } = await import('../../src/etw/schema/render-text.js');
    const pairs: [number, number][] = [[0, 0], [1, 0], [9999, 0], [10000, 0], [0, 1], [0xffffffff, 0xffffffff], [0, 0x80000000], [0, 0x200000], [0xffffffff, 0x1fffff]];
    let x = 0x9e3779b9;
    for (let i = 0; i < 5000; i++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; pairs.push([x, (Math.imul(x, 22695477) + 1) >>> (i % 32)]); }
    for (const [lo, hi] of pairs) expect(u64Decimal(lo, hi)).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  });
});
