/**
 * The code a CsvFieldWriter (csv-field-writer.ts) gives the compiled walk
 * (schema/field-code.ts) for one schema: the comma before each cell, and
 * integers (decimal, hex), GUIDs, mapped names and NUL-terminated UTF-16
 * text (copied in quotes as its NUL is found when it is plain ASCII and cannot
 * be a number) written inline; the other
 * values come through the writer's methods (its end writes nothing). The bytes
 * equal those of the writer's methods (test/render/xml-csv-field-code.test.ts).
 * The two text rules both share live here: which texts are numbers (bare
 * cells) and which characters a quoted cell holds as is.
 *
 * Names: W (the writer's bytes, w.w), LT/LQ (the last mapped name per field
 * and its cell's bytes), J (helpers), CT (which characters a quoted cell
 * holds as is), u_ and q_ (scratch).
 */
import type { FieldCode } from '../schema/field-code.js';
import { Piece } from './byte-writer.js';
import { byte, ensure, FieldRoom, int } from './const-code.js';
import { csvQuotedCell } from './csv-cells.js';
import { copyableTable, copyPlainUtf16UntilAt, unitTable } from './field-bytes.js';
import { nul16 } from '../schema/tdh-value.js';
import { textPieceMemo } from './text-piece-memo.js';

/** A text that is a number (decimal or hex): its cell is bare, even for a string value. */
export const CSV_NUMERIC = /^-?(?:\d+|0x[0-9A-Fa-f]+)$/;

/**
 * Which bytes may be copied into a quoted cell as is: printable ASCII other
 * than `"` (a comma needs the quotes the cell has anyway; csv-stringify's
 * quoted form of such a text is the text in quotes).
 */
export const CSV_COPYABLE = copyableTable((c) => c >= 0x20 && c < 0x7f && c !== 34);
/** CSV_COPYABLE by UTF-16 code unit for the walk code's copy (field-bytes.ts unitTable: NUL ends the text). */
const CSV_UNITS = unitTable(CSV_COPYABLE);

/** Room made with the comma for a value the code writes without making its own (a number: 20 digits, or `0x` and 16 digits). */
const VALUE_ROOM = 24;
/** A GUID's cell: `"{` 32 digits, 4 dashes `}"`. */
const GUID_CELL = 40;

/** The cells of mapped names (value-map and bit-map names), by name: bare when the name reads as a number, else quoted; bounded. */
const cell = textPieceMemo((t) => (CSV_NUMERIC.test(t) ? t : csvQuotedCell(t)));

/** What the code calls. */
const HELPERS = { cell, copyPlainUtf16UntilAt, nul16 };

/** The code for a schema of `visible` fields. */
export function csvFieldCode(visible: number): FieldCode {
  /** Fields whose comma and number had their room made ahead (room). */
  const room = new FieldRoom('W', (v) => (v > 0 ? 1 : 0) + VALUE_ROOM);
  return {
    names: ['LT', 'LQ', 'J', 'CT'],
    values: [new Array<string | null>(visible).fill(null), new Array<Piece | null>(visible).fill(null), HELPERS, CSV_UNITS],
    locals: 'const W = w.w; let u_ = 0, q_ = null;',
    finish: '',
    room(vs: readonly number[]): string {
      return room.run(vs);
    },
    begin(v: number): string {
      return `${room.field(v)}${v > 0 ? ' ' + byte('W', 44) : ''}`;
    },
    end(): string {
      return '';
    },
    decimal(_v: number, bits: 8 | 16 | 32 | 64, signed: boolean): string {
      // Unsigned and read from 32 bits or fewer: ByteWriter.u32 (a function without calls); else uint (negative numbers too).
      return !signed && bits <= 32 ? 'W.u32(n);' : 'W.uint(n);';
    },
    hex(_v: number, bits: 8 | 16 | 32 | 64, _signed: boolean, at: string): string {
      return bits === 64 ? `W.hexU64(b, ${at});` : `W.hexU32(${bits === 8 ? 'n & 0xff' : bits === 16 ? 'n & 0xffff' : 'n >>> 0'});`;
    },
    hexHalves(_v: number, at: string): string {
      return `W.hexU64(b, ${at});`;
    },
    text(v: number): string {
      // The cell of the last name written for this field (the walk keeps t for the same n).
      return `if (t !== LT[${int(v)}]) { LT[${int(v)}] = t; LQ[${int(v)}] = J.cell(t); } q_ = LQ[${int(v)}];` +
        ` ${ensure('W', 'q_.length')} W.put(q_);`;
    },
    guid(): string {
      return `${ensure('W', int(GUID_CELL))} ${byte('W', 34)} W.guid(b, o); ${byte('W', 34)}`;
    },
    utf16Until(_v: number, e: string): string {
      // Text that cannot start a number, plain ASCII: copied in quotes as its NUL is found; else the NUL found apart
      // and the text given to the writer's method (which tests whether it reads as a number).
      return `${ensure('W', `((${e} - o) >> 1) + 2`)} u_ = -1;` +
        ` if (${e} - o < 2 || b[o + 1] !== 0 || !(b[o] === 45 || (b[o] >= 48 && b[o] <= 57))) {` +
        ` W.buf[W.pos] = 34; u_ = J.copyPlainUtf16UntilAt(W.buf, W.pos + 1, b, o, ${e}, ab, base, CT); }` +
        ` if (u_ >= 0) { n = o + 2 * (u_ - W.pos - 1); W.buf[u_] = 34; W.pos = u_ + 1; } else { n = J.nul16(b, o, ${e}); w.utf16(b, o, n); }`;
    },
  };
}
