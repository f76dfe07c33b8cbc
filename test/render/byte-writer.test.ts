/**
 * The byte writer's number, hex and GUID forms against JavaScript's own
 * (String(n), toString(16), Buffer's hex, the reader's GUID text), at every digit-count
 * boundary and every entry of their tables, a scratch writer growing instead of flushing, a held line kept
 * whole across flushes, and a UTF-8 memory target taking the writer's filled
 * buffers themselves (OutputFile.handOver), in order with text written to it.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { OutputFile } from '../../src/etw/render/output-file.js';
import { readGuid } from '../../src/etw/etl/bytes.js';

function text(write: (w: ByteWriter) => void): string {
  const w = ByteWriter.scratch(64);
  w.ensure(64);
  write(w);
  return w.buf.toString('latin1', 0, w.pos);
}

describe('ByteWriter numbers', () => {
  const boundaries: number[] = [0, 1, 2 ** 53 - 1];
  for (let p = 1; p <= 15; p++) boundaries.push(10 ** p - 1, 10 ** p, 10 ** p + 1);
  boundaries.push(2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 123456789012345, 4294967295, 99990000, 100000000);

  it('uint and u53 write every integer below 2^53 as String does', () => {
    for (const n of boundaries) expect(text((w) => w.uint(n))).toBe(String(n));
    for (const n of boundaries) expect(text((w) => w.u53(n))).toBe(String(n));
    let x = 1;
    for (let i = 0; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      const n = (x * 4194301) % Number.MAX_SAFE_INTEGER;
      expect(text((w) => w.uint(n))).toBe(String(n));
      expect(text((w) => w.uint(x))).toBe(String(x));
    }
  });

  it('u64 writes every unsigned 64-bit value given as halves as BigInt does', () => {
    const halves: Array<[number, number]> = [[0, 0], [1, 0], [0xffffffff, 0], [0, 1], [0, 0x1fffff], [0xffffffff, 0x1fffff], [0, 0x200000],
      [0xffffffff, 0xffffffff], [0, 0xfffff800], [0x6aa01234, 0xfffff801], [0xe5906080, 0xffffa804], [9999, 0], [10000, 0], [0, 0x80000000]];
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      halves.push([(x * 2654435761) >>> 0, (x * 40503 + i) >>> 0]);
    }
    for (const [lo, hi] of halves) expect(text((w) => w.u64(lo, hi)), `${hi}:${lo}`).toBe(((BigInt(hi) << 32n) + BigInt(lo)).toString());
  });

  it('u32 and u53 write every digit count as String does', () => {
    const values = [0, 4294967295, 4294967296, 2 ** 53 - 1];
    for (let p = 1; p <= 1e15; p *= 10) values.push(p - 1, p, p + 1, 4 * p, 42 * p + 7);
    let x = 12345;
    for (let i = 0; i < 3000; i++) { x = (x * 48271) % 2147483647; values.push(x, x * 2, x % 100000, x * 1009); }
    for (const n of values) {
      if (n < 4294967296) expect(text((w) => w.u32(n)), String(n)).toBe(String(n));
      if (n <= Number.MAX_SAFE_INTEGER) expect(text((w) => w.u53(n)), String(n)).toBe(String(n));
    }
  });

  it('digits7 writes exactly seven digits, as fixedDigits(n, 7)', () => {
    for (const n of [0, 7, 99, 999, 1000, 1234, 9999, 10000, 12345, 999999, 1000000, 1234567, 9999999]) {
      expect(text((w) => w.digits7(n))).toBe(String(n).padStart(7, '0'));
      expect(text((w) => w.fixedDigits(n, 7))).toBe(String(n).padStart(7, '0'));
    }
  });

  it('digits8 writes exactly eight digits', () => {
    for (const n of [0, 7, 1234, 10000, 99999999, 12345678]) expect(text((w) => w.digits8(n))).toBe(String(n).padStart(8, '0'));
  });

  it('hexU64 writes 0x and upper-case hex without leading zeros', () => {
    for (const v of [0n, 1n, 0xfn, 0x10n, 0xabcn, 0x7ffb487313d8n, 0xffffffffffffffffn, 0x100000000n, 0x0f00000000000000n]) {
      const b = Buffer.alloc(10);
      b.writeBigUInt64LE(v, 1);
      expect(text((w) => w.hexU64(b, 1))).toBe('0x' + v.toString(16).toUpperCase());
    }
  });

  it('guid writes the braced lower-case text of the reader', () => {
    const b = Buffer.from('00' + '9231693ad69ed246a981f8226c8363bd', 'hex');
    expect(text((w) => w.guid(b, 1))).toBe('{' + readGuid(b, 1) + '}');
    expect(text((w) => w.guid(b, 1))).toBe('{3a693192-9ed6-46d2-a981-f8226c8363bd}');
  });

  it('hex writes upper-case digit pairs at even and odd offsets, short and long', () => {
    const src = Buffer.alloc(20000);
    for (let i = 0; i < src.length; i++) src[i] = (i * 131 + 7) & 0xff;
    for (const [start, n] of [[0, 0], [0, 1], [1, 1], [2, 7], [3, 64], [8, 4096], [9, 4095], [0, 4097], [1, 20000 - 1]] as const) {
      const w = ByteWriter.scratch(8);
      const view = src.subarray(start, start + n);
      w.hex(view);
      expect(w.buf.toString('latin1', 0, w.pos)).toBe(view.toString('hex').toUpperCase());
    }
  });

  it('every entry of the digit and hex tables: all four-digit groups, all 16-bit units', () => {
    for (let n = 0; n < 10000; n++) {
      expect(text((w) => w.u32(n))).toBe(String(n));
      expect(text((w) => w.u32(10000 + n))).toBe(String(10000 + n));
    }
    const units = Buffer.alloc(2 * 65536);
    for (let u = 0; u < 65536; u++) units.writeUInt16LE(u, 2 * u);
    for (let start = 0; start < units.length; start += 4096) {
      const w = ByteWriter.scratch(8);
      const view = units.subarray(start, start + 4096);
      w.hex(view);
      expect(w.buf.toString('latin1', 0, w.pos)).toBe(view.toString('hex').toUpperCase());
    }
  });

  it('a scratch writer grows and keeps what it holds', () => {
    const w = ByteWriter.scratch(4);
    w.text('abc');
    w.text('defghijklmnop');
    w.ensure(1000);
    w.byte(33);
    expect(w.buf.toString('latin1', 0, w.pos)).toBe('abcdefghijklmnop!');
  });
});

/** Hold a line, write into it, then take it back: the writer is where it was. */
function takeBackALine(w: ByteWriter, put: (t: string) => void): void {
  w.held = w.pos;
  put('taken back');
  w.pos = w.held;
  w.held = -1;
}

describe('ByteWriter held lines', () => {
  const memory = (chunks: Buffer[]) =>
    ({ byteEncoding: 'utf8', writeUtf8: (b: Buffer) => chunks.push(Buffer.from(b)) }) as unknown as OutputFile;

  it('keeps a held line whole across flushes, and can take it back', () => {
    const chunks: Buffer[] = [];
    const w = ByteWriter.forOutput(memory(chunks), 16)!;
    const put = (t: string) => { w.ensure(t.length); w.ascii(t); };
    put('first\n');
    w.held = w.pos;
    put('a line that is longer than the buffer\n');
    // Only what came before the held line was handed on; the line moved to the front and the buffer grew.
    expect(Buffer.concat(chunks).toString()).toBe('first\n');
    expect(w.held).toBe(0);
    w.held = -1;
    takeBackALine(w, put);
    put('last\n');
    w.flush();
    expect(Buffer.concat(chunks).toString()).toBe('first\na line that is longer than the buffer\nlast\n');
  });
  it('keeps a text too long for any buffer inside a held line (it may yet be taken back)', () => {
    const chunks: Buffer[] = [];
    const w = ByteWriter.forOutput(memory(chunks), 16)!;
    const long = 'x'.repeat(400_000);
    w.text('first\n');
    w.held = w.pos;
    w.text(long);
    w.pos = w.held;
    w.held = -1;
    w.text(long);
    w.text('\n');
    w.flush();
    expect(Buffer.concat(chunks).toString()).toBe(`first\n${long}\n`);
  });
});

describe('ByteWriter into a memory target', () => {
  /** A UTF-8 memory target with `size`-byte pages, and the pages it gave out. */
  const target = (size: number) => {
    const given: ArrayBuffer[] = [];
    const out = OutputFile.memory('utf8', () => { const b = Buffer.alloc(size); given.push(b.buffer as ArrayBuffer); return b; });
    return { out, given };
  };

  it('hands its filled buffers over instead of copying them, in order with the text written to the target', () => {
    const { out, given } = target(32);
    const w = ByteWriter.forOutput(out, 32);
    const first = w.buf.buffer;
    const put = (t: string) => { w.ensure(t.length); w.ascii(t); };
    out.write('<head>');
    put('0123456789'.repeat(3));
    put('abcdef'); // does not fit: the 30 bytes go over as they are
    expect(w.buf.buffer).not.toBe(first);
    w.flush();
    out.write('<text>');
    put('ghij');
    w.flush();
    out.write('<tail>');
    const parts = out.takeBytes();
    expect(Buffer.concat(parts).toString()).toBe(`<head>${'0123456789'.repeat(3)}abcdef<text>ghij<tail>`);
    expect(parts.some((p) => p.buffer === first)).toBe(true);
    // Every part in a buffer of its own (a worker transfers them), none but the pages given out and the writer's first.
    const buffers = parts.map((p) => p.buffer);
    expect(new Set(buffers).size).toBe(parts.length);
    for (const b of buffers) expect(b === first || given.includes(b as ArrayBuffer)).toBe(true);
    expect(out.takesPages).toBe(true);
    expect(OutputFile.memory('utf16le', () => Buffer.alloc(32)).takesPages).toBe(false);
  });

  it('moves a held line to a fresh page, growing it when the line does not fit', () => {
    const { out } = target(16);
    const w = ByteWriter.forOutput(out, 16);
    const put = (t: string) => { w.ensure(t.length); w.ascii(t); };
    put('first\n');
    w.held = w.pos;
    put('a line');
    put(' that is longer than a page\n');
    expect(w.held).toBe(0);
    w.held = -1;
    takeBackALine(w, put);
    put('last\n');
    w.flush();
    expect(Buffer.concat(out.takeBytes()).toString()).toBe('first\na line that is longer than a page\nlast\n');
  });
});
