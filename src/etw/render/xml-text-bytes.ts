/**
 * XML element text written as UTF-8 straight from a payload's UTF-16LE text,
 * without making a JavaScript string: the bytes of xmlText (xml-text.ts) of
 * the decoded text, encoded as UTF-8. Markup characters become entities, CR
 * `&#xD;`, what XML 1.0 forbids (C0 controls other than tab and LF, lone
 * surrogates, U+FFFE and U+FFFF) U+FFFD; a surrogate pair is one four-byte
 * character. For texts that are not plain ASCII (xml-field-writer.ts copies
 * those as they are), e.g. generic type names with `<` and `>`; xmlUtf16Until
 * does both for the walk code's NUL-terminated texts, in one pass.
 */
import { LITTLE_ENDIAN, viewsOf, type ByteWriter } from './byte-writer.js';
import { nul16 } from '../schema/tdh-value.js';

/** Most bytes one UTF-16 code unit becomes (`&amp;`, `&#xD;`). */
export const XML_UTF16_MAX = 5;

/** Per ASCII code: 0 written as is, 1 an entity or U+FFFD (ENTITIES[c]). */
const ASCII_WORK = new Uint8Array(128);
const ENTITIES: Array<Uint8Array | undefined> = new Array(128);
const FFFD = Uint8Array.of(0xef, 0xbf, 0xbd);
for (let c = 0; c < 0x20; c++) {
  if (c === 9 || c === 10) continue;
  ASCII_WORK[c] = 1;
  ENTITIES[c] = c === 13 ? Buffer.from('&#xD;') : FFFD;
}
for (const [c, e] of [[38, '&amp;'], [60, '&lt;'], [62, '&gt;']] as const) {
  ASCII_WORK[c] = 1;
  ENTITIES[c] = Buffer.from(e);
}

/**
 * Write the escaped UTF-8 of the UTF-16LE text b[start, stop) (whole code
 * units) to buf from p (room for XML_UTF16_MAX bytes per unit ensured);
 * returns where it ends.
 */
export function xmlUtf16(buf: Uint8Array, p: number, b: Uint8Array, start: number, stop: number): number {
  const end = start + ((stop - start) & ~1);
  for (let i = start; i < end; i += 2) {
    const c = b[i]! | (b[i + 1]! << 8);
    if (c < 0x80) {
      if (ASCII_WORK[c] === 0) buf[p++] = c;
      else {
        const e = ENTITIES[c]!;
        for (let k = 0; k < e.length; k++) buf[p++] = e[k]!;
      }
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || (c >= 0xe000 && c < 0xfffe)) {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 3 < end ? b[i + 2]! | (b[i + 3]! << 8) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const u = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[p++] = 0xf0 | (u >> 18);
        buf[p++] = 0x80 | ((u >> 12) & 0x3f);
        buf[p++] = 0x80 | ((u >> 6) & 0x3f);
        buf[p++] = 0x80 | (u & 0x3f);
        i += 2;
      } else {
        // A lone surrogate, U+FFFE or U+FFFF.
        buf[p++] = 0xef; buf[p++] = 0xbf; buf[p++] = 0xbd;
      }
    }
  }
  return p;
}

/**
 * The UTF-16LE text b[start, end) up to its first NUL unit (or the end of its
 * whole units) into w: copied as is while its units are plain (`units`: the
 * walk code's table, field-bytes.ts unitTable of the characters XML text holds
 * as is), escaped by xmlUtf16 from the first that is not, so that a text with
 * a `<` in it is read once, not copied, given up and read twice more (to find
 * its NUL, then to escape it whole). Room for one byte per unit ensured; makes
 * the room the escaping needs itself (which may move what w holds, see
 * ByteWriter.held). `ab` and `base`: b's ArrayBuffer and where b starts in it.
 * Returns where the text stopped (its NUL's offset, or the end of the whole units).
 */
export function xmlUtf16Until(w: ByteWriter, b: Buffer, start: number, end: number, ab: ArrayBufferLike, base: number, units: Uint8Array): number {
  const buf = w.buf;
  let p = w.pos;
  let i = start;
  const at = base + start;
  if ((at & 1) === 0 && LITTLE_ENDIAN) {
    const views = viewsOf(ab);
    const view = views.units;
    const first = at >> 1;
    const last = first + ((end - start) >> 1);
    let k = first;
    if ((k & 1) !== 0 && k < last && units[view[k]!] === 1) buf[p++] = view[k++]!;
    if ((k & 1) === 0) {
      // Four units per two 32-bit loads and one store while all are plain (~5% faster than two at a time on
      // the rundown trace's names), then two per load; the first that is not is looked at again below.
      const pairs = views.pairs;
      const out = w.view;
      for (; k + 4 <= last; k += 4) {
        const x = pairs[k >> 1]!, y = pairs[(k >> 1) + 1]!;
        const c = x & 0xffff, d = x >>> 16, e = y & 0xffff, f = y >>> 16;
        if (units[c] !== 1 || units[d] !== 1 || units[e] !== 1 || units[f] !== 1) break;
        out.setInt32(p, c | (d << 8) | (e << 16) | (f << 24), true);
        p += 4;
      }
      for (; k + 2 <= last; k += 2) {
        const x = pairs[k >> 1]!;
        const c = x & 0xffff, d = x >>> 16;
        if (units[c] !== 1 || units[d] !== 1) break;
        buf[p] = c;
        buf[p + 1] = d;
        p += 2;
      }
    }
    for (; k < last; k++) {
      const c = view[k]!;
      if (units[c] !== 1) break;
      buf[p++] = c;
    }
    i = start + 2 * (k - first);
    w.pos = p;
    if (k === last || view[k] === 0) return i;
  } else {
    const stop = start + ((end - start) & ~1);
    for (; i < stop; i += 2) {
      const c = b[i]! | (b[i + 1]! << 8);
      if (units[c] !== 1) break;
      buf[p++] = c;
    }
    w.pos = p;
    if (i === stop || (b[i] === 0 && b[i + 1] === 0)) return i;
  }
  // A unit that needs more than a copy at i: escape from there to the NUL.
  const stop = nul16(b, i, end);
  w.ensure(((stop - i) >> 1) * XML_UTF16_MAX);
  w.pos = xmlUtf16(w.buf, w.pos, b, i, stop);
  return stop;
}
