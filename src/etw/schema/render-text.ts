/**
 * Text forms of decoded TDH values (docs/architecture.md F8): hex integers, GUIDs,
 * date-times, IP addresses, socket addresses, floats, binary, 8-bit strings.
 * Pure functions over bytes or numbers; the value reader (tdh-value.ts) picks
 * which one applies.
 */
import { FILETIME_UNIX_EPOCH } from '../etl/clock.js';
import { readGuid } from '../etl/bytes.js';

const TWO32 = 4294967296;
const HEX_UPPER: string[] = [];
for (let i = 0; i < 256; i++) HEX_UPPER.push(i.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case hex of a byte without leading zero (`A`, `1F`). */
const HEX_BARE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BARE.push(i.toString(16).toUpperCase());
/** `0x` + the bare hex of a byte. */
const HEX_0X: string[] = HEX_BARE.map((h) => '0x' + h);

/** Upper-case hex of an unsigned 32-bit value, no padding, no prefix. */
function hex32Bare(n: number): string {
  if (n < 0x100) return HEX_BARE[n]!;
  if (n < 0x10000) return HEX_BARE[n >>> 8]! + HEX_UPPER[n & 0xff]!;
  if (n < 0x1000000) return HEX_BARE[n >>> 16]! + HEX_UPPER[(n >>> 8) & 0xff]! + HEX_UPPER[n & 0xff]!;
  return HEX_BARE[n >>> 24]! + HEX_UPPER[(n >>> 16) & 0xff]! + HEX_UPPER[(n >>> 8) & 0xff]! + HEX_UPPER[n & 0xff]!;
}

/** Upper-case hex of an unsigned 32-bit value, 8 digits. */
function hex32Padded(n: number): string {
  return HEX_UPPER[n >>> 24]! + HEX_UPPER[(n >>> 16) & 0xff]! + HEX_UPPER[(n >>> 8) & 0xff]! + HEX_UPPER[n & 0xff]!;
}

/** `0x` + upper-case hex of an unsigned 32-bit or safe integer, no zero padding (`0x10EC`). */
export function hexText(n: number): string {
  if (n >= 0 && n <= 0xffffffff && Number.isInteger(n)) return n < 0x100 ? HEX_0X[n]! : '0x' + hex32Bare(n);
  return '0x' + n.toString(16).toUpperCase();
}

/**
 * Decimal text of the unsigned 64-bit value hi * 2^32 + lo (u32 halves), exact
 * without BigInt: hi = q * 10^4 + r, so the value is (q * 2^32 + ⌊B / 10^4⌋) * 10^4 + B mod 10^4
 * with B = r * 2^32 + lo; every term stays below 2^53.
 */
export function u64Decimal(lo: number, hi: number): string {
  const r = hi % 10000;
  const q = (hi - r) / 10000;
  const big = r * TWO32 + lo;
  const low4 = big % 10000;
  const top = q * TWO32 + (big - low4) / 10000;
  if (top === 0) return String(low4);
  const t = String(low4);
  return String(top) + (t.length === 4 ? t : '0000'.slice(t.length) + t);
}

/** `0x` + upper-case hex of a 64-bit value given as two unsigned 32-bit halves. */
export function hex64Text(lo: number, hi: number): string {
  if (hi === 0) return lo < 0x100 ? HEX_0X[lo]! : '0x' + hex32Bare(lo);
  return '0x' + hex32Bare(hi) + hex32Padded(lo);
}

/** `0x%08X`: the fixed-width form of HRESULT / NTSTATUS / Win32 error codes. */
export function errorCodeText(u32: number): string {
  return '0x' + hex32Padded(u32);
}

/** `0x` + upper-case hex of every byte; `0x` alone for no bytes (the -of XML form of binary data). */
export function binaryText(b: Uint8Array, start: number, end: number): string {
  let s = '0x';
  for (let i = start; i < end; i++) s += HEX_UPPER[b[i]!]!;
  return s;
}

/**
 * A GUID as tracerpt writes a GUID-typed data item: braces, lower case
 * (as a real tracerpt dump shows it: `<Data Name="id">{aeb41e37-…}</Data>`).
 */
export function guidText(b: Uint8Array, o: number): string {
  return '{' + readGuid(b, o) + '}';
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * A FILETIME (100-ns ticks since 1601 UTC) as ISO-8601 UTC with 9 fractional
 * digits, the form of tracerpt's `TimeCreated SystemTime` (tick + `00`).
 * Null when the value is outside what a Date can hold.
 */
export function fileTimeText(ft: bigint): string | null {
  if (ft >= 0n && ft <= 0xffffffffffffffffn) return fileTimeTextHalves(Number(ft & 0xffffffffn), Number(ft >> 32n));
  return fileTimeTextBig(ft);
}

function fileTimeTextBig(ft: bigint): string | null {
  const ticks = ft - FILETIME_UNIX_EPOCH;
  let frac = ticks % 10000000n;
  let secs = ticks / 10000000n;
  if (frac < 0n) { frac += 10000000n; secs -= 1n; }
  return dateTimeText(Number(secs), Number(frac));
}

/** Seconds from 1601 to 1970. */
const EPOCH_SECS = Number(FILETIME_UNIX_EPOCH / 10000000n);
/** 2^32 = 429 * 10^7 + 4967296. */
const TWO32_DIV = 429, TWO32_MOD = 4967296;

/** fileTimeText of an unsigned 64-bit FILETIME given as its low and high u32 halves. */
export function fileTimeTextHalves(lo: number, hi: number): string | null {
  if (hi >= 0x6b000000) return fileTimeTextBig((BigInt(hi) << 32n) | BigInt(lo)); // hi * 4967296 + lo would pass 2^53
  // ticks = hi * 2^32 + lo = hi * 429 * 10^7 + m, all exact in doubles here.
  const m = hi * TWO32_MOD + lo;
  const frac = m % 10000000;
  return dateTimeText(hi * TWO32_DIV + (m - frac) / 10000000 - EPOCH_SECS, frac);
}

/** The last second rendered, and its `YYYY-MM-DDTHH:MM:SS.` text (times in a trace come in runs). */
let lastSecs = NaN;
let lastPrefix = '';
const FRAC7: string[] = ['', '000000', '00000', '0000', '000', '00', '0', ''];

/** ISO-8601 UTC of Unix seconds + 100-ns ticks, 9 fractional digits; null outside what a Date can hold. */
function dateTimeText(secs: number, frac: number): string | null {
  let prefix: string;
  if (secs === lastSecs) prefix = lastPrefix;
  else {
    const ms = secs * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    if (year < 1) return null;
    // Past 9999 (a u64 FILETIME reaches year 60056): ISO-8601's expanded form, a sign and six digits.
    prefix =
      (year > 9999 ? '+' + String(year).padStart(6, '0') : String(year).padStart(4, '0')) + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + 'T' +
      pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds()) + '.';
    lastSecs = secs;
    lastPrefix = prefix;
  }
  const f = String(frac);
  return prefix + FRAC7[f.length]! + f + '00Z';
}

/**
 * A SYSTEMTIME (8 × u16: year, month, day-of-week, day, hour, minute, second,
 * milliseconds) as ISO-8601 with 9 fractional digits; `Z` only when the out-type
 * says UTC (a SYSTEMTIME carries no zone). Null when a member is out of range.
 */
export function systemTimeText(b: Buffer, o: number, utc: boolean): string | null {
  const year = b.readUInt16LE(o), month = b.readUInt16LE(o + 2), day = b.readUInt16LE(o + 6);
  const hour = b.readUInt16LE(o + 8), minute = b.readUInt16LE(o + 10), second = b.readUInt16LE(o + 12);
  const ms = b.readUInt16LE(o + 14);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || ms > 999) return null;
  return (
    String(year).padStart(4, '0') + '-' + pad2(month) + '-' + pad2(day) + 'T' + pad2(hour) + ':' + pad2(minute) + ':' +
    pad2(second) + '.' + String(ms).padStart(3, '0') + '000000' + (utc ? 'Z' : '')
  );
}

/** Dotted quad of 4 bytes in memory (network) order. */
export function ipv4Text(b: Uint8Array, o: number): string {
  return b[o] + '.' + b[o + 1] + '.' + b[o + 2] + '.' + b[o + 3];
}

/** RFC 5952 text of a 16-byte IPv6 address: lower-case, longest run (≥ 2) of zero groups as `::`. */
export function ipv6Text(b: Uint8Array, o: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return head + '::' + tail;
}

/**
 * A SOCKADDR: AF_INET (2) → `a.b.c.d:port`, AF_INET6 (23) → `[v6]:port`;
 * anything else (or too short) → null, and the caller falls back to hex.
 */
export function socketAddressText(b: Buffer, o: number, end: number): string | null {
  if (end - o < 2) return null;
  const family = b.readUInt16LE(o);
  if (family === 2 && end - o >= 8) return ipv4Text(b, o + 4) + ':' + b.readUInt16BE(o + 2);
  if (family === 23 && end - o >= 24) return '[' + ipv6Text(b, o + 8) + ']:' + b.readUInt16BE(o + 2);
  return null;
}

/** Shortest decimal text that reads back to the same IEEE single. */
export function floatText(f: number): string {
  if (!Number.isFinite(f) || f === 0) return String(f);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

/** Shortest round-trip decimal text of a double (JavaScript's own rule). */
export function doubleText(d: number): string {
  return String(d);
}

/** Windows-1252 characters for bytes 0x80–0x9F (the rest of the code page equals Latin-1). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Decode 8-bit text as Windows-1252 (the assumed provider code page, docs/architecture.md F8). */
export function cp1252Text(b: Buffer, start: number, end: number): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x80 && c <= 0x9f) { plain = false; break; }
  }
  if (plain) return b.toString('latin1', start, end);
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    s += c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80]! : String.fromCharCode(c);
  }
  return s;
}
