/**
 * The MS-XCA plain LZ77 decoder: hand-made streams for each length encoding,
 * a compressed synthetic file, and the two compressed corpus files read whole.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompressPlainLz77, XpressError } from '../../src/etw/etl/xpress.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { etlPath, haveCorpus, oracle } from '../support/corpus.js';

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
}

function run(stream: number[], expected: number): string {
  const src = Uint8Array.from(stream);
  const dst = new Uint8Array(expected);
  const n = decompressPlainLz77(src, 0, src.length, dst, 0, expected);
  return Buffer.from(dst.subarray(0, n)).toString('latin1');
}

/** A valid plain-LZ77 stream of literals only (flag word 0 before every 32 bytes). */
export function literalsOnly(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 32) {
    out.push(0, 0, 0, 0);
    for (let j = i; j < Math.min(i + 32, data.length); j++) out.push(data[j]!);
  }
  return Buffer.from(out);
}

describe('plain LZ77', () => {
  it('copies literals and a short overlapping match', () => {
    // a b c, then match offset 3 length 6: token ((3-1) << 3) | (6-3)
    expect(run([...u32(0x10000000), 0x61, 0x62, 0x63, 19, 0], 9)).toBe('abcabcabc');
  });

  it('reads the length from a nibble, then the next byte when the nibble is 15', () => {
    // x, then match offset 1 with len field 7, nibble 15, byte 10: 10 + 15 + 7 + 3 = 35
    expect(run([...u32(0x40000000), 0x78, 7, 0, 0x0f, 10], 36)).toBe('x'.repeat(36));
  });

  it('shares one byte between two length nibbles (low first, then high)', () => {
    // y; match (nibble 5: 5+7+3 = 15); match (high nibble 3: 3+7+3 = 13)
    expect(run([...u32(0x60000000), 0x79, 7, 0, 0x35, 7, 0], 29)).toBe('y'.repeat(29));
  });

  it('reads 16-bit lengths (minus 22) when the byte is 255', () => {
    // z; match offset 1, nibble 15, byte 255, u16 300: 300 - 22 + 15 + 7 + 3 = 303
    expect(run([...u32(0x40000000), 0x7a, 7, 0, 0x0f, 255, 300 & 0xff, 300 >> 8], 304)).toBe('z'.repeat(304));
  });

  it('rejects a match reaching before the start of the output', () => {
    expect(() => run([...u32(0x80000000), 40, 0], 10)).toThrow(XpressError);
  });
});

describe('compressed buffers in a file', () => {
  it('reads a synthetic compressed file whose buffers sit at unaligned offsets', () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x400, logFileMode: 0x04010001 });
    for (let i = 0; i < 40; i++) b.event({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i), provider: '11111111-2222-3333-4444-555555555555', id: i, payload: Buffer.alloc(30 + (i % 5)) });
    const plain = b.build('sequence');
    // Recompress every data buffer: header stays, [0x48, FilledBytes) becomes a literal stream.
    const parts: Buffer[] = [];
    for (let off = 0; off < plain.length; off += 0x400) {
      const buf = plain.subarray(off, off + 0x400);
      const filled = buf.readUInt32LE(0x30);
      if (off === 0) { parts.push(Buffer.from(buf)); continue; }
      const z = literalsOnly(buf.subarray(0x48, filled));
      const head = Buffer.from(buf.subarray(0, 0x48));
      head.writeUInt32LE(0x48 + z.length, 0);
      head.writeUInt16LE(head.readUInt16LE(0x34) | 0x40, 0x34);
      parts.push(head, z);
    }
    const file = Buffer.concat(parts);
    const path = join(mkdtempSync(join(tmpdir(), 'etwkit-z-')), 'z.etl');
    writeFileSync(path, file);
    const reader = EtlReader.open([path]);
    const ids = [...reader.records()].slice(1).map((r) => r.id);
    expect(reader.warnings).toEqual([]);
    expect(reader.files[0]!.compressedBuffers).toBeGreaterThan(2);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i));
    reader.close();
  });
});

describe.skipIf(!haveCorpus)('compressed corpus files', () => {
  for (const stem of ['perfview-selfdescribing-compressed', 'perfview-net452-x64-compressed']) {
    it(`${stem} decompresses every buffer to its FilledBytes and reads every record`, () => {
      const reader = EtlReader.open([etlPath(stem)]);
      let n = 0;
      for (const _ of reader.records()) n++;
      expect(reader.warnings).toEqual([]);
      expect(reader.files[0]!.compressedBuffers).toBe(oracle(stem).buffers.compressed);
      expect(n).toBe(oracle(stem).records_total);
      reader.close();
    });
  }
});
