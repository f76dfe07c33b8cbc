/**
 * A compiled schema's payload written straight from its bytes as the JSONL
 * `"message"` and `"fields"` values, without decoded field objects. Each
 * top-level property gets an op at compile time: the common scalars (decimal
 * and hex integers, booleans, GUIDs, UTF-16 and ASCII strings, binary) are read
 * and written here; anything else (arrays, structs, maps, times, SIDs, floats,
 * non-ASCII 8-bit text, …) is decoded by the schema's own decoder for that one
 * property and written from its field. The fields object goes to a scratch
 * writer first, noting where each field's text lies, so that the message (which
 * comes first in the line) copies those bytes instead of rendering them again.
 * The result equals the decoded-field path byte for byte (test/render/
 * schema-json.test.ts compares them on the corpus); a payload that does not fit
 * makes `fill` return false and the caller takes that path.
 */
import type { CompiledSchema } from '../schema/payload-decoder.js';
import type { SizeRef } from '../schema/event-schema.js';
import { OutType } from '../schema/event-schema.js';
import { IntForm, ReadAs, type CompiledMap, type CompiledProperty } from '../schema/tdh-property.js';
import { fileTimeOf, i64Decimal, mappedText, nul8, systemTimeOf, u64Decimal, type ReadContext } from '../schema/tdh-value.js';
import { ByteWriter, Piece } from './byte-writer.js';
import { keyRuns, piecesOf, writeFieldText, writeFieldValue, writeHex32 } from './json-field-bytes.js';
import { writeAsciiJson, writeUtf16Json } from './json-text-bytes.js';

/** What an op does. */
const Op = {
  /** Decoded by the schema's decoder. */
  GENERIC: 0,
  /** An integer shown in decimal (1, 2, 4, 8 bytes or pointer-sized). */
  INT_DEC: 1,
  /** An integer shown as `0x…` hex, valued as a number. */
  INT_HEX: 2,
  /** A 1, 2 or 4-byte integer with a value map or bit map. */
  MAP: 11,
  /** A FILETIME as ISO text (GENERIC for one outside a date's range). */
  FILETIME: 12,
  /** A SYSTEMTIME as ISO text (GENERIC for an invalid one). */
  SYSTEMTIME: 13,
  /** One character (8-bit Windows-1252 or 16-bit), written here when it is ASCII and not NUL. */
  CHAR: 14,
  /** An integer or BOOL shown as true/false. */
  BOOL: 3,
  GUID: 4,
  /** UTF-16: NUL-terminated, or `length` characters. */
  STR16: 5,
  /** u16 byte count + UTF-16. */
  COUNTED16: 6,
  /** 8-bit: NUL-terminated, or `length` bytes (ASCII here, else GENERIC for that payload). */
  STR8: 7,
  COUNTED8: 8,
  /** `length` bytes, else the rest of the payload, as `0x…`. */
  BINARY: 9,
  /** u16 byte count + bytes, as `0x…`. */
  COUNTED_BINARY: 10,
} as const;

interface PropertyOp {
  op: number;
  /** Index among the schema's properties (for counts/lengths and the generic decoder). */
  index: number;
  /** Index among the visible fields, or -1 (NoPrint). */
  visible: number;
  /** `{"name":` / `,"name":` for a visible field. */
  key: Piece | null;
  /** The message shows this field (its text must be available). */
  inMessage: boolean;
  /** Integer bytes (0: the event's pointer size); 4 for a BOOL32. */
  size: number;
  signed: boolean;
  length: SizeRef | null;
  /** Integers: shown as hex (else decimal). */
  hex: boolean;
  /** SYSTEMTIME: out-type DATETIME_UTC (the text ends with Z). */
  utc: boolean;
  /** CHAR: an integer in-type shown as a character (its value still counts as a number). */
  intChar: boolean;
  map: CompiledMap | null;
  /** MAP: the JSON value (`"text"`) per integer seen, null where a value map has no entry; bounded. */
  mapped: Map<number, Piece | null> | null;
}

const TWO32 = 4294967296;
const SAFE_HI = 0x200000; // 2^53 / 2^32
const TRUE = Piece.latin1('true');
const FALSE = Piece.latin1('false');

function opFor(p: CompiledProperty): number {
  if (p.count !== null || p.charString || p.members !== null) return Op.GENERIC;
  if (p.map !== null) {
    const small = p.intSize === 1 || p.intSize === 2 || p.intSize === 4;
    return p.readAs === ReadAs.INT && small && (p.intForm === IntForm.DECIMAL || p.intForm === IntForm.HEX) ? Op.MAP : Op.GENERIC;
  }
  switch (p.readAs) {
    case ReadAs.INT:
      if (p.intForm === IntForm.DECIMAL) return Op.INT_DEC;
      if (p.intForm === IntForm.HEX) return Op.INT_HEX;
      if (p.intForm === IntForm.BOOLEAN) return Op.BOOL;
      if (p.intForm === IntForm.CHAR && (p.intSize === 1 || p.intSize === 2)) return Op.CHAR;
      return Op.GENERIC;
    case ReadAs.CHAR8: case ReadAs.CHAR16: return Op.CHAR;
    case ReadAs.FILETIME: return Op.FILETIME;
    case ReadAs.SYSTEMTIME: return Op.SYSTEMTIME;
    case ReadAs.BOOL32: return Op.BOOL;
    case ReadAs.GUID: return Op.GUID;
    case ReadAs.STRING16: return Op.STR16;
    case ReadAs.COUNTED16: return Op.COUNTED16;
    case ReadAs.STRING8: return Op.STR8;
    case ReadAs.COUNTED8: return Op.COUNTED8;
    case ReadAs.BINARY: return p.outType === OutType.IPV6 || p.outType === OutType.SOCKETADDRESS ? Op.GENERIC : Op.BINARY;
    case ReadAs.COUNTED_BINARY: return p.outType === OutType.IPV6 || p.outType === OutType.SOCKETADDRESS ? Op.GENERIC : Op.COUNTED_BINARY;
    default: return Op.GENERIC;
  }
}

const FIELDS_OUT = ByteWriter.scratch();
const TEXTS_OUT = ByteWriter.scratch(4096);

export class SchemaJsonWriter {
  private readonly ops: PropertyOp[];
  /** The fields object (without its closing brace) of the last fill; shared by all writers (one event at a time). */
  private readonly fieldsOut = FIELDS_OUT;
  /** Texts that differ from their JSON value (hex integers, generic fields) of the last fill; shared likewise. */
  private readonly textsOut = TEXTS_OUT;
  /** Per visible field: where its text lies (in fieldsOut, or textsOut when textInTexts). */
  private readonly textStart: Int32Array;
  private readonly textEnd: Int32Array;
  private readonly textInTexts: Uint8Array;
  /** Visible fields the last fill wrote. */
  private visibleCount = 0;
  private readonly nums: Float64Array | null;
  private readonly ctx: ReadContext = { pointerSize: 8, sessionTimeToFileTime: null };
  /** The message's literal pieces (JSON-escaped, the first opening and the last closing the string), and their total length. */
  private readonly messagePieces: Piece[] | null;
  private readonly messageLiteralBytes: number;
  private readonly messageAt: number[];

  private constructor(private readonly compiled: CompiledSchema, keys: Piece[]) {
    const inMessage = new Set(compiled.message?.fieldAt ?? []);
    let v = 0;
    this.ops = compiled.properties.map((p, index) => {
      const visible = p.hidden ? -1 : v++;
      let op = opFor(p);
      // Hidden strings are rare: only the integers (counts, lengths) are read here without being shown.
      if (visible < 0 && (op === Op.STR16 || op === Op.COUNTED16)) op = Op.GENERIC;
      return {
        op, index, visible, key: visible < 0 ? null : keys[visible]!, inMessage: visible >= 0 && inMessage.has(visible),
        size: p.readAs === ReadAs.BOOL32 ? 4 : p.readAs === ReadAs.CHAR8 ? 1 : p.readAs === ReadAs.CHAR16 ? 2 : p.intSize,
        signed: p.readAs === ReadAs.BOOL32 || p.signed, length: p.length, utc: p.outType === OutType.DATETIME_UTC,
        intChar: p.readAs === ReadAs.INT,
        hex: p.intForm === IntForm.HEX, map: p.map, mapped: op === Op.MAP ? new Map<number, Piece | null>() : null,
      };
    });
    this.textStart = new Int32Array(v);
    this.textEnd = new Int32Array(v);
    this.textInTexts = new Uint8Array(v);
    this.nums = compiled.newTopNums();
    const pieces = compiled.message === null ? null : piecesOf(compiled.message);
    this.messagePieces = pieces;
    this.messageLiteralBytes = pieces === null ? 0 : pieces.reduce((n, x) => n + x.length, 0);
    this.messageAt = compiled.message?.fieldAt ?? [];
  }

  /** The writer of a compiled schema, or null when its field names cannot be written in order as object members. */
  static for(compiled: CompiledSchema): SchemaJsonWriter | null {
    if (compiled === lastCompiled) return lastWriter;
    let w = writers.get(compiled);
    if (w === undefined) {
      const keys = keyRuns(compiled.fieldNames);
      w = keys === null ? null : new SchemaJsonWriter(compiled, keys);
      writers.set(compiled, w);
    }
    lastCompiled = compiled;
    lastWriter = w;
    return w;
  }

  /** Whether the schema has a message (then writeMessage writes a JSON string, else nothing is to be written). */
  get hasMessage(): boolean {
    return this.messagePieces !== null;
  }

  /** Whether the last fill wrote any field (else the fields value is null). */
  get hasFields(): boolean {
    return this.visibleCount > 0;
  }

  /**
   * Read the payload and prepare its message and fields. False when it does not
   * fit the schema (nothing usable is prepared then).
   */
  fill(b: Buffer, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    const F = this.fieldsOut;
    const T = this.textsOut;
    F.pos = 0;
    T.pos = 0;
    const nums = this.nums;
    if (nums !== null) nums.fill(NaN);
    const ops = this.ops;
    const mayEndEarly = this.compiled.endsEarly;
    const end = b.length;
    let o = 0;
    let shown = 0;
    for (let i = 0; i < ops.length; i++) {
      if (mayEndEarly && o === end) break;
      const op = ops[i]!;
      const room = end - o;
      let len = -1;
      if (op.length !== null) {
        len = this.size(op.length);
        if (len < 0) return false;
      }
      const v = op.visible;
      if (v >= 0) { F.ensure(op.key!.length); F.put(op.key!); }
      const valueAt = F.pos;
      switch (op.op) {
        case Op.INT_DEC: case Op.INT_HEX: case Op.MAP: {
          const size = op.size === 0 ? pointerSize : op.size;
          if (room < size) return false;
          if (size === 8) {
            this.int64(op, b, o, v);
          } else {
            let n: number;
            if (size === 1) n = op.signed ? b.readInt8(o) : b[o]!;
            else if (size === 2) n = op.signed ? b.readInt16LE(o) : b.readUInt16LE(o);
            else n = op.signed ? b.readInt32LE(o) : b.readUInt32LE(o);
            if (nums !== null) nums[op.index] = n;
            if (v >= 0) {
              const mapped = op.op === Op.MAP ? this.mappedValue(op, n) : null;
              if (mapped !== null) {
                F.ensure(mapped.length);
                F.put(mapped);
                this.noteText(v, valueAt + 1, F.pos - 1);
              } else {
                F.ensure(16);
                if (n < 0) { F.byte(45); F.uint(-n); } else F.uint(n);
                if (!op.hex) this.noteText(v, valueAt, F.pos);
                else if (op.inMessage) {
                  const start = T.pos;
                  T.ensure(12);
                  T.byte(48); T.byte(120);
                  writeHex32(T, size === 4 ? n >>> 0 : size === 2 ? n & 0xffff : n & 0xff, false);
                  this.noteOther(v, start, T.pos);
                }
              }
            }
          }
          o += size;
          break;
        }
        case Op.BOOL: {
          const size = op.size;
          if (room < size) return false;
          const n = size === 1 ? (op.signed ? b.readInt8(o) : b[o]!) : op.signed ? b.readInt32LE(o) : b.readUInt32LE(o);
          if (nums !== null) nums[op.index] = n;
          if (v >= 0) {
            F.ensure(5);
            F.put(n !== 0 ? TRUE : FALSE);
            this.noteText(v, valueAt, F.pos);
          }
          o += size;
          break;
        }
        case Op.FILETIME: case Op.SYSTEMTIME: {
          const size = op.op === Op.FILETIME ? 8 : 16;
          if (room < size) return false;
          const t = op.op === Op.FILETIME ? fileTimeOf(b.readUInt32LE(o), b.readUInt32LE(o + 4)) : systemTimeOf(b, o, op.utc);
          if (t === null) {
            o = this.generic(op, b, o, end, sessionClock, pointerSize);
            if (o < 0) return false;
            break;
          }
          if (v >= 0) {
            F.ensure(t.length + 2);
            F.byte(34); F.ascii(t); F.byte(34);
            this.noteText(v, valueAt + 1, F.pos - 1);
          }
          o += size;
          break;
        }
        case Op.CHAR: {
          const size = op.size;
          if (room < size) return false;
          const c = size === 1 ? b[o]! : b.readUInt16LE(o);
          if (c === 0 || c >= 0x80) {
            o = this.generic(op, b, o, end, sessionClock, pointerSize);
            if (o < 0) return false;
            break;
          }
          // An integer with out-type STRING counts as a number (for lengths); a CHAR8/CHAR16 does not.
          if (nums !== null && op.intChar) nums[op.index] = !op.signed ? c : size === 1 ? b.readInt8(o) : b.readInt16LE(o);
          if (v >= 0) {
            F.ensure(1); F.byte(34);
            writeAsciiJson(F, b, o, o + 1); // the low byte: the character is ASCII
            F.ensure(1); F.byte(34);
            this.noteText(v, valueAt + 1, F.pos - 1);
          }
          o += size;
          break;
        }
        case Op.GUID:
          if (room < 16) return false;
          if (v >= 0) {
            F.ensure(40);
            F.byte(34);
            F.guid(b, o);
            F.byte(34);
            this.noteText(v, valueAt + 1, F.pos - 1);
          }
          o += 16;
          break;
        case Op.STR16: {
          let stopAt: number, next: number;
          if (len >= 0) {
            if (room < 2 * len) return false;
            stopAt = next = o + 2 * len;
          } else {
            if (room <= 0) return false;
            stopAt = end;
            next = -1;
          }
          F.ensure(1); F.byte(34);
          const stop = writeUtf16Json(F, b, o, stopAt);
          F.ensure(1); F.byte(34);
          o = next >= 0 ? next : Math.min(stop + 2, end);
          this.noteText(v, valueAt + 1, F.pos - 1);
          break;
        }
        case Op.COUNTED16: {
          if (room < 2) return false;
          const n = b.readUInt16LE(o);
          if (room < 2 + n) return false;
          F.ensure(1); F.byte(34);
          writeUtf16Json(F, b, o + 2, o + 2 + n);
          F.ensure(1); F.byte(34);
          o += 2 + n;
          this.noteText(v, valueAt + 1, F.pos - 1);
          break;
        }
        case Op.STR8: case Op.COUNTED8: {
          let start: number, stop: number, next: number;
          if (op.op === Op.COUNTED8) {
            if (room < 2) return false;
            const n = b.readUInt16LE(o);
            if (room < 2 + n) return false;
            start = o + 2;
            next = start + n;
            stop = nul8(b, start, next);
          } else if (len >= 0) {
            if (room < len) return false;
            start = o;
            next = o + len;
            stop = nul8(b, o, next);
          } else {
            if (room <= 0) return false;
            start = o;
            stop = nul8(b, o, end);
            next = Math.min(stop + 1, end);
          }
          if (v < 0) { o = next; break; }
          F.ensure(1); F.byte(34);
          if (writeAsciiJson(F, b, start, stop)) {
            F.ensure(1); F.byte(34);
            this.noteText(v, valueAt + 1, F.pos - 1);
            o = next;
            break;
          }
          F.pos = valueAt;
          o = this.generic(op, b, o, end, sessionClock, pointerSize);
          if (o < 0) return false;
          break;
        }
        case Op.BINARY: case Op.COUNTED_BINARY: {
          let start = o, n: number;
          if (op.op === Op.COUNTED_BINARY) {
            if (room < 2) return false;
            n = b.readUInt16LE(o);
            start = o + 2;
            if (room < 2 + n) return false;
          } else {
            n = len >= 0 ? len : room;
            if (room < n) return false;
          }
          if (v >= 0) {
            F.ensure(4);
            F.byte(34); F.byte(48); F.byte(120);
            if (n > 0) F.hex(b.subarray(start, start + n));
            F.ensure(1); F.byte(34);
            this.noteText(v, valueAt + 1, F.pos - 1);
          }
          o = start + n;
          break;
        }
        default:
          o = this.generic(op, b, o, end, sessionClock, pointerSize);
          if (o < 0) return false;
          break;
      }
      if (v >= 0) shown = v + 1;
    }
    this.visibleCount = shown;
    return true;
  }

  /** A mapped integer's JSON value (`"text"`), or null when the value map has no entry for it. */
  private mappedValue(op: PropertyOp, n: number): Piece | null {
    const cache = op.mapped!;
    let piece = cache.get(n);
    if (piece === undefined) {
      const text = mappedText(op.map!, n);
      piece = text === null ? null : Piece.utf8(JSON.stringify(text));
      if (cache.size >= 4096) cache.clear();
      cache.set(n, piece);
    }
    return piece;
  }

  /** A 64-bit integer (decimal or hex per the op) at `o`, as the decoder's renderInt64 values it. */
  private int64(op: PropertyOp, b: Buffer, o: number, v: number): void {
    const F = this.fieldsOut;
    const lo = b.readUInt32LE(o);
    const hiU = b.readUInt32LE(o + 4);
    let n = NaN;
    let digits: string | null = null;
    if (op.hex || !op.signed) {
      if (hiU < SAFE_HI) n = hiU * TWO32 + lo;
      else digits = u64Decimal(lo, hiU);
    } else {
      const hi = hiU | 0;
      if (hi >= -SAFE_HI && hi < SAFE_HI) n = hi * TWO32 + lo;
      else digits = i64Decimal(lo, hiU);
    }
    if (this.nums !== null) this.nums[op.index] = n;
    if (v < 0) return;
    const valueAt = F.pos;
    F.ensure(24);
    if (digits === null) {
      if (n < 0) { F.byte(45); F.uint(-n); } else F.uint(n);
    } else {
      F.byte(34); F.ascii(digits); F.byte(34);
    }
    if (!op.hex) {
      if (digits === null) this.noteText(v, valueAt, F.pos);
      else this.noteText(v, valueAt + 1, F.pos - 1);
    } else if (op.inMessage) {
      const T = this.textsOut;
      const start = T.pos;
      T.ensure(20);
      T.hexU64(b, o);
      this.noteOther(v, start, T.pos);
    }
  }

  /** One property through the schema's decoder, written from its field; the offset after it, or -1. */
  private generic(op: PropertyOp, b: Buffer, o: number, end: number, sessionClock: ((raw: bigint) => bigint) | null, pointerSize: 4 | 8): number {
    const ctx = this.ctx;
    ctx.pointerSize = pointerSize;
    ctx.sessionTimeToFileTime = sessionClock;
    const f = this.compiled.readTopProperty(op.index, this.nums, b, o, end, ctx);
    if (f === null) return -1;
    const v = op.visible;
    if (v >= 0) {
      writeFieldValue(this.fieldsOut, f);
      if (op.inMessage) {
        const T = this.textsOut;
        const start = T.pos;
        writeFieldText(T, f);
        this.noteOther(v, start, T.pos);
      }
    }
    return this.compiled.at;
  }

  /** A visible field's text is fieldsOut[start, end). */
  private noteText(v: number, start: number, end: number): void {
    if (v < 0) return;
    this.textStart[v] = start;
    this.textEnd[v] = end;
    this.textInTexts[v] = 0;
  }

  /** A visible field's text is textsOut[start, end). */
  private noteOther(v: number, start: number, end: number): void {
    this.textStart[v] = start;
    this.textEnd[v] = end;
    this.textInTexts[v] = 1;
  }

  /** A count or length: the constant, or an earlier property's integer value; -1 when unusable. */
  private size(ref: SizeRef): number {
    if ('fixed' in ref) return ref.fixed;
    const v = this.nums === null ? undefined : this.nums[ref.ref];
    return v === undefined || !Number.isInteger(v) || v < 0 ? -1 : v;
  }

  /** The message of the last fill as a JSON string (only when hasMessage). */
  writeMessage(w: ByteWriter): void {
    const pieces = this.messagePieces!;
    const at = this.messageAt;
    const shown = this.visibleCount;
    const starts = this.textStart, ends = this.textEnd, inTexts = this.textInTexts;
    // Room for everything at once: the literal pieces and every text shown.
    let need = this.messageLiteralBytes;
    for (let k = 0; k < at.length; k++) {
      const v = at[k]!;
      if (v >= 0 && v < shown) need += ends[v]! - starts[v]!;
    }
    w.ensure(need);
    w.put(pieces[0]!);
    for (let k = 0; k < at.length; k++) {
      const v = at[k]!;
      if (v >= 0 && v < shown) w.copyFrom(inTexts[v] === 1 ? this.textsOut : this.fieldsOut, starts[v]!, ends[v]!);
      w.put(pieces[k + 1]!);
    }
  }

  /** The fields object of the last fill (only when hasFields). */
  writeFields(w: ByteWriter): void {
    const F = this.fieldsOut;
    w.range(F.buf, 0, F.pos);
    w.ensure(1);
    w.byte(125);
  }
}

const writers = new WeakMap<CompiledSchema, SchemaJsonWriter | null>();
/** The last schema looked up and its writer (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWriter: SchemaJsonWriter | null = null;
