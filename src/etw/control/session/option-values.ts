/**
 * Parsers for the value spellings of logman options: numbers (`0x10`, `16`),
 * 64-bit keyword masks, levels, and durations `[[hh:]mm:]ss`. Each throws a
 * ControlUsageError naming the option on bad input.
 */
import { STANDARD_LEVEL_NAMES } from '../api/etw-constants.js';
import { ControlUsageError } from '../usage-error.js';

const NUMBER = /^(0x[0-9a-f]+|\d+)$/i;

/** A 64-bit keyword mask, decimal or 0x-hex (C's strtoull with base 0, minus octal). */
export function parseKeywordMask(text: string, option: string): bigint {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new ControlUsageError(`${option}: "${text}" is neither a number nor a (name,…) list`);
  const v = BigInt(t);
  if (v > 0xffffffffffffffffn) throw new ControlUsageError(`${option}: ${text} is wider than 64 bits`);
  return v;
}

/** A number 0–255 or a standard level name (`win:Informational`); null when it is some other name. */
export function parseStandardLevel(text: string, option: string): number | null {
  const t = text.trim();
  if (NUMBER.test(t)) {
    const v = Number(BigInt(t));
    if (v > 255) throw new ControlUsageError(`${option}: level ${text} is larger than 255`);
    return v;
  }
  for (const [value, name] of Object.entries(STANDARD_LEVEL_NAMES)) {
    if (name.toLowerCase() === t.toLowerCase()) return Number(value);
  }
  return null;
}

/** `[[hh:]mm:]ss` → seconds. */
export function parseDuration(text: string, option: string): number {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new ControlUsageError(`${option}: "${text}" is not a time of the form [[hh:]mm:]ss`);
  }
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
}

/** `(a,b,c)` or `a,b` → names; null when the text is not a name list. */
export function parseNameList(text: string): string[] | null {
  const t = text.trim();
  if (NUMBER.test(t)) return null;
  const inner = t.startsWith('(') && t.endsWith(')') ? t.slice(1, -1) : t;
  const names = inner.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return names.length > 0 ? names : null;
}
