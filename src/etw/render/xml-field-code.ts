/**
 * The code an XmlFieldWriter (xml-field-writer.ts) gives the compiled walk
 * (schema/field-code.ts) for one schema's markup: each field's open markup as
 * constant stores, and for integers (decimal, hex), GUIDs, mapped names and
 * NUL-terminated UTF-16 text (copied as its NUL is found, escaped from its
 * first character that is not plain ASCII) the text and close markup inline; the end after a value given by a method
 * (strings, floats, arrays…) is inline too: the empty element in place of an
 * empty text, else where the text lies (for the message) and the close markup.
 * The bytes equal those of the writer's begin/value/end methods
 * (test/render/xml-csv-field-code.test.ts). What both share lives here: the
 * shape of a schema's markup (DataMarkupBytes) and which characters XML text
 * holds as is.
 *
 * Names: W (the writer's bytes, w.w), S/E (where each field's text lies, only
 * for the fields the message shows), LT/LQ (the last mapped name per field and
 * its escaped bytes), K (long constants), J (helpers), CT (which characters
 * are written as is, by UTF-16 code unit; a NUL ends a text), s_ and t_ (where the
 * current field's markup and text begin), q_ (scratch).
 */
import type { FieldCode } from '../schema/field-code.js';
import { Piece } from './byte-writer.js';
import { ConstWriter, ensure, FieldRoom, int } from './const-code.js';
import { copyableTable, unitTable } from './field-bytes.js';
import { xmlText } from './xml-text.js';
import { textPieceMemo } from './text-piece-memo.js';
import { xmlUtf16Until } from './xml-text-bytes.js';

/** The markup of a schema's fields: EventData's `<Data Name="…">`, or a UserData template's own elements. */
export interface DataMarkupBytes {
  /** Before the first field (`\t<EventData>` and newline). */
  begin: Piece;
  /** By visible field: before its text (`\t\t<Data Name="…">`), after it (`</Data>` and newline), or instead of an empty text. */
  open: Piece[];
  close: Piece[];
  empty: Piece[];
  /** After the last field. */
  finish: Piece;
}

/** Which bytes or code units are written as is in XML element text: printable ASCII other than `&`, `<`, `>`, and tab and LF. */
export const XML_COPYABLE = copyableTable((c) => c < 0x7f && (c >= 0x20 ? c !== 38 && c !== 60 && c !== 62 : c === 9 || c === 10));
/** XML_COPYABLE by UTF-16 code unit for the walk code's copy (field-bytes.ts unitTable: NUL ends the text). */
const XML_UNITS = unitTable(XML_COPYABLE);

/** Room made with the open markup for a value the code writes without making its own (a number: 20 digits, or `0x` and 16 digits) and the close markup. */
const VALUE_ROOM = 24;
/** A GUID's text: `{` 32 digits, 4 dashes `}`. */
const GUID_LENGTH = 38;

/** Escaped mapped names (value-map and bit-map names), by name; bounded. */
const escaped = textPieceMemo(xmlText);

/** What the code calls. */
const HELPERS = { escaped, xmlUtf16Until };

/**
 * The code for a schema's fields with `markup`; `inMessage[v]` is 1 for the
 * fields the message shows (their text ranges go to S/E).
 */
export function xmlFieldCode(markup: DataMarkupBytes, inMessage: Uint8Array, S: Int32Array, E: Int32Array): FieldCode {
  const c = new ConstWriter();
  const visible = inMessage.length;
  /** Fields whose markup and number had their room made ahead (room). */
  const room = new FieldRoom('W', (v) => markup.open[v]!.length + VALUE_ROOM + markup.close[v]!.length);
  /** Code closing field v's non-empty text (room for the close markup made). */
  const close = (v: number): string =>
    `${inMessage[v] === 1 ? `S[${int(v)}] = t_; E[${int(v)}] = W.pos; ` : ''}${c.put('W', markup.close[v]!)}`;
  /** Code ending field v whose text may be empty: the empty element instead of its markup, else the close. */
  const end = (v: number): string => {
    const empty = markup.empty[v]!;
    const noted = inMessage[v] === 1 ? ` S[${int(v)}] = 0; E[${int(v)}] = 0;` : '';
    return `if (W.pos === t_) { W.pos = s_; ${ensure('W', int(empty.length))} ${c.put('W', empty)}${noted} }` +
      ` else { ${ensure('W', int(markup.close[v]!.length))} ${close(v)} }`;
  };
  return {
    names: ['S', 'E', 'LT', 'LQ', 'K', 'J', 'CT'],
    values: [S, E, new Array<string | null>(visible).fill(null), new Array<Piece | null>(visible).fill(null), c.pieces, HELPERS, XML_UNITS],
    locals: 'const W = w.w; let s_ = 0, t_ = 0, q_ = null;',
    finish: '',
    room(vs: readonly number[]): string {
      return room.run(vs);
    },
    begin(v: number): string {
      return `${room.field(v)} s_ = W.pos; ${c.put('W', markup.open[v]!)} t_ = W.pos;`;
    },
    end,
    decimal(v: number, bits: 8 | 16 | 32 | 64, signed: boolean): string {
      // A single digit (zeros, flags, small counts: common) inline; n is an integer here, below 2^32 when
      // unsigned and read from 32 bits or fewer (ByteWriter.u32, a function without calls).
      return `if (n >= 0 && n < 10) W.buf[W.pos++] = 48 + n; else ${!signed && bits <= 32 ? 'W.u32(n);' : 'W.uint(n);'} ${close(v)}`;
    },
    hex(v: number, bits: 8 | 16 | 32 | 64, _signed: boolean, at: string): string {
      const value = bits === 64 ? `W.hexU64(b, ${at});` : `W.hexU32(${bits === 8 ? 'n & 0xff' : bits === 16 ? 'n & 0xffff' : 'n >>> 0'});`;
      return `${value} ${close(v)}`;
    },
    hexHalves(v: number, at: string): string {
      return `W.hexU64(b, ${at}); ${close(v)}`;
    },
    text(v: number): string {
      // The escaped bytes of the last name written for this field (the walk keeps t for the same n).
      return `if (t !== LT[${int(v)}]) { LT[${int(v)}] = t; LQ[${int(v)}] = J.escaped(t); } q_ = LQ[${int(v)}];` +
        ` ${ensure('W', 'q_.length')} W.put(q_); ${end(v)}`;
    },
    guid(v: number): string {
      return `${ensure('W', int(GUID_LENGTH + markup.close[v]!.length))} W.guid(b, o); ${close(v)}`;
    },
    utf16Until(v: number, e: string): string {
      // Copied as its NUL is found while plain, escaped from the first unit that is not (xml-text-bytes.ts).
      return `${ensure('W', `((${e} - o) >> 1)`)} n = J.xmlUtf16Until(W, b, o, ${e}, ab, base, CT); ${end(v)}`;
    },
  };
}
