/**
 * The LZNT1 decompressor: hand-built chunks (literals, stored, copy tokens at
 * the positions where the displacement/length split changes, overlapping
 * copies), the worked example of MS-XCA §3.3, round trips through a small
 * greedy encoder written here from the format's rules, and malformed data,
 * which must end in an Lznt1Error naming the problem.
 */
import { describe, expect, it } from 'vitest';
import { decompressLznt1, Lznt1Error, LZNT1_MAX_OUTPUT } from '../../src/etw/etl/lznt1.js';

/** Displacement bits of a copy token when the chunk has given `pos` bytes (the format's table, written out). */
function displacementBits(pos: number): number {
  const table: [number, number][] = [[16, 4], [32, 5], [64, 6], [128, 7], [256, 8], [512, 9], [1024, 10], [2048, 11], [4096, 12]];
  return table.find(([most]) => pos <= most)![1];
}

type Token = number | { back: number; length: number };

/** A compressed chunk (header included) of the given tokens: bytes, or copies encoded for where they fall. */
function chunk(tokens: Token[]): Buffer {
  const body: number[] = [];
  let pos = 0;
  for (let i = 0; i < tokens.length; i += 8) {
    const group = tokens.slice(i, i + 8);
    let flags = 0;
    const bytes: number[] = [];
    group.forEach((t, bit) => {
      if (typeof t === 'number') { bytes.push(t); pos++; return; }
      flags |= 1 << bit;
      const lengthBits = 16 - displacementBits(pos);
      const word = ((t.back - 1) << lengthBits) | (t.length - 3);
      bytes.push(word & 0xff, word >>> 8);
      pos += t.length;
    });
    body.push(flags, ...bytes);
  }
  return withHeader(Buffer.from(body), true);
}

function withHeader(body: Buffer, compressed: boolean, signature = 3): Buffer {
  const header = (compressed ? 0x8000 : 0) | (signature << 12) | (body.length - 1);
  return Buffer.concat([Buffer.from([header & 0xff, header >>> 8]), body]);
}

const text = (s: string): Token[] => [...Buffer.from(s, 'latin1')];

function run(data: Buffer, size: number): string {
  return decompressLznt1(data, 0, data.length, size).toString('latin1');
}

/**
 * A greedy encoder: at each position the longest earlier match in the chunk
 * that the token at that position can express (at least 3 bytes), else a
 * literal. Chunks of 4096 input bytes; a chunk that would not shrink is stored.
 */
function compress(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let c = 0; c < data.length; c += 4096) {
    const piece = data.subarray(c, Math.min(c + 4096, data.length));
    const tokens: Token[] = [];
    for (let pos = 0; pos < piece.length;) {
      const dBits = displacementBits(pos);
      const maxBack = Math.min(pos, 1 << dBits);
      const maxLength = (1 << (16 - dBits)) + 2;
      let best = { back: 0, length: 0 };
      for (let back = 1; back <= maxBack; back++) {
        let n = 0;
        while (n < maxLength && pos + n < piece.length && piece[pos + n] === piece[pos + n - back]) n++;
        if (n > best.length) best = { back, length: n };
      }
      if (best.length >= 3) { tokens.push(best); pos += best.length; } else tokens.push(piece[pos++]!);
    }
    const packed = chunk(tokens);
    parts.push(packed.length - 2 < piece.length ? packed : withHeader(Buffer.from(piece), false));
  }
  return Buffer.concat(parts);
}

describe('LZNT1', () => {
  it('decompresses a chunk of literals, and a stored chunk', () => {
    expect(run(chunk(text('abc')), 3)).toBe('abc');
    expect(run(withHeader(Buffer.from('stored bytes'), false), 12)).toBe('stored bytes');
    expect(run(Buffer.alloc(0), 0)).toBe('');
  });

  it('copies with overlap: a run made from its own output', () => {
    expect(run(chunk([...text('ab'), { back: 2, length: 10 }]), 12)).toBe('abababababab');
    expect(run(chunk([...text('x'), { back: 1, length: 18 }]), 19)).toBe('x'.repeat(19));
  });

  it('splits a copy token by how much the chunk has given (16, 17, 32, 33 and 2049 bytes)', () => {
    const sixteen = text('0123456789abcdef');
    // At 16 bytes given: 4 displacement bits, 12 length bits (a copy of 1000 bytes fits).
    expect(run(chunk([...sixteen, { back: 16, length: 1000 }]), 1016)).toBe('0123456789abcdef'.repeat(64).slice(0, 1016));
    // At 17: 5 displacement bits (back 17 reachable), 11 length bits.
    const seventeen = [...sixteen, ...text('g')];
    expect(run(chunk([...seventeen, { back: 17, length: 4 }]), 21)).toBe('0123456789abcdefg0123');
    // At 32 still 5 bits; at 33, 6 bits (back 33).
    const t32 = text('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
    expect(run(chunk([...t32, { back: 32, length: 3 }]), 35)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345ABC');
    expect(run(chunk([...t32, ...text('!'), { back: 33, length: 3 }]), 36)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345!ABC');
    // At 2049 bytes given: 12 displacement bits, 4 length bits (at most 18 bytes).
    const filler = [...text('q'), { back: 1, length: 2048 }];
    const late = [...filler, ...text('r'), { back: 2049, length: 18 }];
    expect(run(chunk(late), 2068)).toBe('q' + 'q'.repeat(2048) + 'r' + 'q'.repeat(18));
  });

  it('reads the worked example of MS-XCA §3.3', () => {
    const expected = 'F# F# G A A G F# E D D E F# F# E E F# F# G A A G F# E D D E F# E D D E E F# D E F# G F# D E F# G F# E D E A F# F# G A A G F# E D D E F# E D D\0';
    expect(expected.length).toBe(142);
    const example = Buffer.from([
      '38b0884623200020', '4720410010a24701', 'a045204400084501', '507900c045200524',
      '138805b4024a44ef', '0358028c09160148', '4500be009e000401', '189000',
    ].join(''), 'hex');
    expect(example.length).toBe(59);
    expect(run(example, 142)).toBe(expected);
  });

  it('round-trips several chunks of repetitive data through an encoder built from the format rules', () => {
    // Pseudo-random text over a small alphabet: matches of every length at every distance.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16);
    const words = ['<Metric>', '</Metric>', ' units="MB/s"', '9.3', '1227.76', 'CPU', 'Disk', '\r\n'];
    let s = '';
    while (s.length < 20000) s += words[rnd() % words.length]!;
    const data = Buffer.from(s, 'utf16le');
    const packed = compress(data);
    expect(packed.length).toBeLessThan(data.length / 3);
    expect(decompressLznt1(packed, 0, packed.length, data.length).equals(data)).toBe(true);
    // Noise that does not compress: stored chunks.
    const noise = Buffer.from(Array.from({ length: 9000 }, () => rnd() & 0xff));
    const stored = compress(noise);
    expect(decompressLznt1(stored, 0, stored.length, noise.length).equals(noise)).toBe(true);
  });

  it('stops at a NUL header word and reads from an offset inside a larger buffer', () => {
    const inner = Buffer.concat([chunk(text('hello')), Buffer.from([0, 0, 0xde, 0xad])]);
    const outer = Buffer.concat([Buffer.from([9, 9, 9]), inner]);
    expect(decompressLznt1(outer, 3, outer.length, 5).toString('latin1')).toBe('hello');
  });
});

describe('LZNT1: malformed data', () => {
  const fails = (data: Buffer, size: number, message: RegExp) => {
    let error: unknown = null;
    try { decompressLznt1(data, 0, data.length, size); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(Lznt1Error);
    expect((error as Error).message).toMatch(message);
  };

  it('truncated: a chunk running past the end, a cut copy token, a cut header', () => {
    const whole = chunk(text('abcdef'));
    fails(whole.subarray(0, whole.length - 2), 6, /byte 0: chunk of 7 bytes runs past the end/);
    // A flag byte announcing a copy token with one byte left.
    fails(withHeader(Buffer.from([0x02, 0x61, 0x00]), true), 4, /copy token cut off/);
    fails(Buffer.concat([chunk(text('abc')), Buffer.from([0x05])]), 3, /chunk header cut off/);
  });

  it('a copy reaching before the start of its chunk', () => {
    fails(chunk([{ back: 1, length: 3 }]), 3, /reaches before the chunk's start \(0 bytes given\)/);
    fails(chunk([...text('abc'), { back: 4, length: 3 }]), 6, /copy from 4 bytes back/);
    // Chunks are independent: the second cannot copy from the first.
    const first = withHeader(Buffer.alloc(4096, 0x41), false);
    fails(Buffer.concat([first, chunk([...text('b'), { back: 2, length: 3 }])]), 4100, /copy from 2 bytes back reaches before/);
  });

  it('a bad chunk header: wrong signature', () => {
    fails(withHeader(Buffer.from([0, 0x61]), true, 0), 1, /header 0x8001 lacks the signature 3/);
    fails(withHeader(Buffer.from('x'), false, 7), 1, /lacks the signature/);
  });

  it('size mismatch: less or more data than stated, chunk rules broken', () => {
    fails(chunk(text('abc')), 4, /decompresses to 3 bytes, not the stated 4/);
    fails(chunk(text('abcd')), 3, /runs past the stated size of 3 bytes/);
    fails(chunk([...text('ab'), { back: 2, length: 10 }]), 11, /runs past the stated size of 11/);
    fails(withHeader(Buffer.from('abcd'), false), 3, /runs past the stated size of 3/);
    // A chunk giving fewer than 4096 bytes followed by another.
    fails(Buffer.concat([chunk(text('ab')), chunk(text('cd'))]), 4, /the chunk before this one gave 2 bytes/);
    // A chunk giving more than 4096 bytes.
    fails(chunk([...text('x'), { back: 1, length: 4095 }, ...text('y')]), 8192, /chunk gives more than 4096 bytes/);
  });

  it('never allocates what the input cannot give, nor past the cap', () => {
    // Six input bytes hold at most two chunks.
    fails(chunk(text('abc')), 8193, /a decompressed size of 8193 bytes is impossible for 6 bytes of input \(at most 8192\)/);
    const big = Buffer.alloc(1_000_000);
    fails(big, LZNT1_MAX_OUTPUT + 1, /impossible .* \(at most 1048576\)/);
    fails(big, -1, /impossible/);
    fails(big, 1.5, /impossible/);
    // A header word of zeros at the start: no data.
    fails(big, 10, /decompresses to 0 bytes, not the stated 10/);
  });

  it('returns exactly the stated size', () => {
    const out = decompressLznt1(chunk(text('abc')), 0, 6, 3);
    expect(out.length).toBe(3);
  });
});
