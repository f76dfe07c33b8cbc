/**
 * The writer interface the compiled decoder drives (field-walk.ts): for each
 * visible top-level field of a payload, `begin`, exactly one value call, `end`.
 * A value call says what the value is and how its Windows-like text follows
 * from it, so that an output format writes its bytes without knowing payload
 * layouts or schema internals: integers (decimal, hex of 8/16/32/64 bits,
 * 64-bit pointers beyond 2^53 as halves, error codes), booleans, floats, text
 * straight from the payload (UTF-16LE or 8-bit, already cut at its NUL), texts
 * the decoder made (GUIDs, FILETIME/SYSTEMTIME, SIDs, IP addresses, binary as
 * hex, value-map and bit-map names, characters), and arrays and structs as one
 * decoded field. A payload that does not fit its schema makes the walk return
 * false part way: the writer's caller then takes back what was written and
 * uses the decoded-field path (DecodedPayload.fields), which knows fallback
 * layouts and keeps partial fields where asked.
 */
import type { DecodedField } from './types.js';

export interface FieldWriter {
  /** Visible field `index` (its position among the schema's visible top-level fields) begins. */
  begin(index: number): void;
  /** The field's value has been given. */
  end(): void;
  /** A number whose text is String(n) (integers, finite doubles); JSON value: the number. */
  decimal(n: number): void;
  /** An integer whose text is `0x…` upper-case hex of its low 8, 16 or 32 bits, or (64) of n, 0 <= n < 2^53; JSON value: n. */
  hex(n: number, bits: 8 | 16 | 32 | 64): void;
  /** An unsigned 64-bit integer beyond 2^53 (u32 halves) whose text is its hex; JSON value: its decimal digits as a string. */
  hexHalves(lo: number, hi: number): void;
  /** A 32-bit code (HRESULT, NTSTATUS, Win32 error) whose text is `0x%08X`; JSON value: n. */
  errorCode(n: number): void;
  /** `true` / `false`. */
  bool(v: boolean): void;
  /** A number whose text is given (a float's shortest round-trip text). */
  number(value: number, text: string): void;
  /** A string that is its own text; `plain` when it holds nothing JSON escapes (control characters, `"`, `\`, surrogates). */
  text(s: string, plain: boolean): void;
  /** UTF-16LE text b[start, stop) of whole code units, without NUL. */
  utf16(b: Buffer, start: number, stop: number): void;
  /** 8-bit text b[start, stop) without NUL: UTF-8 when `utf8`, else Windows-1252. */
  text8(b: Buffer, start: number, stop: number, utf8: boolean): void;
  /** No value: JSON null, empty text (a TOKEN_USER without a SID). */
  none(): void;
  /** A field decoded whole: arrays, structs, character runs (write it from its value and text). */
  field(f: DecodedField): void;
}
