/**
 * Decoded fields as JSON bytes for the JSONL sink: a field's value as
 * JSON.stringify writes it, its Windows-like text escaped for inside a JSON
 * string (digits and hex written directly from the value's form), and a
 * message plan's text over the fields, from pre-escaped literal pieces.
 */
import type { DecodedField } from '../schema/types.js';
import { LazyField, TextForm } from '../schema/lazy-field.js';
import type { MessagePlan } from '../schema/payload-decoder.js';
import { type ByteWriter, Piece } from './byte-writer.js';

/** `"name":` as UTF-8 for a field name, or null when JSON.stringify of an object would not keep it in place (array-index-like names are ordered first; `__proto__` is special). */
const keyBytes = new Map<string, Piece | null>();
export function fieldKey(name: string): Piece | null {
  let k = keyBytes.get(name);
  if (k === undefined) {
    k = name === '__proto__' || /^(0|[1-9]\d{0,9})$/.test(name) ? null : Piece.utf8(JSON.stringify(name) + ':');
    if (keyBytes.size > 65536) keyBytes.clear();
    keyBytes.set(name, k);
  }
  return k;
}

/** Can the fields be written in order as an object's members (no unsafe or repeated names)? */
export function plainMembers(fields: readonly DecodedField[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i]!.name;
    if (fieldKey(name) === null) return false;
    for (let j = 0; j < i; j++) if (fields[j]!.name === name) return false;
  }
  return true;
}

/** `{"name":` then `,"name":` runs for a schema's field names (null when plainMembers would refuse them), by names array. */
const keyRunCache = new WeakMap<readonly string[], Piece[] | null>();
let lastNames: readonly string[] | null = null;
let lastKeyRuns: Piece[] | null = null;
export function keyRuns(names: readonly string[]): Piece[] | null {
  if (names === lastNames) return lastKeyRuns;
  let runs = keyRunCache.get(names);
  if (runs === undefined) {
    const safe = names.every((n, i) => fieldKey(n) !== null && names.indexOf(n) === i);
    runs = safe ? names.map((n, i) => Piece.utf8((i === 0 ? '{' : ',') + JSON.stringify(n) + ':')) : null;
    keyRunCache.set(names, runs);
  }
  lastNames = names;
  lastKeyRuns = runs;
  return runs;
}

const TRUE = Piece.latin1('true');
const FALSE = Piece.latin1('false');
const NULL = Piece.latin1('null');

/** Does JSON.stringify write this string as `"` + the string + `"` (no escapes)? Lone surrogates are checked for conservatively. */
export function plainJsonText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** A string as JSON.stringify writes it. */
export function writeJsonString(w: ByteWriter, s: string): void {
  if (!plainJsonText(s)) { w.text(JSON.stringify(s)); return; }
  w.ensure(1); w.byte(34);
  w.text(s);
  w.ensure(1); w.byte(34);
}

/** A string as it appears inside a JSON string (escaped, no quotes). */
export function writeJsonInner(w: ByteWriter, s: string): void {
  if (plainJsonText(s)) w.text(s);
  else { const j = JSON.stringify(s); w.text(j.slice(1, j.length - 1)); }
}

const TWO32 = 4294967296;

/** A decoded field's text (as the text getter would make it), escaped for inside a JSON string. */
export function writeFieldText(w: ByteWriter, f: DecodedField): void {
  if (f instanceof LazyField) {
    const v = f.value;
    switch (f.textForm) {
      case TextForm.PLAIN: w.text(v as string); return;
      case TextForm.VALUE: writeJsonInner(w, v as string); return;
      case TextForm.DECIMAL:
        w.ensure(32);
        if ((v as number) < 0) { w.byte(45); w.uint(-(v as number)); } else w.uint(v as number);
        return;
      case TextForm.HEX8: case TextForm.HEX16: case TextForm.HEX32: case TextForm.HEX64: {
        const form = f.textForm;
        let hi = 0, lo: number;
        if (form === TextForm.HEX64) { hi = Math.floor((v as number) / TWO32); lo = (v as number) - hi * TWO32; }
        else lo = form === TextForm.HEX8 ? (v as number) & 0xff : form === TextForm.HEX16 ? (v as number) & 0xffff : (v as number) >>> 0;
        w.ensure(20);
        w.byte(48); w.byte(120);
        if (hi !== 0) { w.hexDigits32(hi, false); w.hexDigits32(lo, true); } else w.hexDigits32(lo, false);
        return;
      }
      case TextForm.ERROR_CODE: w.ensure(10); w.hex8(v as number); return;
      default: break;
    }
  }
  writeJsonInner(w, f.text);
}

/** JSON-escaped literal pieces of message plans; the last plan's first. */
const planPieces = new WeakMap<MessagePlan, Piece[]>();
let lastPlan: MessagePlan | null = null;
let lastPlanPieces: Piece[] = [];

export function piecesOf(plan: MessagePlan): Piece[] {
  if (plan === lastPlan) return lastPlanPieces;
  let pieces = planPieces.get(plan);
  if (pieces === undefined) {
    // Escaped texts; the first piece opens the JSON string and the last one closes it.
    const inner = plan.pieces.map((t) => JSON.stringify(t).slice(1, -1));
    inner[0] = '"' + inner[0]!;
    inner[inner.length - 1] += '"';
    planPieces.set(plan, (pieces = inner.map((t) => Piece.utf8(t))));
  }
  lastPlan = plan;
  lastPlanPieces = pieces;
  return pieces;
}

/** The message of a plan over `fields` as a JSON string. */
export function writePlanMessage(w: ByteWriter, plan: MessagePlan, fields: readonly DecodedField[]): void {
  const pieces = piecesOf(plan);
  const fieldAt = plan.fieldAt;
  w.ensure(pieces[0]!.length); w.put(pieces[0]!);
  for (let k = 0; k < fieldAt.length; k++) {
    const f = fields[fieldAt[k]!];
    if (f !== undefined) writeFieldText(w, f);
    const piece = pieces[k + 1]!;
    w.ensure(piece.length); w.put(piece);
  }
}

/** A decoded field's value as JSON.stringify writes it. */
export function writeFieldValue(w: ByteWriter, f: DecodedField): void {
  const v = f.value;
  if (typeof v === 'number') {
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v) { w.ensure(24); w.uint(v); return; }
  } else if (typeof v === 'string') {
    if (f instanceof LazyField && f.textForm === TextForm.PLAIN) { w.ensure(1); w.byte(34); w.text(v); w.ensure(1); w.byte(34); }
    else writeJsonString(w, v);
    return;
  }
  else if (typeof v === 'boolean') { w.ensure(5); w.put(v ? TRUE : FALSE); return; }
  else if (v === null) { w.ensure(4); w.put(NULL); return; }
  w.text(JSON.stringify(v));
}

