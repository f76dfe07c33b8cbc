/**
 * Reading one TDH value (one array element) from payload bytes and producing
 * its JSON value and how its Windows-like text follows from it (a TextForm, or
 * the text itself where it does not follow; docs/architecture.md F8). The
 * walk over properties, arrays, structs and counts lives in payload-decoder.ts.
 */
import { decompressLznt1, Lznt1Error } from '../etl/lznt1.js';
import { formatSid, sidSize } from '../etl/sid.js';
import type { FieldValue } from './types.js';
import { IntForm, ReadAs, type CompiledMap, type CompiledProperty } from './tdh-property.js';
import { OutType } from './event-schema.js';
import { TextForm, U64Halves } from './lazy-field.js';
import {
  binaryText, cp1252Text, fileTimeText, fileTimeTextHalves, floatText, guidText, hexText,
  ipv6Text, socketAddressText, systemTimeText, u64Decimal,
} from './render-text.js';

/** Per-event facts a value may need. */
export interface ReadContext {
  /** Pointer size of the event (from its header type), for POINTER, SIZET, TOKEN_USER. */
  pointerSize: 4 | 8;
  /** Converts a session-clock value (MOF WmiTime / ETWTIME) to FILETIME; null = render the raw number. */
  sessionTimeToFileTime: ((raw: bigint) => bigint) | null;
}

/** Output of one read, reused across reads so the hot path allocates no result objects. */
export interface ValueSlot {
  /** The JSON value, or the halves of a hex 64-bit integer beyond 2^53 (TextForm.HEX_HALVES). */
  value: FieldValue | U64Halves;
  /** How the text follows from the value (TextForm). */
  form: number;
  /** The text, when form is TextForm.EXPLICIT (otherwise stale). */
  text: string;
  /** Offset just past the element. */
  end: number;
  /** The element as a plain number when it is an integer that fits (for counts, lengths and maps); else NaN. */
  num: number;
}

export function newSlot(): ValueSlot {
  return { value: null, form: TextForm.VALUE, text: '', end: 0, num: NaN };
}

const TWO32 = 4294967296;
const SAFE_HI = 0x200000; // 2^53 / 2^32


/** Decimal text of the signed 64-bit value whose u32 halves are lo and hiU (two's complement). */
export function i64Decimal(lo: number, hiU: number): string {
  return (hiU | 0) < 0 ? '-' + u64Decimal((~lo + 1) >>> 0, (~hiU + (lo === 0 ? 1 : 0)) >>> 0) : u64Decimal(lo, hiU);
}

function setNumber(slot: ValueSlot, n: number, form: number): void {
  slot.value = n;
  slot.num = n;
  slot.form = form;
}

/** A value that is its own text; `plain` when it holds nothing JSON escapes. */
function setString(slot: ValueSlot, s: string, num: number, plain: boolean): void {
  slot.value = s;
  slot.num = num;
  slot.form = plain ? TextForm.PLAIN : TextForm.VALUE;
}

/** Whether a one-character text needs no JSON escape. */
function plainChar(c: string): boolean {
  const u = c.charCodeAt(0);
  return u >= 0x20 && u !== 34 && u !== 92 && (u < 0xd800 || u > 0xdfff);
}

/** Apply a value map or bit map to an integer's text (the JSON value becomes the mapped text too). */
function applyMap(map: CompiledMap, slot: ValueSlot): void {
  const v = slot.num;
  if (Number.isNaN(v)) return;
  const text = mappedText(map, v);
  if (text === null) return;
  slot.value = text;
  slot.form = map.plain ? TextForm.PLAIN : TextForm.VALUE;
}

/**
 * The text a map gives an integer: a value map's entry (null when it has none:
 * the integer keeps its own text), or a bit map's names of the set flags joined
 * with ` | `, any bits left over as hex, `0` when nothing is named.
 */
export function mappedText(map: CompiledMap, v: number): string | null {
  if (map.kind === 'value') return map.byValue.get(v) ?? null;
  // Flags repeat from one event to the next: the texts of the values seen are kept (bounded).
  const cache = map.texts;
  let text = cache.get(v);
  if (text === undefined) {
    if (cache.size >= 4096) cache.clear();
    cache.set(v, (text = bitMapText(map, v)));
  }
  return text;
}

function bitMapText(map: CompiledMap, v: number): string {
  const bits = v >>> 0;
  let rest = bits;
  let text = '';
  for (let i = 0; i < map.masks.length; i++) {
    const m = map.masks[i]! >>> 0;
    const hit = m === 0 ? bits === 0 : (bits & m) === m;
    if (!hit) continue;
    text = text === '' ? map.names[i]! : text + ' | ' + map.names[i]!;
    rest = (rest & ~m) >>> 0;
  }
  if (rest !== 0) text = text === '' ? hexText(rest) : text + ' | ' + hexText(rest);
  return text === '' ? '0' : text;
}

/** An integer of 1, 2 or 4 bytes, already read into `v` (signed or not per the property). */
function renderSmallInt(p: CompiledProperty, v: number, size: number, slot: ValueSlot): void {
  switch (p.intForm) {
    case IntForm.HEX:
      setNumber(slot, v, size === 4 ? TextForm.HEX32 : size === 2 ? TextForm.HEX16 : TextForm.HEX8);
      break;
    case IntForm.BOOLEAN:
      slot.value = v !== 0; slot.num = v; slot.form = TextForm.BOOL;
      break;
    case IntForm.CHAR: {
      const c = size === 1 && !p.utf8 ? cp1252Char(v & 0xff) : String.fromCharCode(v & 0xffff);
      setString(slot, c, v, plainChar(c));
      break;
    }
    case IntForm.IPV4:
      setString(slot, ((v >>> 0) & 0xff) + '.' + ((v >>> 8) & 0xff) + '.' + ((v >>> 16) & 0xff) + '.' + (v >>> 24), v, true);
      break;
    case IntForm.ERROR_CODE:
      setNumber(slot, v, TextForm.ERROR_CODE);
      break;
    default:
      setNumber(slot, v, TextForm.DECIMAL);
  }
  if (p.map !== null) applyMap(p.map, slot);
}

const CHAR_BUF = Buffer.alloc(1);
function cp1252Char(byte: number): string {
  CHAR_BUF[0] = byte;
  return cp1252Text(CHAR_BUF, 0, 1);
}

/** A 64-bit integer given as halves. */
function renderInt64(p: CompiledProperty, b: Buffer, o: number, ctx: ReadContext, slot: ValueSlot): void {
  const lo = b.readUInt32LE(o);
  const hiU = b.readUInt32LE(o + 4);
  switch (p.intForm) {
    case IntForm.FILETIME: {
      const t = fileTimeOf(lo, hiU);
      if (t !== null) { setString(slot, t, NaN, true); return; }
      break;
    }
    case IntForm.ETWTIME:
      if (ctx.sessionTimeToFileTime !== null) {
        const t = fileTimeText(ctx.sessionTimeToFileTime(b.readBigInt64LE(o)));
        if (t !== null) { setString(slot, t, NaN, true); return; }
      }
      break;
    case IntForm.HEX: {
      if (hiU < SAFE_HI) { setNumber(slot, hiU * TWO32 + lo, TextForm.HEX64); }
      else { slot.value = new U64Halves(lo, hiU); slot.num = NaN; slot.form = TextForm.HEX_HALVES; }
      if (p.map !== null) applyMap(p.map, slot);
      return;
    }
    case IntForm.BOOLEAN: {
      const t = lo !== 0 || hiU !== 0;
      slot.value = t; slot.num = t ? 1 : 0; slot.form = TextForm.BOOL;
      return;
    }
    default:
      break;
  }
  if (p.signed) {
    const hi = hiU | 0;
    if (hi >= -SAFE_HI && hi < SAFE_HI) setNumber(slot, hi * TWO32 + lo, TextForm.DECIMAL);
    else setString(slot, i64Decimal(lo, hiU), NaN, true);
  } else if (hiU < SAFE_HI) {
    setNumber(slot, hiU * TWO32 + lo, TextForm.DECIMAL);
  } else {
    setString(slot, u64Decimal(lo, hiU), NaN, true);
  }
  if (p.map !== null) applyMap(p.map, slot);
}

function setText(slot: ValueSlot, text: string, end: number): true {
  slot.value = text;
  slot.form = TextForm.VALUE;
  slot.num = NaN;
  slot.end = end;
  return true;
}

function decode8(p: CompiledProperty, b: Buffer, start: number, end: number): string {
  return p.utf8 ? b.toString('utf8', start, end) : cp1252Text(b, start, end);
}

/**
 * The 8-bit text of [start, stop) as the slot's value (its element ends at `end`),
 * PLAIN when no byte is a control character, `"` or `\` (Windows-1252 and UTF-8
 * decoding then yield nothing JSON escapes).
 */
function setText8(slot: ValueSlot, p: CompiledProperty, b: Buffer, start: number, stop: number, end: number): true {
  setText(slot, decode8(p, b, start, stop), end);
  for (let i = start; i < stop; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 34 || c === 92) return true;
  }
  slot.form = TextForm.PLAIN;
  return true;
}

/** The last FILETIME rendered and its text (or null outside a Date's range): dates repeat across events (process and image times). */
let ftLo = -1, ftHi = -1;
let ftText: string | null = null;
function fileTimeOf(lo: number, hi: number): string | null {
  if (lo !== ftLo || hi !== ftHi) { ftLo = lo; ftHi = hi; ftText = fileTimeTextHalves(lo, hi); }
  return ftText;
}

/** The last SYSTEMTIME rendered (its 16 bytes as four words, and the UTC flag) and its text. */
let stA = -1, stB = -1, stC = -1, stD = -1;
let stUtc = false;
let stText: string | null = null;
function systemTimeOf(b: Buffer, o: number, utc: boolean): string | null {
  const a = b.readInt32LE(o), bb = b.readInt32LE(o + 4), c = b.readInt32LE(o + 8), d = b.readInt32LE(o + 12);
  if (a !== stA || bb !== stB || c !== stC || d !== stD || utc !== stUtc) {
    stA = a; stB = bb; stC = c; stD = d; stUtc = utc;
    stText = systemTimeText(b, o, utc);
  }
  return stText;
}

/** The last GUID read and its text (GUIDs repeat across events: activity, session, provider ids). */
let guidA = -1, guidB = -1, guidC = -1, guidD = -1;
let guidLast = '';
function guidOf(b: Buffer, o: number): string {
  const a = b.readInt32LE(o), bb = b.readInt32LE(o + 4), c = b.readInt32LE(o + 8), d = b.readInt32LE(o + 12);
  if (a !== guidA || bb !== guidB || c !== guidC || d !== guidD) {
    guidA = a; guidB = bb; guidC = c; guidD = d;
    guidLast = guidText(b, o);
  }
  return guidLast;
}

/** A text that needs no JSON escaping (ASCII-safe by construction: GUIDs, times, hex, SIDs). */
function setPlain(slot: ValueSlot, text: string, end: number): true {
  setText(slot, text, end);
  slot.form = TextForm.PLAIN;
  return true;
}

/** Whether the text of the last utf16() call needs no JSON escaping. */
let plain16 = false;

/**
 * UTF-16LE text of [start, end) cut at the first NUL code unit. The same pass notes in plain16 whether
 * the text is free of control characters, `"`, `\` and surrogates, so that JSON
 * writers need not scan it again.
 */
function utf16(b: Buffer, start: number, end: number): string {
  let plain = true;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const hi = b[i + 1]!;
    if (hi === 0) {
      const lo = b[i]!;
      if (lo < 0x20) { if (lo === 0) break; plain = false; }
      else if (lo === 34 || lo === 92) plain = false;
    } else if ((hi & 0xf8) === 0xd8) plain = false;
  }
  plain16 = plain;
  return b.toString('utf16le', start, i);
}

/** The text of the last utf16() call as the slot's value. */
function setText16(slot: ValueSlot, text: string, end: number): true {
  setText(slot, text, end);
  if (plain16) slot.form = TextForm.PLAIN;
  return true;
}

/** Offset of the first NUL byte in [start, end), or end. */
function nul8(b: Buffer, start: number, end: number): number {
  const i = b.indexOf(0, start);
  return i < 0 || i >= end ? end : i;
}

function binaryInto(p: CompiledProperty, b: Buffer, start: number, end: number, slot: ValueSlot): true {
  let text: string | null = null;
  if (p.outType === OutType.IPV6 && end - start === 16) text = ipv6Text(b, start);
  else if (p.outType === OutType.SOCKETADDRESS) text = socketAddressText(b, start, end);
  return setPlain(slot, text ?? binaryText(b, start, end), end);
}

/** Where one string element lies in the payload (set by readTextRange). */
export interface TextRange {
  /** Its text is [start, stop): cut at the first NUL (whole UTF-16 code units for wide text). */
  start: number;
  stop: number;
  /** Offset just past the element. */
  end: number;
}

export function newTextRange(): TextRange {
  return { start: 0, stop: 0, end: 0 };
}

const RANGE = newTextRange();

/** Whether readTextRange reads this property's elements: the UTF-16 ones, else 8-bit (-1: not a string readTextRange reads). */
export function textWidth(p: CompiledProperty): 2 | 1 | -1 {
  switch (p.readAs) {
    case ReadAs.STRING16: case ReadAs.COUNTED16: case ReadAs.RCOUNTED16: case ReadAs.REST16: return 2;
    case ReadAs.STRING8: case ReadAs.COUNTED8: case ReadAs.RCOUNTED8: case ReadAs.REST8: return 1;
    default: return -1;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** 16-bit views of the payload buffers seen (the reader reuses a few): the last one at hand. */
const unitViews = new WeakMap<ArrayBufferLike, Uint16Array<ArrayBufferLike>>();
let lastBuffer: ArrayBufferLike | null = null;
let lastUnits: Uint16Array<ArrayBufferLike> = new Uint16Array(0);

/** Offset of the first NUL code unit among the whole UTF-16 units of [start, end), or the end of those units. */
export function nul16(b: Buffer, start: number, end: number): number {
  const at = b.byteOffset + start;
  if ((at & 1) === 0 && LITTLE_ENDIAN) {
    // Aligned: one 16-bit load per unit.
    const ab = b.buffer;
    if (ab !== lastBuffer) {
      let units = unitViews.get(ab);
      if (units === undefined) unitViews.set(ab, (units = new Uint16Array(ab, 0, ab.byteLength >> 1)));
      lastBuffer = ab;
      lastUnits = units;
    }
    const units = lastUnits;
    const first = at >> 1;
    const last = first + ((end - start) >> 1);
    let k = first;
    while (k < last && units[k] !== 0) k++;
    return start + 2 * (k - first);
  }
  let i = start;
  for (; i + 1 < end; i += 2) if (b[i + 1] === 0 && b[i] === 0) break;
  return i;
}

/**
 * Where a string element of `p` (textWidth 1 or 2) at `o` lies: NUL-terminated,
 * `len` characters (UTF-16) or bytes, u16 byte count first (big-endian for the
 * reversed kinds), or the rest of the payload; the text is cut at its first NUL.
 * False when it does not fit.
 */
export function readTextRange(p: CompiledProperty, b: Buffer, o: number, end: number, len: number, r: TextRange): boolean {
  const room = end - o;
  switch (p.readAs) {
    case ReadAs.STRING16:
      r.start = o;
      if (len >= 0) {
        if (room < 2 * len) return false;
        r.end = o + 2 * len;
        r.stop = nul16(b, o, r.end);
        return true;
      }
      if (room <= 0) return false;
      r.stop = nul16(b, o, end);
      r.end = Math.min(r.stop + 2, end);
      return true;
    case ReadAs.STRING8:
      r.start = o;
      if (len >= 0) {
        if (room < len) return false;
        r.end = o + len;
        r.stop = nul8(b, o, r.end);
        return true;
      }
      if (room <= 0) return false;
      r.stop = nul8(b, o, end);
      r.end = Math.min(r.stop + 1, end);
      return true;
    case ReadAs.COUNTED16: case ReadAs.RCOUNTED16: case ReadAs.COUNTED8: case ReadAs.RCOUNTED8: {
      if (room < 2) return false;
      const n = p.readAs === ReadAs.RCOUNTED16 || p.readAs === ReadAs.RCOUNTED8 ? b.readUInt16BE(o) : b.readUInt16LE(o);
      if (room < 2 + n) return false;
      r.start = o + 2;
      r.end = o + 2 + n;
      r.stop = p.readAs === ReadAs.COUNTED16 || p.readAs === ReadAs.RCOUNTED16 ? nul16(b, r.start, r.end) : nul8(b, r.start, r.end);
      return true;
    }
    case ReadAs.REST16: {
      if (len >= 0 && room < 2 * len) return false;
      r.start = o;
      r.end = len >= 0 ? Math.min(end, o + 2 * len) : end;
      r.stop = nul16(b, o, r.end);
      return true;
    }
    case ReadAs.REST8: {
      if (len >= 0 && room < len) return false;
      r.start = o;
      r.end = len >= 0 ? Math.min(end, o + len) : end;
      r.stop = nul8(b, o, r.end);
      return true;
    }
    default:
      return false;
  }
}

/**
 * Read one element of `p` at `o` (the payload ends at `end`). `len` is the
 * resolved length property (characters for UTF-16, bytes otherwise), or -1.
 * Returns false when the element does not fit; the slot is then unspecified.
 */
export function readElement(p: CompiledProperty, b: Buffer, o: number, end: number, len: number, ctx: ReadContext, slot: ValueSlot): boolean {
  const room = end - o;
  switch (p.readAs) {
    case ReadAs.INT: {
      const size = p.intSize === 0 ? ctx.pointerSize : p.intSize;
      if (room < size) return false;
      slot.end = o + size;
      if (size === 8) { renderInt64(p, b, o, ctx, slot); return true; }
      let v: number;
      if (p.intForm === IntForm.PORT) v = b.readUInt16BE(o);
      else if (size === 1) v = p.signed ? b.readInt8(o) : b[o]!;
      else if (size === 2) v = p.signed ? b.readInt16LE(o) : b.readUInt16LE(o);
      else v = p.signed ? b.readInt32LE(o) : b.readUInt32LE(o);
      renderSmallInt(p, v, size, slot);
      return true;
    }
    case ReadAs.FLOAT: {
      if (room < 4) return false;
      const f = b.readFloatLE(o);
      slot.end = o + 4;
      slot.num = NaN;
      const text = floatText(f);
      if (Number.isFinite(f)) { slot.value = Number(text); slot.form = TextForm.EXPLICIT; slot.text = text; }
      else { slot.value = text; slot.form = TextForm.VALUE; }
      return true;
    }
    case ReadAs.DOUBLE: {
      if (room < 8) return false;
      const d = b.readDoubleLE(o);
      slot.end = o + 8;
      slot.num = NaN;
      // doubleText(d) is String(d): the DECIMAL form of a finite value.
      if (Number.isFinite(d)) { slot.value = d; slot.form = TextForm.DECIMAL; }
      else { slot.value = String(d); slot.form = TextForm.VALUE; }
      return true;
    }
    case ReadAs.BOOL32: {
      if (room < 4) return false;
      const v = b.readInt32LE(o);
      slot.end = o + 4;
      slot.value = v !== 0; slot.num = v; slot.form = TextForm.BOOL;
      if (p.map !== null) applyMap(p.map, slot);
      return true;
    }
    case ReadAs.GUID:
      if (room < 16) return false;
      return setPlain(slot, guidOf(b, o), o + 16);
    case ReadAs.FILETIME: {
      if (room < 8) return false;
      const t = fileTimeOf(b.readUInt32LE(o), b.readUInt32LE(o + 4));
      if (t !== null) return setPlain(slot, t, o + 8);
      const raw = b.readBigUInt64LE(o).toString();
      return setPlain(slot, raw, o + 8);
    }
    case ReadAs.SYSTEMTIME: {
      if (room < 16) return false;
      const t = systemTimeOf(b, o, p.outType === OutType.DATETIME_UTC);
      return setPlain(slot, t ?? binaryText(b, o, o + 16), o + 16);
    }
    case ReadAs.SID: {
      const size = sidSize(b, o, end);
      if (size < 0) return false;
      return setPlain(slot, formatSid(b, o, end)!, o + size);
    }
    case ReadAs.TOKEN_USER_SID: {
      // TOKEN_USER (pointer + u32 Attributes, padded: 2 pointers) then the SID (docs/architecture.md F8);
      // a first u32 of 0 means no SID and a 4-byte property (PerfView's rule, unconfirmed).
      if (room < 4) return false;
      if (b.readUInt32LE(o) === 0) { setText(slot, '', o + 4); slot.value = null; slot.form = TextForm.EXPLICIT; slot.text = ''; return true; }
      const sidAt = o + 2 * ctx.pointerSize;
      const size = sidSize(b, sidAt, end);
      if (size < 0) return false;
      return setPlain(slot, formatSid(b, sidAt, end)!, sidAt + size);
    }
    case ReadAs.STRING16: case ReadAs.COUNTED16: case ReadAs.RCOUNTED16: case ReadAs.REST16: {
      const r = RANGE;
      if (!readTextRange(p, b, o, end, len, r)) return false;
      return setText16(slot, utf16(b, r.start, r.stop), r.end);
    }
    case ReadAs.STRING8: case ReadAs.COUNTED8: case ReadAs.RCOUNTED8: case ReadAs.REST8: {
      const r = RANGE;
      if (!readTextRange(p, b, o, end, len, r)) return false;
      return setText8(slot, p, b, r.start, r.stop, r.end);
    }
    case ReadAs.CHAR16:
      if (room < 2) return false;
      return setText(slot, String.fromCharCode(b.readUInt16LE(o)), o + 2);
    case ReadAs.CHAR8:
      if (room < 1) return false;
      return setText(slot, p.utf8 ? String.fromCharCode(b[o]!) : cp1252Char(b[o]!), o + 1);
    case ReadAs.BINARY: {
      const n = len >= 0 ? len : p.outType === OutType.IPV6 ? 16 : room;
      if (room < n) return false;
      return binaryInto(p, b, o, o + n, slot);
    }
    case ReadAs.COUNTED_BINARY: {
      if (room < 2) return false;
      const n = b.readUInt16LE(o);
      if (room < 2 + n) return false;
      return binaryInto(p, b, o + 2, o + 2 + n, slot);
    }
    case ReadAs.HEXDUMP: {
      if (room < 4) return false;
      const n = b.readUInt32LE(o);
      if (room - 4 < n) return false;
      return setText(slot, binaryText(b, o + 4, o + 4 + n), o + 4 + n);
    }
    case ReadAs.VARIANT: {
      const n = 8 + 2 * ctx.pointerSize;
      if (room < n) return false;
      return setText(slot, binaryText(b, o, o + n), o + n);
    }
    case ReadAs.LZNT1_STRING16: {
      // The rest of the payload; the decompressed size is required and the text ends at its first NUL.
      if (len < 0) return false;
      let text: Buffer;
      try {
        text = decompressLznt1(b, o, end, len);
      } catch (e) {
        if (e instanceof Lznt1Error) return false;
        throw e;
      }
      return setText16(slot, utf16(text, 0, text.length), end);
    }
    default:
      return false;
  }
}

/**
 * A run of `count` characters (an array of char8/char16, or of UInt8/UInt16 with
 * out-type STRING) read as one string, cut at the first NUL. False when it does not fit.
 */
export function readCharRun(p: CompiledProperty, b: Buffer, o: number, end: number, count: number, slot: ValueSlot): boolean {
  const wide = p.readAs === ReadAs.CHAR16 || (p.readAs === ReadAs.INT && p.intSize === 2);
  const n = wide ? 2 * count : count;
  if (end - o < n) return false;
  if (wide) return setText16(slot, utf16(b, o, o + n), o + n);
  return setText8(slot, p, b, o, nul8(b, o, o + n), o + n);
}
