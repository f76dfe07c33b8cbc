/**
 * Bounds-checked reads from a TDH result buffer (TRACE_EVENT_INFO,
 * EVENT_MAP_INFO): fixed-width integers, GUIDs, and the NUL-terminated UTF-16
 * strings that those structures point to by byte offset from their own start.
 * A read outside the buffer throws a TdhBlobError naming the offset, so a
 * damaged blob is reported, never read past.
 */
import { readGuid } from '../../etl/bytes.js';

export class TdhBlobError extends Error {
  constructor(readonly structure: string, readonly offset: number, detail: string) {
    super(`${structure}: ${detail} (offset ${offset})`);
    this.name = 'TdhBlobError';
  }
}

export class BlobReader {
  constructor(readonly bytes: Buffer, private readonly structure: string) {}

  get length(): number {
    return this.bytes.length;
  }

  private need(offset: number, size: number, what: string): void {
    if (offset < 0 || offset + size > this.bytes.length) {
      throw new TdhBlobError(this.structure, offset, `${what} lies outside the ${this.bytes.length}-byte buffer`);
    }
  }

  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.bytes[offset]!;
  }

  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.bytes.readUInt16LE(offset);
  }

  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.bytes.readUInt32LE(offset);
  }

  u64(offset: number, what: string): bigint {
    this.need(offset, 8, what);
    return this.bytes.readBigUInt64LE(offset);
  }

  guid(offset: number, what: string): string {
    this.need(offset, 16, what);
    return readGuid(this.bytes, offset);
  }

  /** The UTF-16 string at `offset` (up to its NUL), or null for offset 0 (TDH's "absent"). */
  string(offset: number, what: string): string | null {
    if (offset === 0) return null;
    return this.stringAt(offset, what).text;
  }

  /** Strings by offset: many names may point at one (a damaged blob at one long one). */
  private readonly strings = new Map<number, { text: string; next: number }>();

  /** The UTF-16 string at `offset` and the offset just past its NUL. */
  stringAt(offset: number, what: string): { text: string; next: number } {
    const known = this.strings.get(offset);
    if (known !== undefined) return known;
    this.need(offset, 2, what);
    const b = this.bytes;
    let end = offset;
    while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
    if (end + 1 >= b.length) throw new TdhBlobError(this.structure, offset, `${what} has no terminating NUL`);
    const found = { text: b.toString('utf16le', offset, end), next: end + 2 };
    this.strings.set(offset, found);
    return found;
  }
}
