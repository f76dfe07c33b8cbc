/**
 * Security identifiers (docs/architecture.md F8): binary SID to `S-R-A-S1-…` text.
 */

/** Size in bytes of the SID at `o`, or -1 when it does not fit in [o, end). */
export function sidSize(b: Uint8Array, o: number, end: number): number {
  if (o + 8 > end) return -1;
  const size = 8 + 4 * b[o + 1]!;
  return o + size <= end ? size : -1;
}

/** Render the SID at `o` as text; null when it does not fit. */
export function formatSid(b: Buffer, o: number, end: number): string | null {
  const size = sidSize(b, o, end);
  if (size < 0) return null;
  const count = b[o + 1]!;
  const authority = b.readUIntBE(o + 2, 6);
  let s = `S-${b[o]}-${authority < 2 ** 32 ? authority.toString() : '0x' + authority.toString(16).toUpperCase().padStart(12, '0')}`;
  for (let i = 0; i < count; i++) s += '-' + b.readUInt32LE(o + 8 + 4 * i);
  return s;
}
