/**
 * Seeded mutations of an .etl file for the fuzz run (issue 11). Each mutant is
 * fully determined by (seed, index), so any finding can be rebuilt and debugged:
 * bit flips; extreme values in buffer-header fields (BufferSize, SavedOffset,
 * FilledBytes, SequenceNumber, ProcessorIndex, BufferFlag, BufferType) and in
 * record-header size and marker fields; truncation at any byte; buffers removed,
 * duplicated or zeroed; and, in compressed buffers, damaged streams and
 * decompression bombs (a tiny stream repeating one record up to the claim).
 */
import { repeatingStream } from '../support/hostile-etl.js';
import { systemRecord } from '../support/etl-builder.js';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  bytes: Buffer;
  /** Which mutation, and where: enough to read the finding. */
  kind: string;
  detail: string;
}

interface BufferSpan { offset: number; size: number; compressed: boolean }

/** The buffers of an intact file, walked by their stored sizes. */
export function bufferSpans(b: Buffer): BufferSpan[] {
  const spans: BufferSpan[] = [];
  for (let off = 0; off + 0x48 <= b.length;) {
    const size = b.readUInt32LE(off);
    if (size < 0x48 || off + size > b.length) break;
    spans.push({ offset: off, size, compressed: (b.readUInt16LE(off + 0x34) & 0x40) !== 0 });
    off += size;
  }
  return spans;
}

const EXTREME_U32 = [0, 1, 0x47, 0x48, 0x49, 0x7fff, 0x8000, 0xffff, 0x10000, 0x1000000, 0x1000048, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];
const EXTREME_U16 = [0, 1, 7, 8, 0x10, 0x47, 0x48, 0x7ff, 0x800, 0x7fff, 0x8000, 0xfffe, 0xffff];
const EXTREME_U64 = [0n, 1n, 2n, 0x7fffffffffffffffn, -1n, -0x8000000000000000n, 0xffffffffn];

type Field = { at: number; width: 2 | 4 | 8; name: string };
const BUFFER_FIELDS: Field[] = [
  { at: 0x00, width: 4, name: 'BufferSize' }, { at: 0x04, width: 4, name: 'SavedOffset' },
  { at: 0x10, width: 8, name: 'TimeStamp' }, { at: 0x18, width: 8, name: 'SequenceNumber' },
  { at: 0x28, width: 2, name: 'ProcessorIndex' }, { at: 0x30, width: 4, name: 'FilledBytes' },
  { at: 0x34, width: 2, name: 'BufferFlag' }, { at: 0x36, width: 2, name: 'BufferType' },
];

export class Mutator {
  readonly spans: BufferSpan[];
  constructor(readonly original: Buffer) {
    this.spans = bufferSpans(original);
  }

  mutate(rng: () => number): Mutant {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
    const int = (n: number) => Math.floor(rng() * n);
    const b = Buffer.from(this.original);
    const spans = this.spans;
    const span = () => pick(spans);
    const dataSpan = () => (spans.length > 1 && rng() < 0.9 ? spans[1 + int(spans.length - 1)]! : span());
    const compressed = spans.filter((s) => s.compressed);
    const kinds = ['bitflip', 'buffer-field', 'record-field', 'truncate', 'remove-buffer', 'duplicate-buffer', 'zero-buffer', 'zero-header'];
    if (compressed.length > 0) kinds.push('compressed-stream', 'compressed-stream', 'bomb');
    const kind = pick(kinds);
    switch (kind) {
      case 'bitflip': {
        const flips = 1 + int(8);
        const at: number[] = [];
        for (let i = 0; i < flips; i++) { const o = int(b.length); b[o]! ^= 1 << int(8); at.push(o); }
        return { bytes: b, kind, detail: at.map((o) => `0x${o.toString(16)}`).join(',') };
      }
      case 'buffer-field': {
        const s = dataSpan();
        const f = pick(BUFFER_FIELDS);
        const o = s.offset + f.at;
        let v: string;
        if (f.width === 8) { const x = pick(EXTREME_U64); b.writeBigInt64LE(x, o); v = x.toString(); }
        else if (f.width === 4) { const x = rng() < 0.2 ? s.size + int(3) - 1 : pick(EXTREME_U32); b.writeUInt32LE(x >>> 0, o); v = String(x); }
        else { const x = pick(EXTREME_U16); b.writeUInt16LE(x, o); v = String(x); }
        return { bytes: b, kind, detail: `${f.name}=${v} in the buffer at 0x${s.offset.toString(16)}` };
      }
      case 'record-field': {
        // An 8-aligned spot in a buffer's data: record headers start there (a size u16 first, or at +4 for SYSTEM headers; the marker byte at +3).
        const s = dataSpan();
        const o = s.offset + 0x48 + 8 * int(Math.max(1, (Math.min(s.size, 0x48 + 0x2000) - 0x50) >> 3));
        if (o + 8 > b.length) return { bytes: b, kind, detail: 'none' };
        const which = int(3);
        if (which === 0) { const x = pick(EXTREME_U16); b.writeUInt16LE(x, o); return { bytes: b, kind, detail: `size u16 at 0x${o.toString(16)} = ${x}` }; }
        if (which === 1) { const x = pick(EXTREME_U16); b.writeUInt16LE(x, o + 4); return { bytes: b, kind, detail: `u16 at 0x${(o + 4).toString(16)} = ${x}` }; }
        const x = pick([0x00, 0x40, 0x80, 0x90, 0xc0, 0xff]); b[o + 3] = x;
        return { bytes: b, kind, detail: `marker byte at 0x${(o + 3).toString(16)} = 0x${x.toString(16)}` };
      }
      case 'truncate': {
        // Anywhere, or within the first bytes of a buffer header (where a cut looks like a clean end).
        const s = span();
        const at = rng() < 0.5 ? 1 + int(b.length - 1) : Math.min(b.length - 1, s.offset + int(0x48));
        return { bytes: b.subarray(0, Math.max(1, at)), kind, detail: `at 0x${at.toString(16)}` };
      }
      case 'remove-buffer': {
        const s = dataSpan();
        return { bytes: Buffer.concat([b.subarray(0, s.offset), b.subarray(s.offset + s.size)]), kind, detail: `the buffer at 0x${s.offset.toString(16)}` };
      }
      case 'duplicate-buffer': {
        const s = dataSpan();
        const copy = b.subarray(s.offset, s.offset + s.size);
        const where = pick(spans);
        return { bytes: Buffer.concat([b.subarray(0, where.offset), copy, b.subarray(where.offset)]), kind, detail: `the buffer at 0x${s.offset.toString(16)} again before 0x${where.offset.toString(16)}` };
      }
      case 'zero-buffer': {
        const s = dataSpan();
        b.fill(0, s.offset, s.offset + s.size);
        return { bytes: b, kind, detail: `the buffer at 0x${s.offset.toString(16)}` };
      }
      case 'zero-header': {
        const s = dataSpan();
        b.fill(0, s.offset, s.offset + 0x48);
        return { bytes: b, kind, detail: `the header of the buffer at 0x${s.offset.toString(16)}` };
      }
      case 'compressed-stream': {
        const s = pick(compressed);
        const n = 1 + int(16);
        for (let i = 0; i < n; i++) b[s.offset + 0x48 + int(s.size - 0x48)] = int(256);
        return { bytes: b, kind, detail: `${n} bytes of the stream at 0x${s.offset.toString(16)}` };
      }
      default: {
        // A decompression bomb in place of a compressed buffer: a few bytes claiming up to 16 MiB of one repeated record.
        const s = pick(compressed);
        const claim = pick([0x10000, 0x100000, 0x1000000, 0x4000000]);
        const cpu = b.readUInt16LE(s.offset + 0x28) & 0x7ff;
        const body = repeatingStream(systemRecord({ cpu, raw: 0n, hookId: 0x0524 }), Math.floor((claim - 0x48) / 32) * 32);
        const h = Buffer.from(b.subarray(s.offset, s.offset + 0x48));
        h.writeUInt32LE(0x48 + body.length, 0);
        h.writeUInt32LE(0x48 + Math.floor((claim - 0x48) / 32) * 32, 0x30);
        return { bytes: Buffer.concat([b.subarray(0, s.offset), h, body, b.subarray(s.offset + s.size)]), kind: 'bomb', detail: `${claim} bytes claimed at 0x${s.offset.toString(16)}` };
      }
    }
  }
}
