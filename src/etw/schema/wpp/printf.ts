/**
 * The printf engine of WPP messages: one argument value rendered by one
 * conversion (`%N!spec!`) as the C runtime tracefmt uses does — flags `-+ #0`,
 * width, precision (minimum digits for integers, maximum characters for
 * strings, digits for floating point), `d i u x X o c s S p e E f F g G`.
 * The argument's item type decides its size (a length modifier such as `I64`
 * only repeats it). `%s` of a value that has a text form (strings, GUIDs,
 * status codes, enums …) shows that text; `%p` shows a pointer as upper-case
 * hex zero-padded to the trace's pointer width.
 */
import type { PrintfSpec } from './format-string.js';

/** A WPP argument read from the message's bytes. */
export type WppValue =
  /** An integer: `bits` is the unsigned value of its `size` bytes; `text` its %s form where the type has one. */
  | { kind: 'int'; bits: bigint; size: number; signed: boolean; char?: boolean; pointer?: boolean; text?: string }
  | { kind: 'float'; value: number }
  | { kind: 'text'; text: string };

function signedOf(v: { bits: bigint; size: number }): bigint {
  return BigInt.asIntN(v.size * 8, v.bits);
}

/** Digits of a non-negative integer with at least `precision` digits (C: precision 0 and value 0 give no digits). */
function digits(n: bigint, radix: number, precision: number | null, upper: boolean): string {
  if (precision === 0 && n === 0n) return '';
  let s = n.toString(radix);
  if (upper) s = s.toUpperCase();
  return precision !== null && s.length < precision ? s.padStart(precision, '0') : s;
}

/** Pad to the width: left-justified, zero-filled after the sign/prefix, or right-justified. */
function pad(spec: PrintfSpec, sign: string, body: string, zeroAllowed: boolean): string {
  const len = sign.length + body.length;
  const width = spec.width ?? 0;
  if (len >= width) return sign + body;
  if (spec.minus) return sign + body + ' '.repeat(width - len);
  if (spec.zero && zeroAllowed) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

function exponentForm(mantissaAndExp: string, upper: boolean): string {
  const [m, e] = mantissaAndExp.split('e') as [string, string];
  const n = Number(e);
  const text = m + 'e' + (n < 0 ? '-' : '+') + String(Math.abs(n)).padStart(2, '0');
  return upper ? text.toUpperCase() : text;
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

/** `%e`, `%f`, `%g` (and upper-case forms) of a double; infinities and NaN as `inf` / `nan`. Exponents have at least two digits. */
export function formatFloat(x: number, spec: PrintfSpec): string {
  const upper = spec.type === 'E' || spec.type === 'G' || spec.type === 'F';
  if (!Number.isFinite(x)) {
    const t = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
    return pad(spec, '', upper ? t.toUpperCase() : t, false);
  }
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const t = spec.type.toLowerCase();
  let body: string;
  if (t === 'f') {
    body = a.toFixed(spec.precision ?? 6);
    if (spec.hash && !body.includes('.')) body += '.';
  } else if (t === 'e' || t === 'a') {
    body = exponentForm(a.toExponential(spec.precision ?? 6), upper);
  } else {
    const p = spec.precision === null ? 6 : spec.precision === 0 ? 1 : spec.precision;
    const exp = Number(a.toExponential(p - 1).split('e')[1]);
    if (exp < -4 || exp >= p) {
      const e = a.toExponential(p - 1);
      const [m, ex] = e.split('e') as [string, string];
      body = exponentForm((spec.hash ? m : stripZeros(m)) + 'e' + ex, upper);
    } else {
      body = a.toFixed(p - 1 - exp);
      if (!spec.hash) body = stripZeros(body);
    }
  }
  return pad(spec, sign, body, true);
}

/** Render one argument value by one conversion; `pointerSize` is the message's pointer width in bytes. */
export function formatValue(v: WppValue, spec: PrintfSpec, pointerSize: number): string {
  const type = spec.type;
  if (v.kind === 'text') {
    const t = type === 'c' || type === 'C' ? v.text.slice(0, 1) : spec.precision !== null ? v.text.slice(0, spec.precision) : v.text;
    return pad(spec, '', t, false);
  }
  if (v.kind === 'float') {
    if ('diouxXcC'.includes(type)) return formatValue({ kind: 'int', bits: BigInt.asUintN(64, BigInt(Math.trunc(v.value))), size: 8, signed: true }, spec, pointerSize);
    return formatFloat(v.value, spec.type === 's' || spec.type === 'S' || spec.type === 'Z' || spec.type === 'p' ? { ...spec, type: 'g' } : spec);
  }
  switch (type) {
    case 'd': case 'i': {
      const n = signedOf(v);
      const sign = n < 0n ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
      return pad(spec, sign, digits(n < 0n ? -n : n, 10, spec.precision, false), spec.precision === null);
    }
    case 'u':
      return pad(spec, '', digits(v.bits, 10, spec.precision, false), spec.precision === null);
    case 'x': case 'X': {
      const body = digits(v.bits, 16, spec.precision, type === 'X');
      return pad(spec, spec.hash && v.bits !== 0n ? (type === 'X' ? '0X' : '0x') : '', body, spec.precision === null);
    }
    case 'o': {
      let body = digits(v.bits, 8, spec.precision, false);
      if (spec.hash && !body.startsWith('0')) body = '0' + body;
      return pad(spec, '', body, spec.precision === null);
    }
    case 'c': case 'C':
      return pad(spec, '', String.fromCharCode(Number(v.bits & (type === 'C' ? 0xffffn : 0xffn))), false);
    case 'p':
      return pad(spec, '', v.bits.toString(16).toUpperCase().padStart(pointerSize * 2, '0'), false);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
      return formatFloat(Number(v.signed ? signedOf(v) : v.bits), spec);
    default: {
      // %s, %S, %Z: the value's text form.
      let t: string;
      if (v.text !== undefined) t = v.text;
      else if (v.pointer === true) t = v.bits.toString(16).toUpperCase().padStart(pointerSize * 2, '0');
      else if (v.char === true) t = String.fromCharCode(Number(v.bits & 0xffn));
      else t = (v.signed ? signedOf(v) : v.bits).toString();
      if (spec.precision !== null) t = t.slice(0, spec.precision);
      return pad(spec, '', t, false);
    }
  }
}
