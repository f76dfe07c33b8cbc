/**
 * A byte-level writer for the per-event paths of the XML dump, the CSV dump and
 * JSON lines, and an in-memory scratch buffer for the field writers of the
 * compiled decoder's walk (json-field-writer.ts and others): text is encoded straight into a reused buffer
 * (ASCII pieces by a plain loop, numbers digit by digit, payloads as
 * upper-case hex through a table), and whole chunks are handed to the output
 * file as already-encoded bytes. This skips building one string per event from
 * dozens of pieces and encoding it again, which measured as the largest cost
 * of the dumps. The bytes are UTF-8; an output file written as UTF-16
 * (-en Unicode) re-encodes them as they are handed over (OutputFile.writeUtf8).
 * A UTF-8 target in memory (a report's time slices) takes the filled buffer
 * itself instead of a copy of it (OutputFile.handOver), and gives a fresh one.
 */
import type { OutputFile } from './output-file.js';

const CAPACITY = 1 << 20;

/** Upper-case hex digit pairs of every byte value, as one 16-bit word each (little-endian: first digit in the low byte). */
const HEX_PAIRS = new Uint16Array(256);
const HEX_DIGITS = '0123456789ABCDEF';
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
for (let i = 0; i < 256; i++) {
  const hi = HEX_DIGITS.charCodeAt(i >> 4);
  const lo = HEX_DIGITS.charCodeAt(i & 15);
  HEX_PAIRS[i] = LITTLE_ENDIAN ? hi | (lo << 8) : (hi << 8) | lo;
}
/** Two decimal digits of 0..99: tens in the low byte, ones in the high byte. */
const DIGIT_PAIRS = new Uint16Array(100);
for (let i = 0; i < 100; i++) DIGIT_PAIRS[i] = (48 + ((i / 10) | 0)) | ((48 + (i % 10)) << 8);
const TWO32 = 4294967296;
/** Four decimal digits of 0..9999 as one little-endian 32-bit word (first digit in the low byte). */
const DIGIT_QUADS = digitQuads(DIGIT_PAIRS);
// The large tables are filled inside functions: a loop at module level reads and writes module
// bindings through the context with a check per access, several times slower than locals (start-up).
function digitQuads(pairs: Uint16Array): Int32Array {
  const quads = new Int32Array(10000);
  for (let high = 0; high < 100; high++) {
    const first = pairs[high]!;
    for (let low = 0; low < 100; low++) quads[high * 100 + low] = first | (pairs[low]! << 16);
  }
  return quads;
}
/** How many decimal digits 0 <= n < 10000 has (1 for 0). */
const leadDigits = (n: number): number => (n >= 1000 ? 4 : n >= 100 ? 3 : n >= 10 ? 2 : 1);
/** Upper-case hex digit pairs of every byte value, first digit in the low byte (for little-endian 16-bit stores on any host). */
const HEX_PAIRS_UPPER_LE = new Uint16Array(256);
for (let i = 0; i < 256; i++) HEX_PAIRS_UPPER_LE[i] = HEX_DIGITS.charCodeAt(i >> 4) | (HEX_DIGITS.charCodeAt(i & 15) << 8);
/** Lower-case hex digit pairs of every byte value (first digit in the low byte), for GUIDs. */
const HEX_PAIRS_LOWER = new Uint16Array(256);
for (let i = 0; i < 256; i++) HEX_PAIRS_LOWER[i] = '0123456789abcdef'.charCodeAt(i >> 4) | ('0123456789abcdef'.charCodeAt(i & 15) << 8);
const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = HEX_DIGITS.charCodeAt(i);

/**
 * Constant bytes (keys, separators, cached heads) prepared for copying: short ones
 * as 32-bit words stored through a DataView, which measured about twice as fast
 * as TypedArray.set or a byte loop for the 5–40 byte pieces a line is made of.
 */
export class Piece {
  readonly bytes: Buffer;
  readonly length: number;
  /** Little-endian 32-bit words of the first length & ~3 bytes (empty when the piece is long). */
  readonly words: Int32Array;
  /** The last length & 3 bytes. */
  readonly tail: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.from(bytes);
    this.length = bytes.length;
    const short = bytes.length <= PIECE_WORDS_MAX;
    const n = short ? bytes.length >> 2 : 0;
    this.words = new Int32Array(n);
    for (let i = 0; i < n; i++) this.words[i] = this.bytes.readInt32LE(i * 4);
    this.tail = short ? this.bytes.subarray(n * 4) : new Uint8Array(0);
  }
  static latin1(text: string): Piece {
    return new Piece(Buffer.from(text, 'latin1'));
  }
  static utf8(text: string): Piece {
    return new Piece(Buffer.from(text, 'utf8'));
  }
}
/** Pieces up to this length are copied word by word; longer ones with one TypedArray.set. */
const PIECE_WORDS_MAX = 64;

export class ByteWriter {
  /** The bytes written are buf[0, pos). Byte loops elsewhere (json-text-bytes.ts) write here directly after `ensure`. */
  buf: Buffer;
  view: DataView;
  pos = 0;

  /** `out` null: a scratch writer that grows instead of flushing. */
  private constructor(private readonly out: OutputFile | null, capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /** A writer for `out`, whatever its encoding. */
  static forOutput(out: OutputFile, capacity = CAPACITY): ByteWriter {
    return new ByteWriter(out, capacity);
  }

  /** A writer into memory only (read `buf` up to `pos`; reset `pos` to reuse it); it grows as needed. */
  static scratch(capacity = 1 << 16): ByteWriter {
    return new ByteWriter(null, capacity);
  }

  /**
   * Where a line that may yet be taken back starts, or -1. While it is set,
   * `ensure` flushes only the bytes before it and moves the line to the front
   * (so read it again after writing); `pos = held` takes the line back.
   */
  held = -1;

  /** Make room for `n` more bytes (flushing first when they do not fit). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.out === null) {
      this.grow(n);
      return;
    }
    if (this.held >= 0) {
      const start = this.held;
      if (start > 0) {
        if (this.out.takesPages) {
          const line = this.buf.subarray(start, this.pos);
          let page = this.out.handOver(this.buf, start);
          if (page.length < line.length + n) page = Buffer.allocUnsafe(Math.max(2 * page.length, line.length + n));
          line.copy(page, 0);
          this.setBuffer(page);
        } else {
          this.out.writeUtf8(this.buf.subarray(0, start));
          this.buf.copyWithin(0, start, this.pos);
        }
        this.pos -= start;
        this.held = 0;
      }
      if (this.pos + n > this.buf.length) this.grow(n);
      return;
    }
    this.flush();
    if (n > this.buf.length) this.setBuffer(Buffer.allocUnsafe(n));
  }

  /** A larger buffer holding what was written. */
  private grow(n: number): void {
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.setBuffer(grown);
  }

  private setBuffer(b: Buffer): void {
    this.buf = b;
    this.view = new DataView(b.buffer, b.byteOffset, b.length);
    this.prefixes.length = 0;
  }

  /** Views of buf[0, n) by n, made once (a scratch writer's contents are copied out whole, at lengths that repeat). */
  private readonly prefixes: Array<Uint8Array | undefined> = [];

  /** buf[0, pos) as a view, without making a new one each time for lengths up to 64 KiB. */
  written(): Uint8Array {
    const n = this.pos;
    if (n > 65536) return this.buf.subarray(0, n);
    let v = this.prefixes[n];
    if (v === undefined) this.prefixes[n] = v = this.buf.subarray(0, n);
    return v;
  }

  /**
   * A copy of what another writer holds at [start, end), room already ensured:
   * 32-bit words through the two DataViews (byte loops and Buffer.copy both
   * measured slower for the 5–50 byte runs of field texts).
   */
  copyFrom(src: ByteWriter, start: number, end: number): void {
    const n = end - start;
    if (n > 256) {
      src.buf.copy(this.buf, this.pos, start, end);
      this.pos += n;
      return;
    }
    const from = src.view, to = this.view;
    let p = this.pos;
    let i = start;
    for (; i + 4 <= end; i += 4, p += 4) to.setInt32(p, from.getInt32(i, true), true);
    const buf = this.buf, sb = src.buf;
    for (; i < end; i++) buf[p++] = sb[i]!;
    this.pos = p;
  }

  /** A copy of src[start, end) (ensures room itself). */
  range(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    if (n <= 32) {
      for (let i = start; i < end; i++) buf[p++] = src[i]!;
      this.pos = p;
      return;
    }
    buf.set(src.subarray(start, end), p);
    this.pos = p + n;
  }

  /** A prepared constant (room already ensured). */
  put(c: Piece): void {
    const words = c.words;
    const nw = words.length;
    if (nw === 0 && c.length > 3) {
      this.buf.set(c.bytes, this.pos);
      this.pos += c.length;
      return;
    }
    const view = this.view;
    let p = this.pos;
    for (let i = 0; i < nw; i++) { view.setInt32(p, words[i]!, true); p += 4; }
    const tail = c.tail;
    const buf = this.buf;
    for (let i = 0; i < tail.length; i++) buf[p++] = tail[i]!;
    this.pos = p;
  }

  /** Hand everything written so far to the output file. */
  flush(): void {
    if (this.pos === 0 || this.out === null) return;
    // A target in memory takes the buffer itself, and gives a fresh one (so `buf` changes).
    if (this.out.takesPages) this.setBuffer(this.out.handOver(this.buf, this.pos));
    else this.out.writeUtf8(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Text known to be ASCII (names, GUIDs, digits), room already ensured. */
  ascii(s: string): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text, as UTF-8 (ensures room itself). */
  text(s: string): void {
    const n = s.length;
    if (n < 48) {
      this.ensure(n * 3);
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) { this.pos += buf.write(s, this.pos, 'utf8'); return; }
        buf[p++] = c;
      }
      this.pos = p;
      return;
    }
    // Past the buffer straight to the output, unless a line is held (it may yet be taken back).
    if (n * 3 > CAPACITY && this.out !== null && this.held < 0) {
      this.flush();
      this.out.writeUtf8(Buffer.from(s, 'utf8'));
      return;
    }
    this.ensure(n * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Bytes already encoded (room already ensured). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n <= 24) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = b[i]!;
      this.pos = p;
      return;
    }
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** A copy of the bytes written since position `from` (in the current chunk). */
  copySince(from: number): Buffer {
    return Buffer.from(this.buf.subarray(from, this.pos));
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer below 2^53 in decimal (room for 16 bytes ensured); other numbers as JavaScript prints them. */
  uint(n: number): void {
    if (n >>> 0 === n) { this.uint32(n); return; }
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n)) { this.ascii(String(n)); return; }
    // Above 2^32: the part above 10^8 (below 2^27) and then exactly eight digits.
    const hi = Math.floor(n / 1e8);
    this.uint32(hi);
    this.digits8(n - hi * 1e8);
  }

  /** An integer 0 <= n < 2^53 in decimal (room for 16 bytes ensured), without uint's checks. */
  u53(n: number): void {
    if (n < 4294967296) { this.u32(n); return; }
    const hi = Math.floor(n / 1e8);
    this.u32(hi);
    this.digits8(n - hi * 1e8);
  }

  /**
   * An integer 0 <= n < 2^32 in decimal (room for 16 bytes ensured) as uint writes it, in one
   * function without calls (for generated code, which V8 does not inline small methods into):
   * groups of four digits from the table, the leading group stored whole and shifted past its zeros
   * (the bytes after it are written over later).
   */
  u32(n: number): void {
    const view = this.view;
    let p = this.pos;
    if (n < 10000) {
      const d = leadDigits(n);
      view.setInt32(p, DIGIT_QUADS[n]! >>> (32 - 8 * d), true);
      this.pos = p + d;
      return;
    }
    const high = (n / 10000) >>> 0;
    if (high < 10000) {
      const d = leadDigits(high);
      view.setInt32(p, DIGIT_QUADS[high]! >>> (32 - 8 * d), true);
      p += d;
    } else {
      // Nine or ten digits: the top one or two (below 43), then four.
      const top = (high / 10000) >>> 0;
      if (top >= 10) { view.setInt16(p, DIGIT_QUADS[top]! >>> 16, true); p += 2; } else this.buf[p++] = 48 + top;
      view.setInt32(p, DIGIT_QUADS[high - top * 10000]!, true);
      p += 4;
    }
    view.setInt32(p, DIGIT_QUADS[n - high * 10000]!, true);
    this.pos = p + 4;
  }

  /**
   * The unsigned 64-bit value hi * 2^32 + lo (u32 halves) in decimal, without a string (room for 20
   * bytes ensured): hi = q * 10^4 + r, so the value is top * 10^4 + B mod 10^4 with B = r * 2^32 + lo
   * and top = q * 2^32 + ⌊B / 10^4⌋ below 2^53, then four digits.
   */
  u64(lo: number, hi: number): void {
    const r = hi % 10000;
    const big = r * TWO32 + lo;
    const low4 = big % 10000;
    const top = ((hi - r) / 10000) * TWO32 + (big - low4) / 10000;
    if (top === 0) { this.uint32(low4); return; }
    this.u53(top);
    this.view.setInt32(this.pos, DIGIT_QUADS[low4]!, true);
    this.pos += 4;
  }

  /** Exactly eight decimal digits of 0 <= n < 10^8 (room ensured): two table words. */
  digits8(n: number): void {
    const high = (n / 10000) >>> 0;
    const view = this.view;
    view.setInt32(this.pos, DIGIT_QUADS[high]!, true);
    view.setInt32(this.pos + 4, DIGIT_QUADS[n - high * 10000]!, true);
    this.pos += 8;
  }

  /** Exactly seven decimal digits of 0 <= n < 10^7 (room ensured), as fixedDigits(n, 7) writes them: three, then a table word. */
  digits7(n: number): void {
    const high = (n / 10000) >>> 0;
    const top = DIGIT_QUADS[high]!;
    const buf = this.buf;
    const p = this.pos;
    buf[p] = (top >> 8) & 0xff;
    buf[p + 1] = (top >> 16) & 0xff;
    buf[p + 2] = top >>> 24;
    this.view.setInt32(p + 3, DIGIT_QUADS[n - high * 10000]!, true);
    this.pos = p + 7;
  }

  /**
   * `0x` and the upper-case hex of the unsigned 64-bit little-endian integer at
   * b[o, o+8), without leading zeros (`0x0` for zero); room for 18 bytes ensured.
   */
  hexU64(b: Uint8Array, o: number): void {
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 48; buf[p++] = 120;
    let i = o + 7;
    while (i > o && b[i] === 0) i--;
    const top = b[i]!;
    if (top >= 16) buf[p++] = HEX_CODES[top >> 4]!;
    buf[p++] = HEX_CODES[top & 15]!;
    // The other bytes two digits at a time.
    const view = this.view;
    for (i--; i >= o; i--, p += 2) view.setUint16(p, HEX_PAIRS_UPPER_LE[b[i]!]!, true);
    this.pos = p;
  }

  /** `0x` and the upper-case hex of the unsigned 32-bit n without leading zeros (`0x0` for zero); room for 10 bytes ensured. */
  hexU32(n: number): void {
    this.buf[this.pos] = 48;
    this.buf[this.pos + 1] = 120;
    this.pos += 2;
    this.hexDigits32(n, false);
  }

  /** Upper-case hex digits of the unsigned 32-bit n: all eight when `padded`, else without leading zeros (room ensured). */
  hexDigits32(n: number, padded: boolean): void {
    const buf = this.buf;
    let p = this.pos;
    let shift = 28;
    if (!padded) while (shift > 0 && (n >>> shift) === 0) shift -= 4;
    for (; shift >= 0; shift -= 4) buf[p++] = HEX_CODES[(n >>> shift) & 15]!;
    this.pos = p;
  }

  /** The GUID at b[o, o+16) as `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lower case (room for 38 bytes ensured). */
  guid(b: Uint8Array, o: number): void {
    const view = this.view;
    let p = this.pos;
    this.buf[p++] = 123;
    for (const i of GUID_ORDER) {
      if (i < 0) { this.buf[p++] = 45; continue; }
      view.setUint16(p, HEX_PAIRS_LOWER[b[o + i]!]!, true);
      p += 2;
    }
    this.buf[p++] = 125;
    this.pos = p;
  }

  /** A 32-bit unsigned integer in decimal (room ensured): groups of four digits from a table. */
  private uint32(n: number): void {
    if (n < 10000) { this.lead(n); return; }
    const high = (n / 10000) >>> 0;
    if (high < 10000) this.lead(high);
    else {
      const top = (high / 10000) >>> 0;
      this.lead(top);
      this.view.setInt32(this.pos, DIGIT_QUADS[high - top * 10000]!, true);
      this.pos += 4;
    }
    this.view.setInt32(this.pos, DIGIT_QUADS[n - high * 10000]!, true);
    this.pos += 4;
  }

  /** 0..9999 in decimal without leading zeros (room ensured). */
  private lead(n: number): void {
    const quad = DIGIT_QUADS[n]!;
    const buf = this.buf;
    let p = this.pos;
    if (n >= 1000) buf[p++] = quad & 0xff;
    if (n >= 100) buf[p++] = (quad >> 8) & 0xff;
    if (n >= 10) buf[p++] = (quad >> 16) & 0xff;
    buf[p++] = quad >>> 24;
    this.pos = p;
  }

  /** Exactly `width` decimal digits of 0 <= n < 10^width, n < 2^32 (room ensured). */
  fixedDigits(n: number, width: number): void {
    const buf = this.buf;
    let p = this.pos + width;
    this.pos = p;
    let left = width;
    while (left >= 2) {
      const q = (n / 100) >>> 0;
      const pair = DIGIT_PAIRS[n - q * 100]!;
      buf[--p] = pair >> 8;
      buf[--p] = pair & 0xff;
      n = q;
      left -= 2;
    }
    if (left === 1) buf[--p] = 48 + (n % 10);
  }

  /** `0x%08X` of a 32-bit value (room ensured). */
  hex8(n: number): void {
    const buf = this.buf;
    const p = this.pos;
    buf[p] = 48; buf[p + 1] = 120;
    n >>>= 0;
    for (let i = 9; i >= 2; i--) { buf[p + i] = HEX_CODES[n & 15]!; n >>>= 4; }
    this.pos = p + 10;
  }

  /** Upper-case hex of the bytes, no separators (ensures room itself). */
  hex(b: Uint8Array): void {
    const total = b.length;
    if (total <= HEX_DIRECT_MAX && LITTLE_ENDIAN && (b.byteOffset & 1) === 0) {
      // Short and at an even offset: four digits per 16-bit unit of the source, straight into the buffer.
      this.ensure(2 * total);
      const units = viewsOf(b.buffer).units;
      const view = this.view;
      let p = this.pos;
      let k = b.byteOffset >> 1;
      const kEnd = k + (total >> 1);
      for (; k < kEnd; k++, p += 4) view.setUint32(p, HEX_QUADS[units[k]!]!, true);
      if ((total & 1) !== 0) {
        const x = b[total - 1]!;
        this.buf[p++] = HEX_CODES[x >> 4]!;
        this.buf[p++] = HEX_CODES[x & 15]!;
      }
      this.pos = p;
      return;
    }
    let start = 0;
    while (start < total) {
      let n = total - start;
      if (n > HEX_CHUNK) n = HEX_CHUNK;
      this.ensure(n * 2);
      const len = LITTLE_ENDIAN ? hexQuads(b, start, n) : hexPairs(b, start, n);
      this.buf.set(hexOutView(len), this.pos);
      this.pos += len;
      start += n;
    }
  }
}

/** Byte order of a GUID's text (-1: a hyphen): Data1..Data3 little-endian, Data4 as stored. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

/** Inputs up to this size are hexed in one pass from their 16-bit units (larger ones through the aligned scratch arrays). */
const HEX_DIRECT_MAX = 4096;

/**
 * Views of a whole ArrayBuffer for reading payload bytes several at a time:
 * integers through `data`, UTF-16 units (host byte order) through `units`, two
 * units at once through `pairs`. The reader keeps one buffer per processor
 * stream, so the views are made once per buffer, not per record. Reading a
 * Buffer's `.buffer` costs about 20 ns, so callers fetch the views once per
 * payload and pass them on.
 */
export interface BufferViews {
  readonly data: DataView<ArrayBufferLike>;
  readonly units: Uint16Array<ArrayBufferLike>;
  readonly pairs: Int32Array<ArrayBufferLike>;
}

const RECENT = 8;
/** The views of the last RECENT buffers seen, newest first (a merge alternates between a few streams' buffers). */
const recentBuffers: (ArrayBufferLike | null)[] = new Array(RECENT).fill(null);
const NO_VIEWS: BufferViews = { data: new DataView(new ArrayBuffer(0)), units: new Uint16Array(0), pairs: new Int32Array(0) };
const recentViews: BufferViews[] = new Array(RECENT).fill(NO_VIEWS);
const allViews = new WeakMap<ArrayBufferLike, BufferViews>();
export function viewsOf(buffer: ArrayBufferLike): BufferViews {
  if (buffer === recentBuffers[0]) return recentViews[0]!;
  let i = 1;
  while (i < RECENT && recentBuffers[i] !== buffer) i++;
  let v: BufferViews | undefined;
  if (i < RECENT) v = recentViews[i]!;
  else {
    i = RECENT - 1;
    v = allViews.get(buffer);
    if (v === undefined) {
      v = {
        data: new DataView(buffer),
        units: new Uint16Array(buffer, 0, buffer.byteLength >> 1),
        pairs: new Int32Array(buffer, 0, buffer.byteLength >> 2),
      };
      allViews.set(buffer, v);
    }
  }
  // Move it to the front.
  for (; i > 0; i--) { recentBuffers[i] = recentBuffers[i - 1]!; recentViews[i] = recentViews[i - 1]!; }
  recentBuffers[0] = buffer;
  recentViews[0] = v;
  return v;
}

/** Input bytes per hex step (even, so only the last step can have an odd byte). */
const HEX_CHUNK = 32768;
const HEX_IN = new Uint8Array(HEX_CHUNK);
const HEX_IN_16 = new Uint16Array(HEX_IN.buffer);
const HEX_OUT = new Uint32Array(HEX_CHUNK / 2);
const HEX_OUT_16 = new Uint16Array(HEX_OUT.buffer);
const HEX_OUT_BYTES = new Uint8Array(HEX_OUT.buffer);
/** Views of the first `len` bytes of HEX_OUT, remembered per length (payload sizes repeat; saves a view per event). */
const HEX_OUT_VIEWS: Array<Uint8Array | undefined> = [];
function hexOutView(len: number): Uint8Array {
  if (len > 8192) return HEX_OUT_BYTES.subarray(0, len);
  let v = HEX_OUT_VIEWS[len];
  if (v === undefined) HEX_OUT_VIEWS[len] = v = HEX_OUT_BYTES.subarray(0, len);
  return v;
}
/** Four hex digits of every 16-bit little-endian value (first byte's digits first in memory). */
const HEX_QUADS = hexQuadTable(LITTLE_ENDIAN ? 65536 : 0, HEX_PAIRS);
function hexQuadTable(length: number, pairs: Uint16Array): Uint32Array {
  const quads = new Uint32Array(length);
  for (let i = 0; i < length; i++) quads[i] = pairs[i & 255]! | (pairs[i >> 8]! << 16);
  return quads;
}

/** Hex of b[start, start+n) into HEX_OUT two bytes per step (little-endian hosts); returns its length. */
function hexQuads(b: Uint8Array, start: number, n: number): number {
  // Copy into an aligned scratch array so that two bytes are one 16-bit load.
  HEX_IN.set(start === 0 && n === b.length ? b : b.subarray(start, start + n), 0);
  const half = n >> 1;
  for (let i = 0; i < half; i++) HEX_OUT[i] = HEX_QUADS[HEX_IN_16[i]!]!;
  if ((n & 1) !== 0) HEX_OUT_16[half * 2] = HEX_PAIRS[HEX_IN[n - 1]!]!;
  return n * 2;
}

/** Hex of b[start, start+n) into HEX_OUT one byte per step; returns its length. */
function hexPairs(b: Uint8Array, start: number, n: number): number {
  for (let i = 0; i < n; i++) HEX_OUT_16[i] = HEX_PAIRS[b[start + i]!]!;
  return n * 2;
}

/**
 * Remembered UTF-8 encodings of a text form of repeated keys (names, GUIDs),
 * bounded; the last key is checked first, as runs of one event type are common.
 */
export class EncodedCache<K = string> {
  private readonly map = new Map<K, Buffer>();
  private lastKey: K | undefined = undefined;
  private lastBytes: Buffer | null = null;
  constructor(private readonly textOf: (key: K) => string, private readonly limit = 4096) {}
  get(key: K): Buffer {
    if (key === this.lastKey && this.lastBytes !== null) return this.lastBytes;
    let b = this.map.get(key);
    if (b === undefined) {
      b = Buffer.from(this.textOf(key), 'utf8');
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(key, b);
    }
    this.lastKey = key;
    this.lastBytes = b;
    return b;
  }
}
