/**
 * Payload text written as JSON string content (json-text-bytes.ts) equals what
 * JSON.stringify writes for the string the decoder would make: UTF-16 cut at the
 * first NUL unit, odd trailing bytes ignored, escapes, surrogate pairs and lone
 * surrogates; at even and odd buffer offsets (the 16-bit fast loop and the byte
 * loop), also into a second (twin) writer at once; and 8-bit text only when it
 * is ASCII.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { writeAsciiJson, writeUtf16Json } from '../../src/etw/render/json-text-bytes.js';

/** Code units as UTF-16LE bytes placed at `offset` inside a larger buffer (returns the view and its byte range). */
function placed(units: number[], offset: number, extra = 0): { b: Buffer; start: number; end: number } {
  const b = Buffer.alloc(offset + 2 * units.length + extra + 3, 0x55);
  units.forEach((u, i) => b.writeUInt16LE(u, offset + 2 * i));
  return { b, start: offset, end: offset + 2 * units.length + extra };
}

/** What the decoder's string gives: the units up to the first NUL, through JSON.stringify, without the quotes. */
function reference(units: number[]): string {
  const nul = units.indexOf(0);
  const s = String.fromCharCode(...(nul < 0 ? units : units.slice(0, nul)));
  return JSON.stringify(s).slice(1, -1);
}

/** The text written (and checked: a twin writer, already holding other bytes, gets the same text). */
function written(units: number[], offset: number, extra = 0): { text: string; stop: number; start: number } {
  const w = ByteWriter.scratch(8);
  const { b, start, end } = placed(units, offset, extra);
  const stop = writeUtf16Json(w, b, start, end);
  const text = w.buf.toString('utf8', 0, w.pos);
  const main = ByteWriter.scratch(8);
  const twin = ByteWriter.scratch(8);
  main.ensure(3); main.ascii('abc');
  twin.ensure(5); twin.ascii('xyzw:');
  expect(writeUtf16Json(main, b, start, end, null, twin)).toBe(stop);
  expect(main.buf.toString('utf8', 0, main.pos)).toBe('abc' + text);
  expect(twin.buf.toString('utf8', 0, twin.pos)).toBe('xyzw:' + text);
  return { text, stop, start };
}

const SAMPLES: number[][] = [
  [],
  [...'plain ASCII text'].map((c) => c.charCodeAt(0)),
  [0x22, 0x5c, 0x2f, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x01, 0x1f, 0x7f],
  [0xe9, 0x4e2d, 0x6587, 0x80, 0x7ff, 0x800, 0xffff, 0xfffe],
  [0x41, 0xd83d, 0xde00, 0x42],
  [0xd800, 0x41],
  [0x41, 0xdc00],
  [0xdbff],
  [0xd83d, 0xd83d, 0xde00],
  [0x41, 0x42, 0, 0x43, 0x44],
  [0, 0x41],
  [0x61, 0x62, 0x22, 0x63],
];

describe('writeUtf16Json', () => {
  for (const offset of [0, 1, 2, 3]) {
    it(`matches JSON.stringify of the decoded string at buffer offset ${offset}`, () => {
      for (const units of SAMPLES) expect(written(units, offset).text).toBe(reference(units));
    });
  }

  it('escapes every ASCII code and the first non-ASCII ones in each lane of the four-unit step', () => {
    // The step reads two 32-bit words of two units each and checks them arithmetically.
    for (let c = 0; c < 0x82; c++) {
      for (let at = 0; at < 10; at++) {
        const units = Array.from({ length: 12 }, (_, i) => (i === at ? c : 0x61 + i));
        for (const offset of [0, 2, 4]) expect(written(units, offset).text).toBe(reference(units));
      }
    }
  });

  it('escapes any mix of quotes and backslashes with plain, control, NUL and non-ASCII units inside one four-unit step', () => {
    // A step holding '"' or '\\' writes each of its units (one byte or a two-byte escape) without leaving the loop;
    // a control unit, a NUL or a non-ASCII one anywhere in the step leaves it.
    const kinds = [0x22, 0x5c, 0x61, 0x01, 0, 0xe9];
    for (const a of kinds) for (const b of kinds) for (const c of kinds) for (const d of kinds) {
      const units = [0x5c, 0x78, 0x79, 0x22, a, b, c, d, 0x5c, 0x5c, 0x22, 0x7a, 0x41];
      for (const offset of [0, 2, 4, 6]) expect(written(units, offset).text).toBe(reference(units));
    }
  });

  it('writes Windows paths, full of backslashes, and quoted text at every alignment and cut', () => {
    const path = [...'\\Device\\HarddiskVolume3\\Windows\\System32\\"quoted" name.dll'].map((ch) => ch.charCodeAt(0));
    for (let cut = 0; cut <= path.length; cut++) {
      // Cut payloads (no NUL) and NUL-terminated ones followed by more text.
      const units = path.slice(0, cut);
      for (const offset of [0, 1, 2, 3]) {
        expect(written(units, offset).text).toBe(reference(units));
        expect(written([...units, 0, 0x5c, 0x22], offset).text).toBe(reference(units));
      }
    }
  });

  it('matches JSON.stringify on random code units, mostly ASCII', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let n = 0; n < 500; n++) {
      const units = Array.from({ length: next() % 40 }, () => {
        const r = next() % 100;
        return r < 70 ? 0x20 + (next() % 0x5f) : r < 80 ? next() % 0x20 || 1 : r < 90 ? 0xd800 + (next() % 0x800) : 0x80 + (next() % 0xff00);
      });
      expect(written(units, next() % 4).text).toBe(reference(units));
    }
  });

  it('returns where the text stopped: the NUL unit, else the end of the whole units', () => {
    expect(written([0x41, 0x42, 0, 0x43], 2)).toMatchObject({ stop: 2 + 4 });
    expect(written([0x41, 0x42], 1)).toMatchObject({ stop: 1 + 4 });
    // An odd trailing byte is not a unit.
    const odd = written([0x41, 0x42], 0, 1);
    expect(odd.stop).toBe(4);
    expect(odd.text).toBe('AB');
  });
});

describe('writeAsciiJson', () => {
  it('writes ASCII with JSON escapes and refuses any byte above 0x7f without writing', () => {
    const w = ByteWriter.scratch(4);
    const ascii = Buffer.from('a"b\\c\n\u0001\u007f', 'latin1');
    expect(writeAsciiJson(w, ascii, 0, ascii.length)).toBe(true);
    expect(w.buf.toString('utf8', 0, w.pos)).toBe(JSON.stringify(ascii.toString('latin1')).slice(1, -1));
    const before = w.pos;
    expect(writeAsciiJson(w, Buffer.from([0x41, 0xe9]), 0, 2)).toBe(false);
    expect(w.pos).toBe(before);
  });
});
