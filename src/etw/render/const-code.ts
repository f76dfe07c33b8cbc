/**
 * Generated-code pieces for writing into a ByteWriter (byte-writer.ts) from a
 * function made per schema (the walk code of the JSON, CSV and XML writers):
 * making room with the check inline and the call only when the buffer must
 * grow or flush, and constant bytes (keys, message literals) as a few wide
 * stores instead of a loop over a piece. A function that large is not one V8
 * inlines the writer's small methods into, so they are spelled out here.
 *
 * Only numbers computed here (offsets, sizes, byte values, and doubles
 * standing for eight constant bytes) go into the source; constants too long to
 * inline stay data (`pieces`, bound by the caller as `K`).
 */
import { Piece } from './byte-writer.js';

/** Constant pieces up to this length are written as inline stores; longer ones with `put`. */
const INLINE_MAX = 64;

/** A safe integer as source text (anything else is a bug here, not input). */
export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`const-code: not an integer: ${n}`);
  return String(n);
}

/** Code making room for `size` (a code expression) more bytes in writer `w`. */
export function ensure(w: string, size: string): string {
  return `if (${w}.pos + ${size} > ${w}.buf.length) ${w}.ensure(${size});`;
}

/** Code writing byte `c` to writer `w` (room ensured). */
export function byte(w: string, c: number): string {
  return `${w}.buf[${w}.pos++] = ${int(c)};`;
}

/** Code writing constant bytes to writer `w` (room already ensured); pieces too long to inline go through `K`. */
export class ConstWriter {
  readonly pieces: Piece[] = [];
  put(w: string, piece: Piece): string {
    const bytes = piece.bytes;
    const n = bytes.length;
    if (n === 0) return '';
    if (n > INLINE_MAX) {
      this.pieces.push(piece);
      return `${w}.put(K[${int(this.pieces.length - 1)}]);`;
    }
    let code = `{ const v_ = ${w}.view, p_ = ${w}.pos;`;
    let i = 0;
    // Eight bytes per store where they read as a finite double that round-trips through its source text (JSON text
    // bytes always do unless they hold 0x7F/0xFF in the wrong place); else four, two, one.
    for (; i + 8 <= n; i += 8) {
      const d = exactDouble(bytes, i);
      if (d !== null) code += ` v_.setFloat64(p_ + ${int(i)}, ${d}, true);`;
      else code += ` v_.setInt32(p_ + ${int(i)}, ${int(bytes.readInt32LE(i))}, true); v_.setInt32(p_ + ${int(i + 4)}, ${int(bytes.readInt32LE(i + 4))}, true);`;
    }
    if (i + 4 <= n) { code += ` v_.setInt32(p_ + ${int(i)}, ${int(bytes.readInt32LE(i))}, true);`; i += 4; }
    if (i + 2 <= n) { code += ` v_.setInt16(p_ + ${int(i)}, ${int(bytes.readInt16LE(i))}, true);`; i += 2; }
    if (i < n) { code += ` ${w}.buf[p_ + ${int(i)}] = ${int(bytes[i]!)};`; i++; }
    return code + ` ${w}.pos = p_ + ${int(n)}; }`;
  }
}

/** The little-endian double at bytes[i, i+8) as source text, when it is finite, not -0, and its text gives back the same bytes; else null. */
function exactDouble(bytes: Buffer, i: number): string | null {
  const d = bytes.readDoubleLE(i);
  if (!Number.isFinite(d) || Object.is(d, -0)) return null;
  const text = String(d);
  const back = Buffer.alloc(8);
  back.writeDoubleLE(Number(text));
  return back.equals(bytes.subarray(i, i + 8)) ? text : null;
}

/**
 * Room for the fields a writer's walk code writes (schema/field-code.ts): made
 * once ahead of a run of fields (`run`), or by each field outside such a run
 * (`field`, nothing for a field whose run made it). `size` is a field's most bytes.
 */
export class FieldRoom {
  private readonly made = new Set<number>();
  constructor(private readonly w: string, private readonly size: (v: number) => number) {}

  run(vs: readonly number[]): string {
    let size = 0;
    for (const v of vs) {
      this.made.add(v);
      size += this.size(v);
    }
    return ensure(this.w, int(size));
  }

  field(v: number): string {
    return this.made.has(v) ? '' : ensure(this.w, int(this.size(v)));
  }
}
