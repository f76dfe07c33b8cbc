/**
 * The part of a FieldWriter (schema/field-writer.ts) every text format shares:
 * numbers, hex, error codes and booleans written as their Windows-like text,
 * digits straight into a byte writer (they need no escaping in CSV or XML).
 * The formats add how a field begins and ends and how text is escaped.
 */
import type { FieldWriter } from '../schema/field-writer.js';
import type { DecodedField } from '../schema/types.js';
import { ByteWriter } from './byte-writer.js';

const TWO32 = 4294967296;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

export abstract class FieldTextBytes implements FieldWriter {
  /** Where the fields of one payload are written (a scratch writer: a walk may be taken back). */
  readonly w = ByteWriter.scratch();

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
