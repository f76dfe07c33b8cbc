/**
 * The part of a FieldWriter (schema/field-writer.ts) every text format shares:
 * numbers, hex, error codes and booleans written as their Windows-like text,
 * digits straight into a byte writer (they need no escaping in CSV or XML).
 * The formats add how a field begins and ends and how text is escaped; the
 * copy of payload text that needs no escaping is shared, each format passing
 * which ASCII characters it may copy as a table (data, not a function: the
 * loop stays as fast as one written for a single format).
 */
import type { FieldWriter } from '../schema/field-writer.js';
import type { DecodedField } from '../schema/types.js';
import { ByteWriter, LITTLE_ENDIAN, viewsOf } from './byte-writer.js';

const TWO32 = 4294967296;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

export abstract class FieldTextBytes implements FieldWriter {
  /**
   * Where the fields of one payload are written: a scratch writer unless the
   * format points it at its output's writer (XML: a walk that does not fit is
   * taken back there; see xml-dump.ts).
   */
  w = ByteWriter.scratch();

  abstract begin(index: number): void;
  abstract end(): void;
  abstract text(s: string, plain: boolean): void;
  abstract utf16(b: Buffer, start: number, stop: number): void;
  abstract text8(b: Buffer, start: number, stop: number, utf8: boolean): void;
  abstract field(f: DecodedField): void;

  decimal(n: number): void {
    this.w.ensure(24);
    this.w.uint(n); // String(n) for every number
  }

  hex(n: number, bits: 8 | 16 | 32 | 64): void {
    const w = this.w;
    w.ensure(18);
    if (bits === 64) {
      const hi = Math.floor(n / TWO32);
      if (hi === 0) w.hexU32(n);
      else { w.hexU32(hi); w.hexDigits32(n - hi * TWO32, true); }
      return;
    }
    w.hexU32(bits === 8 ? n & 0xff : bits === 16 ? n & 0xffff : n >>> 0);
  }

  hexHalves(lo: number, hi: number): void {
    const w = this.w;
    w.ensure(18);
    w.hexU32(hi);
    w.hexDigits32(lo, true);
  }

  errorCode(n: number): void {
    this.w.ensure(10);
    this.w.hex8(n >>> 0);
  }

  bool(v: boolean): void {
    this.w.ensure(5);
    this.w.bytes(v ? TRUE : FALSE);
  }

  number(_value: number, text: string): void {
    this.w.text(text);
  }

  none(): void {}
}

/** A table of the 128 ASCII codes: 1 where a format copies the character as is. */
export function copyableTable(copyable: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = copyable(c) ? 1 : 0;
  return t;
}

/**
 * Copy the UTF-16LE text b[start, stop) to buf from p, one byte per code unit,
 * while every unit is in `copyable` (room already ensured): through the
 * payload's aligned 16-bit view when it lies at an even offset, else byte
 * pairs. Returns where the copy ends, or -1 when a unit needs more than a copy
 * (what was copied is then to be written over).
 */
export function copyPlainUtf16(buf: Uint8Array, p: number, b: Buffer, start: number, stop: number, copyable: Uint8Array): number {
  const at = b.byteOffset + start;
  if ((at & 1) === 0 && LITTLE_ENDIAN) {
    const units = viewsOf(b.buffer).units;
    const first = at >> 1;
    const last = first + ((stop - start) >> 1);
    for (let k = first; k < last; k++) {
      const c = units[k]!;
      if (c >= 128 || copyable[c] === 0) return -1;
      buf[p++] = c;
    }
    return p;
  }
  for (let i = start; i < stop; i += 2) {
    const c = b[i]!;
    if (b[i + 1] !== 0 || c >= 128 || copyable[c] === 0) return -1;
    buf[p++] = c;
  }
  return p;
}

/** Each UTF-16 code unit by what a copy up to a NUL does with it (copyPlainUtf16UntilAt, and xml-text-bytes.ts xmlUtf16Until): 1 copy it, 2 the text ends (NUL), 0 it needs more than a copy. */
export function unitTable(copyable: Uint8Array): Uint8Array {
  const t = new Uint8Array(65536);
  for (let c = 1; c < 128; c++) t[c] = copyable[c]!;
  t[0] = 2;
  return t;
}

/**
 * copyPlainUtf16 of the UTF-16LE text b[start, end) up to its first NUL unit
 * (or the end of its whole units), found as it copies: one byte per unit, so
 * the text stopped at start + 2 * (returned - p). -1 when a unit needs more
 * than a copy (then find the NUL apart and write the text otherwise). For walk
 * code, which has the payload's ArrayBuffer `ab` and b's offset in it (`base`)
 * at hand (reading b.buffer costs a call): `units` is unitTable's table, one
 * look-up per code unit.
 */
export function copyPlainUtf16UntilAt(buf: Uint8Array, p: number, b: Buffer, start: number, end: number, ab: ArrayBufferLike, base: number,
  units: Uint8Array): number {
  const at = base + start;
  if ((at & 1) !== 0 || !LITTLE_ENDIAN) return copyPlainUtf16UntilBytes(buf, p, b, start, end, units);
  const view = viewsOf(ab).units;
  const first = at >> 1;
  const last = first + ((end - start) >> 1);
  for (let k = first; k < last; k++) {
    const c = view[k]!;
    const u = units[c]!;
    if (u !== 1) return u === 2 ? p : -1;
    buf[p++] = c;
  }
  return p;
}

/** The same through byte pairs (an odd offset). */
function copyPlainUtf16UntilBytes(buf: Uint8Array, p: number, b: Buffer, start: number, end: number, units: Uint8Array): number {
  const stop = start + ((end - start) & ~1);
  for (let i = start; i < stop; i += 2) {
    const c = b[i]! | (b[i + 1]! << 8);
    const u = units[c]!;
    if (u !== 1) return u === 2 ? p : -1;
    buf[p++] = c;
  }
  return p;
}

/** The same for the 8-bit text b[start, stop) (ANSI or UTF-8: only ASCII is copied). */
export function copyPlain8(buf: Uint8Array, p: number, b: Buffer, start: number, stop: number, copyable: Uint8Array): number {
  for (let i = start; i < stop; i++) {
    const c = b[i]!;
    if (c >= 128 || copyable[c] === 0) return -1;
    buf[p++] = c;
  }
  return p;
}
