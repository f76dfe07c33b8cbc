/**
 * The copy of plain payload text shared by the CSV and XML field writers
 * (render/field-bytes.ts): UTF-16LE text is copied one byte per code unit
 * through the aligned 16-bit view or, at an odd offset, byte pairs, and 8-bit
 * text byte by byte, while every character is in the format's table; the
 * first character that needs escaping (or is not ASCII) makes it give up with
 * -1. The copy up to a NUL unit stops there (or at the end of the whole units)
 * and says where by how much it copied (through a table of every code unit,
 * from the ArrayBuffer the walk code has). Through the writers, such a text must then come out escaped, the same
 * at either alignment.
 */
import { describe, expect, it } from 'vitest';
import { CsvFieldWriter } from '../../src/etw/render/csv-field-writer.js';
import { copyableTable, copyPlain8, copyPlainUtf16, copyPlainUtf16UntilAt, unitTable } from '../../src/etw/render/field-bytes.js';
import { XmlFieldWriter } from '../../src/etw/render/xml-field-writer.js';

/** `text` as UTF-16LE inside a larger buffer, starting at byte `at` (even or odd). */
function utf16At(text: string, at: number): Buffer {
  const whole = Buffer.alloc(at + 2 * text.length + 8, 0x55);
  whole.write(text, at, 'utf16le');
  return whole;
}

const LETTERS = copyableTable((c) => c >= 0x61 && c <= 0x7a);

describe('copyPlainUtf16 / copyPlain8', () => {
  it.each([0, 1, 2, 3])('copies plain UTF-16 text at byte offset %i, and gives up on a character outside the table', (at) => {
    const out = new Uint8Array(64);
    const b = utf16At('abcxyz', at);
    expect(copyPlainUtf16(out, 5, b, at, at + 12, LETTERS)).toBe(11);
    expect(Buffer.from(out.subarray(5, 11)).toString('latin1')).toBe('abcxyz');
    const upper = utf16At('abcXyz', at);
    expect(copyPlainUtf16(out, 0, upper, at, at + 12, LETTERS)).toBe(-1);
    // A unit above 0xFF whose low byte is in the table ('a' + 0x100) is not copied.
    const wide = utf16At('ab\u0161c', at);
    expect(copyPlainUtf16(out, 0, wide, at, at + 8, LETTERS)).toBe(-1);
  });

  it.each([0, 1, 2, 3])('copies plain UTF-16 text up to its NUL unit or the end of its whole units, from a Buffer %i bytes into its ArrayBuffer', (lead) => {
    const units = unitTable(LETTERS);
    const until = (text: string, at: number, length: number, out = new Uint8Array(64), p = 0): number => {
      const b = Buffer.alloc(lead + at + 2 * text.length + 8, 0x55).subarray(lead);
      b.write(text, at, 'utf16le');
      return copyPlainUtf16UntilAt(out, p, b, at, at + length, b.buffer, b.byteOffset, units);
    };
    for (const at of [0, 1]) {
      const out = new Uint8Array(64);
      // Stops at the NUL although what follows is outside the table.
      expect(until('abc\u0000X', at, 10, out, 5)).toBe(8);
      expect(Buffer.from(out.subarray(5, 8)).toString('latin1')).toBe('abc');
      // No NUL: the whole units (an odd byte at the end is not one).
      expect(until('abxyz', at, 7)).toBe(3);
      expect(until('\u0000a', at, 4)).toBe(0);
      expect(until('abX\u0000', at, 8)).toBe(-1);
      expect(until('a\u0161', at, 4)).toBe(-1);
      // A unit whose low byte is NUL is not the NUL unit.
      expect(until('a\u0100', at, 4)).toBe(-1);
    }
  });

  it('copies plain 8-bit text and gives up on a byte outside the table or above 0x7F', () => {
    const out = new Uint8Array(16);
    expect(copyPlain8(out, 1, Buffer.from('hello'), 0, 5, LETTERS)).toBe(6);
    expect(Buffer.from(out.subarray(1, 6)).toString('latin1')).toBe('hello');
    expect(copyPlain8(out, 0, Buffer.from('he llo'), 0, 6, LETTERS)).toBe(-1);
    expect(copyPlain8(out, 0, Buffer.from([0x61, 0xe1]), 0, 2, LETTERS)).toBe(-1);
  });
});

describe('the writers through the shared copy', () => {
  const csvCell = (text: string, at: number): string => {
    const w = new CsvFieldWriter();
    w.utf16(utf16At(text, at), at, at + 2 * text.length);
    return w.w.buf.subarray(0, w.w.pos).toString('utf8');
  };
  const xmlText = (text: string, at: number): string => {
    const w = new XmlFieldWriter();
    w.utf16(utf16At(text, at), at, at + 2 * text.length);
    return w.w.buf.subarray(0, w.w.pos).toString('utf8');
  };

  it.each([0, 1])('CSV at offset %i: plain text quoted, a quote doubled, a number bare', (at) => {
    expect(csvCell('C:\\Windows\\a.dll', at)).toBe('"C:\\Windows\\a.dll"');
    expect(csvCell('say "hi", ok', at)).toBe('"say ""hi"", ok"');
    expect(csvCell('1234', at)).toBe('1234');
    expect(csvCell('', at)).toBe('""');
  });

  it.each([0, 1])('XML at offset %i: plain text as is, markup characters escaped, tab and LF kept', (at) => {
    expect(xmlText('a\tb\nc "q"', at)).toBe('a\tb\nc "q"');
    expect(xmlText('a<b & c>', at)).toBe('a&lt;b &amp; c&gt;');
    expect(xmlText('caf\u00e9', at)).toBe('caf\u00e9');
  });
});
