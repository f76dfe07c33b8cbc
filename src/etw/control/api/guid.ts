/**
 * GUID values: parsing the spellings logman accepts (`{…}` or bare), the
 * 16-byte Windows memory layout (Data1..3 little-endian, Data4 as bytes), and
 * the text forms logman prints (upper-case in braces).
 */

const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

export class Guid {
  private constructor(private readonly canonical: string) {}

  /** Parses `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` or the same without braces; null if not a GUID. */
  static tryParse(text: string): Guid | null {
    const m = GUID_TEXT.exec(text.trim());
    if (!m) return null;
    if (text.trim().startsWith('{') !== text.trim().endsWith('}')) return null;
    return new Guid(m.slice(1, 6).join('-').toLowerCase());
  }

  static parse(text: string): Guid {
    const g = Guid.tryParse(text);
    if (!g) throw new RangeError(`not a GUID: ${text}`);
    return g;
  }

  /** Reads the Windows GUID layout at `offset`. */
  static fromBytes(buf: Buffer, offset = 0): Guid {
    const d1 = buf.readUInt32LE(offset).toString(16).padStart(8, '0');
    const d2 = buf.readUInt16LE(offset + 4).toString(16).padStart(4, '0');
    const d3 = buf.readUInt16LE(offset + 6).toString(16).padStart(4, '0');
    const d4 = buf.subarray(offset + 8, offset + 16).toString('hex');
    return new Guid(`${d1}-${d2}-${d3}-${d4.slice(0, 4)}-${d4.slice(4)}`);
  }

  /** The 16 bytes of the Windows GUID struct. */
  toBytes(): Buffer {
    const out = Buffer.alloc(16);
    this.writeTo(out, 0);
    return out;
  }

  writeTo(buf: Buffer, offset: number): void {
    const hex = this.canonical.replaceAll('-', '');
    buf.writeUInt32LE(parseInt(hex.slice(0, 8), 16), offset);
    buf.writeUInt16LE(parseInt(hex.slice(8, 12), 16), offset + 4);
    buf.writeUInt16LE(parseInt(hex.slice(12, 16), 16), offset + 6);
    Buffer.from(hex.slice(16), 'hex').copy(buf, offset + 8);
  }

  equals(other: Guid): boolean {
    return this.canonical === other.canonical;
  }

  isZero(): boolean {
    return this.canonical === '00000000-0000-0000-0000-000000000000';
  }

  /** Lower-case, no braces: `a3693192-9ed6-46d2-a981-f8226c8363bd`. */
  toString(): string {
    return this.canonical;
  }

  /** logman's form: `{A3693192-9ED6-46D2-A981-F8226C8363BD}`. */
  toBracedUpper(): string {
    return `{${this.canonical.toUpperCase()}}`;
  }

  toJSON(): string {
    return this.toBracedUpper();
  }
}

export const ZERO_GUID = Guid.parse('00000000-0000-0000-0000-000000000000');
