/**
 * Text safe for XML 1.0: markup characters escaped, and characters XML 1.0
 * forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
 * replaced by U+FFFD, since not even a character reference may carry them.
 * CR is written as `&#xD;` so that parsers do not fold it into LF. The common
 * case (nothing to change) costs one regular-expression test.
 */

// Anything that might need work; surrogates are matched here and checked for pairing below.
const NEEDS_TEXT = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const NEEDS_ATTR = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Only markup characters to escape (the common reason for the slow path, e.g. generic type names). */
const ONLY_MARKUP_TEXT = /^[^\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]*$/;
const MARKUP = /[&<>]/g;
const MARKUP_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const markupEntity = (c: string) => MARKUP_ENTITY[c]!;

function escapeSlow(s: string, attribute: boolean): string {
  if (!attribute && ONLY_MARKUP_TEXT.test(s)) return s.replace(MARKUP, markupEntity);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) out += '&amp;';
    else if (c === 0x3c) out += '&lt;';
    else if (c === 0x3e) out += '&gt;';
    else if (c === 0x22 && attribute) out += '&quot;';
    else if (c === 0x0d) out += '&#xD;';
    else if (c === 0x0a) out += attribute ? '&#xA;' : '\n';
    else if (c === 0x09) out += attribute ? '&#x9;' : '\t';
    else if (c < 0x20 || c === 0xfffe || c === 0xffff) out += '\ufffd';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += s[i]! + s[i + 1]!; i++; }
      else out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else out += s[i]!;
  }
  return out;
}

/** Does element text need escaping? A character loop for short texts (most field values), the regular expression for long ones. */
function textNeedsWork(s: string): boolean {
  const n = s.length;
  if (n > 64) return NEEDS_TEXT.test(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x3f) {
      if (c === 0x26 || c === 0x3c || c === 0x3e || (c < 0x20 && c !== 0x09 && c !== 0x0a)) return true;
    } else if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) return true;
  }
  return false;
}

/** Escape element text. */
export function xmlText(s: string): string {
  return textNeedsWork(s) ? escapeSlow(s, false) : s;
}

/** Escape an attribute value (double-quoted). */
export function xmlAttr(s: string): string {
  return NEEDS_ATTR.test(s) ? escapeSlow(s, true) : s;
}

/** A valid XML element name from a schema's field name (invalid characters become `_`). */
export function xmlName(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9_.\-\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd]/g, '_');
  if (cleaned.length === 0) return '_';
  return /^[A-Za-z_\u00c0-\ufffd]/.test(cleaned) && !/^[\u0300-\u036f\u203f\u2040\u00b7]/.test(cleaned) ? cleaned : '_' + cleaned;
}
