/**
 * xml-text-bytes.ts writes payload UTF-16 text as escaped UTF-8 without a
 * string: the bytes must be xmlText's of the decoded text, encoded as UTF-8,
 * for markup characters, CR and controls, non-ASCII of two and three bytes,
 * surrogate pairs, lone surrogates (also at either end), U+FFFE/U+FFFF and an
 * odd trailing byte, at even and odd offsets. The walk code's form up to a NUL
 * (xmlUtf16Until) copies a plain start and escapes from the first character
 * that needs it: the same bytes as escaping the text up to its NUL whole, and
 * the same stop, wherever the NUL and the first such character fall.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { unitTable } from '../../src/etw/render/field-bytes.js';
import { XML_COPYABLE } from '../../src/etw/render/xml-field-code.js';
import { XML_UTF16_MAX, xmlUtf16, xmlUtf16Until } from '../../src/etw/render/xml-text-bytes.js';
import { nul16 } from '../../src/etw/schema/tdh-value.js';
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

describe('XML text as bytes from UTF-16 up to a NUL', () => {
  const units = unitTable(XML_COPYABLE);
  /** xmlUtf16Until of `codes` (+ an odd byte when `odd`) at byte `at` of a Buffer `lead` bytes into its ArrayBuffer, into a writer already holding 3 bytes. */
  function until(codes: number[], lead: number, at: number, odd: boolean): { hex: string; stop: number; nul: number } {
    const b = Buffer.alloc(lead + at + 2 * codes.length + 4, 0x41).subarray(lead);
    codes.forEach((u, i) => b.writeUInt16LE(u, at + 2 * i));
    const end = at + 2 * codes.length + (odd ? 1 : 0);
    const w = ByteWriter.scratch(8);
    w.pos = 3;
    w.ensure(codes.length);
    const stop = xmlUtf16Until(w, b, at, end, b.buffer, b.byteOffset, units);
    return { hex: Buffer.from(w.buf.subarray(3, w.pos)).toString('hex'), stop, nul: nul16(b, at, end) };
  }
  const upToNul = (codes: number[]): number[] => { const i = codes.indexOf(0); return i < 0 ? codes : codes.slice(0, i); };

  it('writes the escaped text up to its NUL and stops where nul16 does, the plain start copied', () => {
    const cases = [
      codes('plain text'), codes('plain\u0000<after>'), codes('Method<int>\u0000x'), codes('a&b'), codes('<'), codes('\u0000'), [],
      codes('caf\u00e9\u0000'), codes('ab\r\n'), codes('pair \ud83d\ude00\u0000\ud83d'), [0x41, 0xd83d], [0xde00, 0, 0x3c],
    ];
    for (const c of cases) {
      for (const lead of [0, 1, 2, 3]) {
        for (const at of [0, 1, 2]) {
          for (const odd of [false, true]) {
            const r = until(c, lead, at, odd);
            expect(r.stop).toBe(r.nul);
            expect(r.hex).toBe(viaString(upToNul(c)));
          }
        }
      }
    }
  });

  it('matches on seeded random texts with NULs, markup and other characters anywhere', () => {
    let seed = 4242;
    const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    const pool = [0, 0x3c, 0x26, 0x0d, 0x01, 0xe9, 0x4e2d, 0xd83d, 0xde00, 0xffff];
    for (let n = 0; n < 3000; n++) {
      const c: number[] = [];
      const len = next() % 14;
      for (let i = 0; i < len; i++) c.push(next() % 4 === 0 ? pool[next() % pool.length]! : 0x61 + (next() % 26));
      const r = until(c, next() % 4, next() % 3, next() % 2 === 0);
      expect(r.stop).toBe(r.nul);
      expect(r.hex).toBe(viaString(upToNul(c)));
    }
  });
});
