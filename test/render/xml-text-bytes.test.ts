/**
 * xml-text-bytes.ts writes payload UTF-16 text as escaped UTF-8 without a
 * string: the bytes must be xmlText's of the decoded text, encoded as UTF-8,
 * for markup characters, CR and controls, non-ASCII of two and three bytes,
 * surrogate pairs, lone surrogates (also at either end), U+FFFE/U+FFFF and an
 * odd trailing byte, at even and odd offsets.
 */
import { describe, expect, it } from 'vitest';
import { XML_UTF16_MAX, xmlUtf16 } from '../../src/etw/render/xml-text-bytes.js';
import { xmlText } from '../../src/etw/render/xml-text.js';

/** The UTF-16LE bytes of `units` at offset `at` of a larger buffer (and an odd byte after them when `odd`). */
function payload(units: number[], at: number, odd = false): { b: Buffer; start: number; stop: number } {
  const b = Buffer.alloc(at + units.length * 2 + 4, 0x41);
  units.forEach((u, i) => b.writeUInt16LE(u, at + 2 * i));
  return { b, start: at, stop: at + units.length * 2 + (odd ? 1 : 0) };
}

function viaBytes(units: number[], at: number, odd = false): string {
  const { b, start, stop } = payload(units, at, odd);
  const out = Buffer.alloc(3 + XML_UTF16_MAX * units.length, 0x7e);
  const end = xmlUtf16(out, 3, b, start, stop);
  return out.toString('hex', 3, end);
}

function viaString(units: number[]): string {
  return Buffer.from(xmlText(String.fromCharCode(...units)), 'utf8').toString('hex');
}

const codes = (s: string): number[] => [...s].flatMap((ch) => { const r: number[] = []; for (let i = 0; i < ch.length; i++) r.push(ch.charCodeAt(i)); return r; });

const CASES: number[][] = [
  codes('List`1<System.String> & more'),
  codes('a\r\nb\tc\u0001d\u001fe\u007f'),
  codes('caf\u00e9 \u00ff \u07ff \u0800 \u4e2d \ud7ff \ue000 \ufffd'),
  [0xfffe, 0x41, 0xffff],
  codes('pair \ud83d\ude00 end'),
  [0xd83d], [0xde00], [0xd83d, 0x41], [0x41, 0xde00], [0xde00, 0xd83d], [0xd83d, 0xd83d, 0xde00], [0x41, 0xd83d],
  [],
];

describe('XML text as bytes from UTF-16', () => {
  it('writes what xmlText of the decoded text gives, as UTF-8', () => {
    for (const units of CASES) {
      for (const at of [0, 1, 6]) expect(viaBytes(units, at)).toBe(viaString(units));
    }
  });

  it('ignores an odd trailing byte, as decoding the text does', () => {
    expect(viaBytes(codes('a<b'), 2, true)).toBe(viaString(codes('a<b')));
  });

  it('matches on seeded random code units (every range)', () => {
    let seed = 12345;
    const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    const ranges = [[0, 0x80], [0x80, 0x800], [0x800, 0xd800], [0xd800, 0xdc00], [0xdc00, 0xe000], [0xe000, 0x10000]];
    for (let n = 0; n < 2000; n++) {
      const units: number[] = [];
      const len = next() % 12;
      for (let i = 0; i < len; i++) {
        const [lo, hi] = ranges[next() % ranges.length]!;
        units.push(lo! + (next() % (hi! - lo!)));
      }
      expect(viaBytes(units, next() % 3)).toBe(viaString(units));
    }
  });
});
