/**
 * WPP format strings (a TMF `#typev` line's text, or tracefmt's prefix) split
 * once into pieces: literal text, `%%` (a percent sign), `%N` or `%N!spec!`
 * (argument N with a printf conversion; `%N` alone means `%N!s!`) and the
 * named fields `%!FUNC!`, `%!LEVEL!`, `%!FLAGS!`, `%!COMPNAME!`, `%!SUBCOMP!`.
 * Numbers 1-9 are tracefmt's reserved prefix fields, the message's own
 * arguments start at 10, and `%0` stands for the prefix in a message's text
 * (rendered as nothing: the prefix is a separate part of a line). Numbers
 * have at most two digits.
 */

/** A printf conversion: `[flags][width][.precision][length]type`. */
export interface PrintfSpec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  hash: boolean;
  zero: boolean;
  width: number | null;
  precision: number | null;
  /** Length modifier as written (`I64`, `l`, `h`, `w` …); the argument's item type decides its size. */
  length: string;
  /** The conversion letter (`d`, `x`, `s`, `p` …). */
  type: string;
}

export type NamedField = 'FUNC' | 'LEVEL' | 'FLAGS' | 'COMPNAME' | 'SUBCOMP';

export type FormatPiece =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; n: number; spec: PrintfSpec }
  | { kind: 'named'; name: NamedField };

const SPEC = /^([-+ #0]*)(\d+)?(?:\.(\d*))?(hh|h|ll|l|I64|I32|I|w|L|z|j|t)?([diouxXcCsSpeEfgGaAZ])$/;
const NAMED = new Set<string>(['FUNC', 'LEVEL', 'FLAGS', 'COMPNAME', 'SUBCOMP']);

/** The spec of `%N!text!`, or null when `text` is not a printf conversion. */
export function parseSpec(text: string): PrintfSpec | null {
  const m = SPEC.exec(text);
  if (m === null) return null;
  const flags = m[1]!;
  return {
    minus: flags.includes('-'), plus: flags.includes('+'), space: flags.includes(' '), hash: flags.includes('#'), zero: flags.includes('0'),
    width: m[2] === undefined ? null : Number(m[2]),
    precision: m[3] === undefined ? null : Number(m[3] || '0'),
    length: m[4] ?? '',
    type: m[5]!,
  };
}

export const STRING_SPEC: PrintfSpec = parseSpec('s')!;

/** Split a format string into pieces (an unknown `%!NAME!` or a bad spec stays literal text). */
export function compileFormat(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let text = '';
  const flush = () => { if (text !== '') { pieces.push({ kind: 'text', text }); text = ''; } };
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') { text += c; i++; continue; }
    const next = format[i + 1];
    if (next === '%') { text += '%'; i += 2; continue; }
    if (next === '!') {
      const close = format.indexOf('!', i + 2);
      const name = close < 0 ? '' : format.slice(i + 2, close);
      if (NAMED.has(name)) { flush(); pieces.push({ kind: 'named', name: name as NamedField }); i = close + 1; continue; }
      text += c; i++; continue;
    }
    // Argument numbers are 1-99 (as FormatMessage reads them); `%0` is one digit, so `%0100` is %0 then "100".
    const isDigit = (k: number) => k < format.length && format.charCodeAt(k) >= 48 && format.charCodeAt(k) <= 57;
    if (!isDigit(i + 1)) { text += c; i++; continue; }
    let j = format[i + 1] === '0' || !isDigit(i + 2) ? i + 2 : i + 3;
    const n = Number(format.slice(i + 1, j));
    let spec = STRING_SPEC;
    if (format[j] === '!') {
      const close = format.indexOf('!', j + 1);
      const parsed = close < 0 ? null : parseSpec(format.slice(j + 1, close));
      if (parsed === null) { text += format.slice(i, j); i = j; continue; }
      spec = parsed;
      j = close + 1;
    }
    flush();
    if (n !== 0) pieces.push({ kind: 'arg', n, spec });
    i = j;
  }
  flush();
  return pieces;
}
