/**
 * The JSONL `"message"` and `"fields"` values of a schema payload as a
 * FieldWriter (schema/field-writer.ts), driven by the compiled decoder's walk
 * (schema/field-walk.ts). The fields object goes to a scratch writer member by
 * member (keys prepared per schema, values as JSON.stringify writes them,
 * payload text transcoded from its bytes by json-text-bytes.ts); for a schema
 * without a message (kernel classes), straight into the line (fillWithFields). For each
 * field the message shows, its escaped text is found inside its value when
 * they are the same characters, else written separately (hex integers, error
 * codes, floats, arrays and structs).
 *
 * A message whose references name visible fields in increasing order, each
 * once (and a payload that cannot end early), is written as the walk goes:
 * each field's literal piece, then its text, straight into the line (see
 * fillWithMessage); UTF-16 text is transcoded to both places at once. Any other
 * message is copied together afterwards from its literal pieces and the texts
 * noted per field.
 *
 * The commonest values (integers, hex, mapped names, NUL-terminated UTF-16
 * text) are written by code this writer gives the walk (schema/field-code.ts):
 * keys and literal pieces as constant stores, and whether the message shows a
 * field decided when the code is made. The rest comes through the methods.
 * The bytes equal the line written from decoded fields
 * (test/render/jsonl-walk.test.ts).
 */
import { FieldWalk } from '../schema/field-walk.js';
import type { FieldCode } from '../schema/field-code.js';
import type { FieldWriter } from '../schema/field-writer.js';
import type { CompiledSchema } from '../schema/payload-decoder.js';
import { cp1252Text } from '../schema/render-text.js';
import type { DecodedField } from '../schema/types.js';
import { ByteWriter, Piece, viewsOf } from './byte-writer.js';
import { byte, ConstWriter, ensure, int } from './const-code.js';
import { keyRuns, piecesOf, writeFieldText, writeFieldValue, writeJsonInner } from './json-field-bytes.js';
import { writeAsciiJson, writeUtf16Json } from './json-text-bytes.js';
import { textPieceMemo } from './text-piece-memo.js';

const TWO32 = 4294967296;
const TRUE = Piece.latin1('true');
const FALSE = Piece.latin1('false');
const NULL = Piece.latin1('null');
const NOTHING = new Uint8Array(0);

/** The fields object of the last walk, and the message texts that differ from their values: shared (one event at a time). */
const FIELDS_OUT = ByteWriter.scratch();
const TEXTS_OUT = ByteWriter.scratch(4096);
/** The message of the last walk when it is written in field order and not into the line; shared likewise. */
const MESSAGE_OUT = ByteWriter.scratch();

/** Room made after a key for the values the code writes without making its own (numbers, `"` and 20 digits). */
const VALUE_ROOM = 24;
/** Room for a message text of a hex value (`0x` and 16 digits). */
const HEX_ROOM = 20;
/** Room made ahead for a message text of a number (decimal or hex). */
const TEXT_ROOM = 24;

/** JSON strings of mapped texts (value-map and bit-map names), by text; bounded. */
const quoted = textPieceMemo((t) => JSON.stringify(t));

/** Mapped integers whose JSON names the code keeps per field. */
const MAPPED_KEPT = 4;

/** Keeps integer n's name t at LN/LP[k] (the older ones move down, the oldest goes); returns its JSON string. */
function keep(LN: Float64Array, LP: (Piece | null)[], k: number, n: number, t: string): Piece {
  for (let j = k + MAPPED_KEPT - 1; j > k; j--) { LN[j] = LN[j - 1]!; LP[j] = LP[j - 1]!; }
  const q = quoted(t);
  LN[k] = n;
  LP[k] = q;
  return q;
}

/** What the code calls. */
const HELPERS = { viewsOf, writeUtf16Json, keep };

/** The in-order form of a message (see JsonFieldWriter.before), or null when its references are not in field order. */
function inOrderMessage(pieces: Piece[], fieldAt: number[], visibleCount: number): { before: (Piece | null)[]; last: Piece } | null {
  const before: (Piece | null)[] = new Array<Piece | null>(visibleCount).fill(null);
  let pending: Uint8Array[] = [pieces[0]!.bytes];
  let last = -1;
  for (let k = 0; k < fieldAt.length; k++) {
    const v = fieldAt[k]!;
    if (v >= 0) {
      if (v <= last || v >= visibleCount) return null;
      before[v] = new Piece(Buffer.concat(pending));
      pending = [];
      last = v;
    }
    pending.push(pieces[k + 1]!.bytes);
  }
  return { before, last: new Piece(Buffer.concat(pending)) };
}

export class JsonFieldWriter implements FieldWriter {
  private readonly F = FIELDS_OUT;
  private readonly T = TEXTS_OUT;
  private readonly walk: FieldWalk;
  /** Per visible field: the message shows it; where its text lies (in T when textInT is 1, else in F). */
  private readonly inMessage: Uint8Array;
  private readonly textStart: Int32Array;
  private readonly textEnd: Int32Array;
  private readonly textInT: Uint8Array;
  /** The message's escaped literal pieces (the first opening the JSON string, the last closing it) and the fields between them. */
  private readonly pieces: Piece[] | null;
  private readonly fieldAt: number[];
  private readonly literalLength: number;
  /** The visible field being written (set by begin and by the code's begin). */
  index = 0;
  /**
   * In-order messages: the literal piece written before each field the message
   * shows (null for the others; the last piece is written by the walk's finish).
   * Null when the message is not in order (or there is none).
   */
  private readonly before: (Piece | null)[] | null;
  /** Where the in-order message goes during a walk: MESSAGE_OUT, or the line itself (fillWithMessage); read at the walk's start. */
  m: ByteWriter = MESSAGE_OUT;
  /**
   * Where the fields object goes during a walk, from its position there: FIELDS_OUT (emptied first), or
   * the line itself for a schema without a message (fillWithFields); read at the walk's start.
   */
  f: ByteWriter = FIELDS_OUT;
  /** Whether the schema has a message (then writeMessage writes a JSON string). */
  readonly hasMessage: boolean;

  private constructor(compiled: CompiledSchema, private readonly keys: Piece[]) {
    const visible = compiled.fieldNames.length;
    this.inMessage = new Uint8Array(visible);
    this.textStart = new Int32Array(visible);
    this.textEnd = new Int32Array(visible);
    this.textInT = new Uint8Array(visible);
    const plan = compiled.message;
    this.pieces = plan === null ? null : piecesOf(plan);
    this.fieldAt = plan === null ? [] : plan.fieldAt;
    for (const v of this.fieldAt) if (v >= 0 && v < visible) this.inMessage[v] = 1;
    this.literalLength = this.pieces === null ? 0 : this.pieces.reduce((n, p) => n + p.length, 0);
    this.hasMessage = plan !== null;
    const inOrder = this.pieces === null || compiled.endsEarly ? null : inOrderMessage(this.pieces, this.fieldAt, visible);
    this.before = inOrder === null ? null : inOrder.before;
    const last = inOrder === null ? null : inOrder.last;
    this.walk = FieldWalk.withCode(compiled, jsonCode(keys, this.inMessage, this.before, last, this.textStart, this.textEnd, this.textInT));
  }

  /** The writer of a compiled schema, or null when its field names cannot be written in order as object members. */
  static for(compiled: CompiledSchema): JsonFieldWriter | null {
    if (compiled === lastCompiled) return lastWriter;
    let w = writers.get(compiled);
    if (w === undefined) {
      const keys = keyRuns(compiled.fieldNames);
      w = keys === null ? null : new JsonFieldWriter(compiled, keys);
      writers.set(compiled, w);
    }
    lastCompiled = compiled;
    lastWriter = w;
    return w;
  }

  /** Whether the message is written in field order during the walk (then fillWithMessage may write it into the line). */
  get messageInFill(): boolean {
    return this.before !== null;
  }

  /** Walk the payload b[from, to) and prepare its message and fields; false when it does not fit the schema. */
  fill(b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    MESSAGE_OUT.pos = 0;
    FIELDS_OUT.pos = 0;
    this.m = MESSAGE_OUT;
    this.f = FIELDS_OUT;
    return this.walk.write(this, b, from, to, pointerSize, sessionClock);
  }

  /**
   * Only for a schema without a message: walk the payload, appending the fields
   * object without its closing brace (nothing when the walk writes no field:
   * hasFields) to `line` as it goes, which saves copying it there afterwards.
   * False when it does not fit; what was appended is then partial (the caller
   * takes it back).
   */
  fillWithFields(line: ByteWriter, b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    this.f = line;
    const fits = this.walk.write(this, b, from, to, pointerSize, sessionClock);
    this.f = FIELDS_OUT;
    return fits;
  }

  /**
   * Only when messageInFill: walk the payload, appending the message (a JSON
   * string) to `line` as it goes. False when it does not fit; what was appended
   * is then partial (the caller takes it back).
   */
  fillWithMessage(line: ByteWriter, b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    FIELDS_OUT.pos = 0;
    this.m = line;
    this.f = FIELDS_OUT;
    return this.walk.write(this, b, from, to, pointerSize, sessionClock);
  }

  /** Whether the last walk wrote any field (else the fields value is null). */
  get hasFields(): boolean {
    return this.walk.written > 0;
  }

  /** The fields object of the last walk without its closing brace (empty when it wrote no field); valid until the next walk. */
  fieldsWritten(): Uint8Array {
    return this.walk.written > 0 ? this.F.written() : NOTHING;
  }

  /** The message of the last fill as a JSON string (only when hasMessage). */
  writeMessage(w: ByteWriter): void {
    if (this.before !== null) {
      const M = MESSAGE_OUT;
      w.ensure(M.pos);
      w.copyFrom(M, 0, M.pos);
      return;
    }
    const pieces = this.pieces!;
    const fieldAt = this.fieldAt;
    const shown = this.walk.written;
    const S = this.textStart, E = this.textEnd;
    let need = this.literalLength;
    for (let k = 0; k < fieldAt.length; k++) {
      const v = fieldAt[k]!;
      if (v >= 0 && v < shown) need += E[v]! - S[v]!;
    }
    w.ensure(need);
    w.put(pieces[0]!);
    for (let k = 0; k < fieldAt.length; k++) {
      const v = fieldAt[k]!;
      if (v >= 0 && v < shown) w.copyFrom(this.textInT[v] === 1 ? this.T : this.F, S[v]!, E[v]!);
      w.put(pieces[k + 1]!);
    }
  }

  /** The fields object of the last fill (only when hasFields). */
  writeFields(w: ByteWriter): void {
    const F = this.F;
    w.ensure(F.pos + 1);
    w.bytes(F.written());
    w.byte(125);
  }

  /** Where a message text that differs from its value is written: straight into the in-order message, else T (then noted). */
  private textOut(): ByteWriter {
    return this.before !== null ? this.m : this.T;
  }

  /** A text written by textOut from `start`: noted when it went to T. */
  private noteText(out: ByteWriter, start: number): void {
    if (out === this.T) this.note(start, out.pos, 1);
  }

  /** The current field's text is [start, end) of F (or of T): noted, or in in-order mode copied into the message. */
  private note(start: number, end: number, inT: number): void {
    const i = this.index;
    if (this.before !== null) {
      const M = this.m;
      M.ensure(end - start);
      M.copyFrom(inT === 1 ? this.T : this.F, start, end);
      return;
    }
    this.textStart[i] = start;
    this.textEnd[i] = end;
    this.textInT[i] = inT;
  }

  begin(index: number): void {
    this.index = index;
    const F = this.f;
    const key = this.keys[index]!;
    F.ensure(key.length + VALUE_ROOM);
    F.put(key);
    const piece = this.before === null ? null : this.before[index]!;
    if (piece !== null) { this.m.ensure(piece.length); this.m.put(piece); }
  }

  end(): void {}

  decimal(n: number): void {
    const F = this.f;
    const s = F.pos;
    F.uint(n);
    if (this.inMessage[this.index] === 1) this.note(s, F.pos, 0);
  }

  hex(n: number, bits: 8 | 16 | 32 | 64): void {
    this.f.uint(n);
    if (this.inMessage[this.index] !== 1) return;
    const T = this.textOut();
    const s = T.pos;
    T.ensure(HEX_ROOM);
    if (bits !== 64) T.hexU32(bits === 8 ? n & 0xff : bits === 16 ? n & 0xffff : n >>> 0);
    else {
      const hi = Math.floor(n / TWO32);
      if (hi !== 0) { T.hexU32(hi); T.hexDigits32(n - hi * TWO32, true); } else T.hexU32(n);
    }
    this.noteText(T, s);
  }

  hexHalves(lo: number, hi: number): void {
    const F = this.f;
    F.byte(34); F.u64(lo, hi); F.byte(34);
    if (this.inMessage[this.index] !== 1) return;
    const T = this.textOut();
    const s = T.pos;
    T.ensure(HEX_ROOM);
    T.hexU32(hi);
    T.hexDigits32(lo, true);
    this.noteText(T, s);
  }

  errorCode(n: number): void {
    this.f.uint(n);
    if (this.inMessage[this.index] !== 1) return;
    const T = this.textOut();
    const s = T.pos;
    T.ensure(10);
    T.hex8(n >>> 0);
    this.noteText(T, s);
  }

  bool(v: boolean): void {
    const F = this.f;
    const s = F.pos;
    F.put(v ? TRUE : FALSE);
    if (this.inMessage[this.index] === 1) this.note(s, F.pos, 0);
  }

  number(value: number, text: string): void {
    this.f.ascii(String(value));
    if (this.inMessage[this.index] !== 1) return;
    const T = this.textOut();
    const s = T.pos;
    writeJsonInner(T, text);
    this.noteText(T, s);
  }

  text(s: string, plain: boolean): void {
    const F = this.f;
    F.byte(34);
    const start = F.pos;
    if (plain) F.text(s); else writeJsonInner(F, s);
    if (this.inMessage[this.index] === 1) this.note(start, F.pos, 0);
    F.ensure(1);
    F.byte(34);
  }

  utf16(b: Buffer, start: number, stop: number): void {
    const F = this.f;
    F.byte(34);
    const s = F.pos;
    const views = viewsOf(b.buffer);
    if (this.inMessage[this.index] !== 1) writeUtf16Json(F, b, start, stop, views);
    else if (this.before !== null) writeUtf16Json(F, b, start, stop, views, this.m);
    else { writeUtf16Json(F, b, start, stop, views); this.note(s, F.pos, 0); }
    F.ensure(1);
    F.byte(34);
  }

  text8(b: Buffer, start: number, stop: number, utf8: boolean): void {
    const F = this.f;
    F.byte(34);
    const s = F.pos;
    if (!writeAsciiJson(F, b, start, stop)) writeJsonInner(F, utf8 ? b.toString('utf8', start, stop) : cp1252Text(b, start, stop));
    if (this.inMessage[this.index] === 1) this.note(s, F.pos, 0);
    F.ensure(1);
    F.byte(34);
  }

  none(): void {
    this.f.put(NULL);
    if (this.inMessage[this.index] === 1) this.note(0, 0, 0);
  }

  field(f: DecodedField): void {
    writeFieldValue(this.f, f);
    if (this.inMessage[this.index] !== 1) return;
    const T = this.textOut();
    const s = T.pos;
    writeFieldText(T, f);
    this.noteText(T, s);
  }
}

/**
 * The code a schema's JsonFieldWriter gives its walk (schema/field-code.ts).
 * Names: F (the fields' writer, w.f), T (texts), M_ (the in-order message's writer, w.m), S/E/X
 * (noted texts), LN/LP (the last integers named per mapped field and the JSON strings of their names),
 * K (long constants), J (helpers), V (the payload buffer's views, looked up at
 * the first UTF-16 text), s_ and q_ (scratch).
 */
function jsonCode(
  keys: Piece[], inMessage: Uint8Array, before: (Piece | null)[] | null, last: Piece | null, S: Int32Array, E: Int32Array, X: Uint8Array,
): FieldCode {
  const c = new ConstWriter();
  const visible = inMessage.length;
  const inOrder = before !== null;
  /** Fields whose key, number and message text (literal piece and number) had their room made ahead (room). */
  const roomMade = new Set<number>();
  /** Code after a field's text was written to writer `src` from `start` to `end`: copied into the in-order message, or noted. */
  const noteText = (v: number, src: string, start: string, end: string, ahead = false): string => {
    if (inMessage[v] !== 1) return '';
    if (inOrder) return ` ${ahead && roomMade.has(v) ? '' : ensure('M_', `${end} - ${start}`)} M_.copyFrom(${src}, ${start}, ${end});`;
    return ` S[${int(v)}] = ${start}; E[${int(v)}] = ${end}; X[${int(v)}] = ${src === 'T' ? 1 : 0};`;
  };
  /** Code writing a message text (hex) of field v with `write` (given the writer's name): into the in-order message, or to T and noted. */
  const messageText = (v: number, write: (w: string) => string): string => {
    if (inMessage[v] !== 1) return '';
    if (inOrder) return ` ${roomMade.has(v) ? '' : ensure('M_', int(HEX_ROOM))} ${write('M_')}`;
    return ` s_ = T.pos; ${ensure('T', int(HEX_ROOM))} ${write('T')}${noteText(v, 'T', 's_', 'T.pos')}`;
  };
  /**
   * Code writing the integer n as a JSON number (room made by begin); a single digit inline (zeros and small
   * counts fill most payloads: reserved fields, flags, levels), as the method calls are not inlined here,
   * and others with the writer's call-free u32 and u53.
   */
  const number = (bits: number, signed: boolean): string => {
    const digits = `if (n < 10) F.buf[F.pos++] = 48 + n; else ${bits !== 64 ? 'F.u32(n)' : 'F.u53(n)'};`;
    if (!signed) return digits;
    return `if (n < 0) { ${byte('F', 45)} ${bits !== 64 ? 'F.u32(-n)' : 'F.u53(-n)'}; } else ${digits}`;
  };
  return {
    names: ['T', 'S', 'E', 'X', 'LN', 'LP', 'K', 'J'],
    values: [
      TEXTS_OUT, S, E, X, new Float64Array(visible * MAPPED_KEPT).fill(NaN), new Array<Piece | null>(visible * MAPPED_KEPT).fill(null),
      c.pieces, HELPERS,
    ],
    locals: 'let V = null, s_ = 0, q_ = null; const M_ = w.m, F = w.f; T.pos = 0;',
    // An in-order message's last piece closes it.
    finish: last === null ? '' : `${ensure('M_', int(last.length))} ${c.put('M_', last)}`,
    room(vs: readonly number[]): string {
      let fields = 0, message = 0;
      for (const v of vs) {
        roomMade.add(v);
        fields += keys[v]!.length + VALUE_ROOM;
        const piece = before === null ? null : before[v]!;
        if (piece !== null) message += piece.length + TEXT_ROOM;
      }
      return ensure('F', int(fields)) + (message > 0 ? ' ' + ensure('M_', int(message)) : '');
    },
    begin(v: number, methods: boolean): string {
      const key = keys[v]!;
      const ahead = roomMade.has(v);
      let code = `${methods ? `w.index = ${int(v)}; ` : ''}${ahead ? '' : ensure('F', int(key.length + VALUE_ROOM))} ${c.put('F', key)}`;
      const piece = before === null ? null : before[v]!;
      if (piece !== null) code += ` ${ahead ? '' : ensure('M_', int(piece.length))} ${c.put('M_', piece)}`;
      return code;
    },
    // The writer's end() does nothing.
    end(): string {
      return '';
    },
    decimal(v: number, bits: 8 | 16 | 32 | 64, signed: boolean): string {
      return inMessage[v] === 1 ? `s_ = F.pos; ${number(bits, signed)}${noteText(v, 'F', 's_', 'F.pos', true)}` : number(bits, signed);
    },
    hex(v: number, bits: 8 | 16 | 32 | 64, signed: boolean, at: string): string {
      const lowBits = bits === 8 ? 'n & 0xff' : bits === 16 ? 'n & 0xffff' : 'n >>> 0';
      return number(bits, signed) + messageText(v, (w) => (bits === 64 ? `${w}.hexU64(b, ${at});` : `${w}.hexU32(${lowBits});`));
    },
    guid(v: number): string {
      return `${ensure('F', '40')} ${byte('F', 34)} s_ = F.pos; F.guid(b, o); ${byte('F', 34)}` + noteText(v, 'F', 's_', 'F.pos - 1');
    },
    hexHalves(v: number, at: string): string {
      return `${byte('F', 34)} F.u64(lo, hi); ${byte('F', 34)}` + messageText(v, (w) => `${w}.hexU64(b, ${at});`);
    },
    text(v: number): string {
      // The JSON strings of the last MAPPED_KEPT values named, newest first (flags and kinds alternate among a few).
      const k = v * MAPPED_KEPT;
      let find = '';
      for (let j = 0; j < MAPPED_KEPT; j++) find += `if (n === LN[${int(k + j)}]) q_ = LP[${int(k + j)}]; else `;
      return `${find}q_ = J.keep(LN, LP, ${int(k)}, n, t); ${ensure('F', 'q_.length')} s_ = F.pos; F.put(q_);` +
        noteText(v, 'F', 's_ + 1', 'F.pos - 1');
    },
    utf16Until(v: number, e: string): string {
      const twin = inOrder && inMessage[v] === 1 ? 'M_' : 'null';
      return `if (V === null) V = J.viewsOf(ab); ${byte('F', 34)} s_ = F.pos; n = J.writeUtf16Json(F, b, o, ${e}, V, ${twin});` +
        (twin === 'null' ? noteText(v, 'F', 's_', 'F.pos') : '') + ` ${ensure('F', '1')} ${byte('F', 34)}`;
    },
  };
}

const writers = new WeakMap<CompiledSchema, JsonFieldWriter | null>();
/** The last schema looked up and its writer (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWriter: JsonFieldWriter | null = null;
