/**
 * A byte-level writer for the per-event paths of the XML and CSV dumps: text is
 * encoded straight into a reused buffer (ASCII pieces by a plain loop, numbers
 * digit by digit, payloads as upper-case hex through a table), and whole
 * chunks are handed to the output file as already-encoded bytes. This skips
 * building one string per event from dozens of pieces and encoding it again,
 * which measured as the largest cost of both dumps.
 *
 * Only for UTF-8 outputs: `forOutput` returns null for any other (the sinks
 * then keep their string path).
 */
import type { OutputFile } from './output-file.js';

const CAPACITY = 1 << 20;

/** Upper-case hex digit pairs of every byte value, as one 16-bit word each (little-endian: first digit in the low byte). */
const HEX_PAIRS = new Uint16Array(256);
const HEX_DIGITS = '0123456789ABCDEF';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
for (let i = 0; i < 256; i++) {
  const hi = HEX_DIGITS.charCodeAt(i >> 4);
  const lo = HEX_DIGITS.charCodeAt(i & 15);
  HEX_PAIRS[i] = LITTLE_ENDIAN ? hi | (lo << 8) : (hi << 8) | lo;
}
/** Two decimal digits of 0..99: tens in the low byte, ones in the high byte. */
const DIGIT_PAIRS = new Uint16Array(100);
for (let i = 0; i < 100; i++) DIGIT_PAIRS[i] = (48 + ((i / 10) | 0)) | ((48 + (i % 10)) << 8);
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
  private buf = Buffer.allocUnsafe(CAPACITY);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  pos = 0;

  private constructor(private readonly out: OutputFile) {}

  /** A writer for `out`, or null when its text is not written as UTF-8 (or it cannot take encoded bytes). */
  static forOutput(out: OutputFile): ByteWriter | null {
    if (out.byteEncoding !== 'utf8') return null;
    return new ByteWriter(out);
  }

  /** Make room for `n` more bytes (flushing first when they do not fit). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = Buffer.allocUnsafe(n);
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    }
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
    if (this.pos === 0) return;
    this.out.writeEncoded(this.buf.subarray(0, this.pos));
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
    if (n * 3 > CAPACITY) {
      this.flush();
      this.out.writeEncoded(Buffer.from(s, 'utf8'));
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
    this.fixedDigits(n - hi * 1e8, 8);
  }

  /** A 32-bit unsigned integer in decimal (room ensured). */
  private uint32(n: number): void {
    const buf = this.buf;
    if (n < 10) { buf[this.pos++] = 48 + n; return; }
    const digits = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6
      : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
    let p = this.pos + digits;
    this.pos = p;
    while (n >= 100) {
      const q = (n / 100) >>> 0;
      const pair = DIGIT_PAIRS[n - q * 100]!;
      buf[--p] = pair >> 8;
      buf[--p] = pair & 0xff;
      n = q;
    }
    if (n >= 10) {
      const pair = DIGIT_PAIRS[n]!;
      buf[--p] = pair >> 8;
      buf[--p] = pair & 0xff;
    } else buf[--p] = 48 + n;
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
    let start = 0;
    const total = b.length;
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
const HEX_QUADS = LITTLE_ENDIAN ? new Uint32Array(65536) : new Uint32Array(0);
for (let i = 0; i < HEX_QUADS.length; i++) HEX_QUADS[i] = HEX_PAIRS[i & 255]! | (HEX_PAIRS[i >> 8]! << 16);

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
