/**
 * The text of a schema file: UTF-8 (a byte-order mark dropped) or, with the
 * UTF-16LE byte-order mark Windows tools often write, UTF-16LE.
 */
export function schemaFileText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  return bytes.toString('utf8').replace(/^\ufeff/, '');
}
