/**
 * Payload text written straight as the content of a JSON string (UTF-8, no
 * quotes), with the escapes JSON.stringify makes: UTF-16LE code units are
 * transcoded one by one (surrogate pairs to four bytes, lone surrogates as
 * `\udXXX`), 8-bit text when it is ASCII. Both stop at the first NUL, as the
 * payload decoder's strings do (tdh-value.ts), so the bytes equal what the
 * decoded string would give.
 */
import { type BufferViews, type ByteWriter, LITTLE_ENDIAN, viewsOf } from './byte-writer.js';

/** Bytes of the escape JSON.stringify writes for an ASCII code that needs one, or 0 (none needed). */
const ESCAPE_LEN = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) ESCAPE_LEN[c] = 6;
for (const c of [8, 9, 10, 12, 13, 34, 92]) ESCAPE_LEN[c] = 2;
const SHORT_ESCAPE: Record<number, number> = { 8: 98, 9: 116, 10: 110, 12: 102, 13: 114, 34: 34, 92: 92 };
/**
 * Printable ASCII (0x20..0x7F) as written inside a JSON string, as a 16-bit little-endian store: the
 * character (its second byte written over later) or, for '"' and '\', a backslash and the character;
 * QUOTED_LENGTH says how many of the two bytes count. (The store may write one byte past what counts:
 * room is made at three bytes per input byte.)
 */
const QUOTED = new Uint16Array(128);
const QUOTED_LENGTH = new Uint8Array(128);
for (let c = 0x20; c < 0x80; c++) {
  const escaped = c === 34 || c === 92;
  QUOTED[c] = escaped ? 92 | (c << 8) : c;
  QUOTED_LENGTH[c] = escaped ? 2 : 1;
}
/** The four printable ASCII units of x and y (two 16-bit lanes each) at v[p], through QUOTED; returns the position after them. */
function quotedFour(v: DataView, p: number, x: number, y: number): number {
  let c = x & 0xffff;
  v.setUint16(p, QUOTED[c]!, true); p += QUOTED_LENGTH[c]!;
  c = x >>> 16;
  v.setUint16(p, QUOTED[c]!, true); p += QUOTED_LENGTH[c]!;
  c = y & 0xffff;
  v.setUint16(p, QUOTED[c]!, true); p += QUOTED_LENGTH[c]!;
  c = y >>> 16;
  v.setUint16(p, QUOTED[c]!, true);
  return p + QUOTED_LENGTH[c]!;
}

const LOWER_HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** The escape of ASCII code `c` at out[p]; returns the position after it. */
function escapeAt(out: Uint8Array, p: number, c: number): number {
  out[p++] = 92;
  if (ESCAPE_LEN[c] === 2) { out[p++] = SHORT_ESCAPE[c]!; return p; }
  return unicodeEscapeAt(out, p, c);
}

/** `uXXXX` (lower-case hex, after the backslash) at out[p]; returns the position after it. */
function unicodeEscapeAt(out: Uint8Array, p: number, c: number): number {
  out[p++] = 117;
  out[p++] = LOWER_HEX[(c >> 12) & 15]!;
  out[p++] = LOWER_HEX[(c >> 8) & 15]!;
  out[p++] = LOWER_HEX[(c >> 4) & 15]!;
  out[p++] = LOWER_HEX[c & 15]!;
  return p;
}

/**
 * The UTF-16LE text of b[start, end) — whole code units, cut at the first NUL
 * unit — as JSON string content. Returns the offset where the text stopped: the
 * NUL unit's offset, or the end of the whole units. `views`: those of b.buffer,
 * when the caller has them. `twin`: a second writer that gets the same text
 * (the JSONL message shows the field's text too); the plain ASCII steps store
 * to both, which is cheaper than copying afterwards.
 */
export function writeUtf16Json(
  w: ByteWriter, b: Uint8Array, start: number, end: number, views: BufferViews | null = null, twin: ByteWriter | null = null,
): number {
  const stop = start + ((end - start) & ~1);
  const from = w.pos;
  w.ensure(3 * (stop - start));
  if (twin !== null) twin.ensure(3 * (stop - start));
  // Up to where the twin got its bytes in the same steps (after that, it gets a copy).
  let twinned = from;
  let result: number;
  const at = b.byteOffset + start;
  aligned: if ((at & 1) === 0 && LITTLE_ENDIAN) {
    // Aligned: ASCII four or two units at a time while none needs an escape, else one at a time.
    const v = views ?? viewsOf(b.buffer);
    const units = v.units;
    const pairs = v.pairs;
    const out = w.buf;
    const ov = w.view;
    let p = w.pos;
    let both = twin !== null;
    const ov2 = twin !== null ? twin.view : ov;
    const out2 = twin !== null ? twin.buf : out;
    let p2 = twin !== null ? twin.pos : 0;
    let k = at >> 1;
    const kEnd = (b.byteOffset + stop) >> 1;
    while (k < kEnd) {
      if ((k & 1) === 0) {
        let j = k >> 1;
        const jEnd = kEnd >> 1;
        // Four units per step while all are printable ASCII: two 16-bit lanes per word, each checked without a
        // table (lane + 0x60 sets bit 7 when the unit is at least 0x20; lane ^ 0x22 and lane ^ 0x5C plus 0x7F
        // set it unless the unit is '"' or '\'). Without those two, the four bytes are written with one store
        // (measured ~18% faster than a table lookup and a store per unit); with them (paths are full of '\'),
        // each unit is written as its one byte or its two-byte escape, still without leaving the loop
        // (measured ~17% faster on the kernel trace's file names than stepping unit by unit).
        for (; j + 1 < jEnd; j += 2) {
          const x = pairs[j]!, y = pairs[j + 1]!;
          if (((x | y) & 0xff80ff80) !== 0) break;
          if (((x + 0x00600060) & (y + 0x00600060) & 0x00800080) !== 0x00800080) break;
          const plain = ((x ^ 0x00220022) + 0x007f007f) & ((x ^ 0x005c005c) + 0x007f007f) &
            ((y ^ 0x00220022) + 0x007f007f) & ((y ^ 0x005c005c) + 0x007f007f);
          if ((plain & 0x00800080) === 0x00800080) {
            const word = ((x | (x >>> 8)) & 0xffff) | ((y | (y >>> 8)) << 16);
            ov.setInt32(p, word, true);
            p += 4;
            if (both) { ov2.setInt32(p2, word, true); p2 += 4; }
            continue;
          }
          p = quotedFour(ov, p, x, y);
          if (both) p2 = quotedFour(ov2, p2, x, y);
        }
        for (; j < jEnd; j++) {
          const x = pairs[j]!;
          if ((x & 0xff80ff80) !== 0) break;
          const lo = x & 0xff, hi = x >>> 16;
          if ((ESCAPE_LEN[lo]! | ESCAPE_LEN[hi]!) !== 0) break;
          out[p] = lo;
          out[p + 1] = hi;
          p += 2;
          if (both) { out2[p2] = lo; out2[p2 + 1] = hi; p2 += 2; }
        }
        k = j << 1;
        if (k >= kEnd) break;
      }
      const c = units[k]!;
      if (c >= 0x20 && c < 0x80) {
        ov.setUint16(p, QUOTED[c]!, true); p += QUOTED_LENGTH[c]!;
        if (both) { ov2.setUint16(p2, QUOTED[c]!, true); p2 += QUOTED_LENGTH[c]!; }
        k++;
        continue;
      }
      // Anything else ends the twin's own steps: it gets a copy of the rest.
      if (both) { both = false; twinned = p; twin!.pos = p2; }
      if (c >= 0x80) break;
      if (c === 0) { w.pos = p; result = (k << 1) - b.byteOffset; break aligned; }
      p = escapeAt(out, p, c);
      k++;
    }
    if (both) { twinned = p; twin!.pos = p2; }
    w.pos = p;
    if (k >= kEnd) { result = stop; break aligned; }
    result = utf16Rest(w, b, (k << 1) - b.byteOffset, stop);
  } else {
    result = utf16Rest(w, b, start, stop);
  }
  if (twin !== null) twin.copyFrom(w, twinned, w.pos);
  return result;
}

/** writeUtf16Json's general loop over b[start, stop) (whole units; room ensured). */
function utf16Rest(w: ByteWriter, b: Uint8Array, start: number, stop: number): number {
  const out = w.buf;
  let p = w.pos;
  let i = start;
  for (; i < stop; i += 2) {
    const c = b[i]! | (b[i + 1]! << 8);
    if (c < 0x80) {
      if (ESCAPE_LEN[c] === 0) { out[p++] = c; continue; }
      if (c === 0) break;
      p = escapeAt(out, p, c);
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    } else {
      const d = c <= 0xdbff && i + 3 < stop ? b[i + 2]! | (b[i + 3]! << 8) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[p++] = 0xf0 | (cp >> 18);
        out[p++] = 0x80 | ((cp >> 12) & 63);
        out[p++] = 0x80 | ((cp >> 6) & 63);
        out[p++] = 0x80 | (cp & 63);
        i += 2;
      } else {
        // A lone surrogate: JSON.stringify escapes it (6 bytes for one 2-byte unit; room was
        // reserved at 3 bytes per byte of input).
        out[p++] = 92;
        p = unicodeEscapeAt(out, p, c);
      }
    }
  }
  w.pos = p;
  return i;
}

/**
 * The 8-bit text of b[start, stop) as JSON string content when every byte is
 * ASCII (then Windows-1252 and UTF-8 read it alike); returns false, having
 * written nothing, when a byte is not. `stop` is already cut at the NUL.
 */
export function writeAsciiJson(w: ByteWriter, b: Uint8Array, start: number, stop: number): boolean {
  w.ensure(6 * (stop - start));
  const out = w.buf;
  let p = w.pos;
  for (let i = start; i < stop; i++) {
    const c = b[i]!;
    if (c >= 0x80) return false;
    if (ESCAPE_LEN[c] === 0) out[p++] = c;
    else p = escapeAt(out, p, c);
  }
  w.pos = p;
  return true;
}
