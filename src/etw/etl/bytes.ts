/**
 * Small byte-level helpers shared by the reader and the decoders:
 * GUIDs in Windows mixed-endian layout, NUL-terminated strings.
 */

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Read a 16-byte Windows GUID (Data1..3 little-endian) as lower-case text without braces. */
export function readGuid(b: Uint8Array, o: number): string {
  return (
    HEX[b[o + 3]!]! + HEX[b[o + 2]!]! + HEX[b[o + 1]!]! + HEX[b[o]!]! + '-' +
    HEX[b[o + 5]!]! + HEX[b[o + 4]!]! + '-' +
    HEX[b[o + 7]!]! + HEX[b[o + 6]!]! + '-' +
    HEX[b[o + 8]!]! + HEX[b[o + 9]!]! + '-' +
    HEX[b[o + 10]!]! + HEX[b[o + 11]!]! + HEX[b[o + 12]!]! + HEX[b[o + 13]!]! + HEX[b[o + 14]!]! + HEX[b[o + 15]!]!
  );
}

interface GuidEntry { a: number; b: number; c: number; d: number; text: string }
const guidCache = new Map<number, GuidEntry>();
/** The entries last found, by the low bits of their key (a look-up in guidCache cost ~40 ns a record). */
const GUID_SLOTS = 256;
const guidSlots: Array<GuidEntry | undefined> = new Array<GuidEntry | undefined>(GUID_SLOTS).fill(undefined);

/**
 * readGuid for ids that repeat (provider and class GUIDs): the same flat string for
 * the same 16 bytes: V8 flattens a concatenated string on its first hash or compare, and
 * sharing one string means that happens once per GUID instead of once per record.
 */
export function readGuidShared(b: Buffer, o: number): string {
  // Signed 32-bit words from the bytes (Buffer.readUInt32LE was a call here, not inlined).
  const a = int32At(b, o), bb = int32At(b, o + 4), c = int32At(b, o + 8), d = int32At(b, o + 12);
  const key = (a ^ Math.imul(bb, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35)) >>> 0;
  const slot = key & (GUID_SLOTS - 1);
  let hit = guidSlots[slot];
  if (hit !== undefined && hit.a === a && hit.b === bb && hit.c === c && hit.d === d) return hit.text;
  hit = guidCache.get(key);
  if (hit === undefined || hit.a !== a || hit.b !== bb || hit.c !== c || hit.d !== d) {
    if (guidCache.size > 65536) guidCache.clear();
    guidCache.set(key, (hit = { a, b: bb, c, d, text: readGuid(b, o) }));
  }
  guidSlots[slot] = hit;
  return hit.text;
}

/** The little-endian 32-bit word at b[o, o+4), signed. */
function int32At(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

/** True when the 16 bytes at `o` are all zero. */
export function isZeroGuid(b: Uint8Array, o: number): boolean {
  for (let i = 0; i < 16; i++) if (b[o + i] !== 0) return false;
  return true;
}

/** Write a GUID string (with or without braces) into 16 bytes at `o`. */
export function writeGuid(b: Buffer, o: number, guid: string): void {
  const h = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new Error(`not a GUID: ${guid}`);
  b.writeUInt32LE(parseInt(h.slice(0, 8), 16), o);
  b.writeUInt16LE(parseInt(h.slice(8, 12), 16), o + 4);
  b.writeUInt16LE(parseInt(h.slice(12, 16), 16), o + 6);
  for (let i = 0; i < 8; i++) b[o + 8 + i] = parseInt(h.slice(16 + i * 2, 18 + i * 2), 16);
}

/** NUL-terminated UTF-16LE string in [start, limit); tolerates a missing terminator. `end` is past the NUL. */
export function readUtf16z(b: Buffer, start: number, limit: number): { text: string; end: number } {
  let i = start;
  while (i + 1 < limit && (b[i] !== 0 || b[i + 1] !== 0)) i += 2;
  const text = b.toString('utf16le', start, Math.min(i, limit));
  return { text, end: Math.min(i + 2, limit) };
}

/** NUL-terminated 8-bit string in [start, limit); tolerates a missing terminator. */
export function readAnsiz(b: Buffer, start: number, limit: number, encoding: BufferEncoding = 'latin1'): { text: string; end: number } {
  let i = start;
  while (i < limit && b[i] !== 0) i++;
  return { text: b.toString(encoding, start, i), end: Math.min(i + 1, limit) };
}
