/**
 * XML element text written as UTF-8 straight from a payload's UTF-16LE text,
 * without making a JavaScript string: the bytes of xmlText (xml-text.ts) of
 * the decoded text, encoded as UTF-8. Markup characters become entities, CR
 * `&#xD;`, what XML 1.0 forbids (C0 controls other than tab and LF, lone
 * surrogates, U+FFFE and U+FFFF) U+FFFD; a surrogate pair is one four-byte
 * character. For texts that are not plain ASCII (xml-field-writer.ts copies
 * those as they are), e.g. generic type names with `<` and `>`.
 */

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
