/**
 * MS-XCA LZNT1 decompressor (docs/architecture.md F9), for payloads that carry
 * LZNT1 data whose decompressed size they state (the KernelTraceControl WinSAT
 * events, F13). Bounded: the output is allocated once at the stated size, which
 * may not exceed LZNT1_MAX_OUTPUT nor what the input could possibly expand to;
 * nothing is written past it, and every token consumes input, so malformed data
 * ends in an Lznt1Error, never in a hang or a large allocation.
 */

/** Never decompress more than this (1 MiB), whatever a payload states. */
export const LZNT1_MAX_OUTPUT = 1 << 20;

/** Bytes one chunk decompresses to (all chunks but the last: exactly this many). */
const CHUNK = 4096;

/** The signature every chunk header carries in bits 12–14. */
const SIGNATURE = 3;

export class Lznt1Error extends Error {
  /** @param inputOffset where in the compressed data (counted from its start) the problem lies */
  constructor(message: string, readonly inputOffset: number) {
    super(`LZNT1 data, byte ${inputOffset}: ${message}`);
    this.name = 'Lznt1Error';
  }
}

/**
 * Decompress `src[start, end)`, which must decompress to exactly `size` bytes
 * (a NUL header word, or the end of the input, ends the data). Returns a new
 * Buffer of `size` bytes; throws Lznt1Error on malformed input or any other size.
 */
export function decompressLznt1(src: Uint8Array, start: number, end: number, size: number): Buffer {
  // Each chunk takes at least 3 input bytes (header and one byte) and gives at most CHUNK bytes.
  const possible = Math.floor((end - start) / 3) * CHUNK;
  if (!Number.isInteger(size) || size < 0 || size > LZNT1_MAX_OUTPUT || size > possible) {
    throw new Lznt1Error(`a decompressed size of ${size} bytes is impossible for ${end - start} bytes of input (at most ${Math.min(possible, LZNT1_MAX_OUTPUT)})`, 0);
  }
  const out = Buffer.alloc(size);
  let ip = start;
  let op = 0;
  /** Bytes the previous chunk gave (-1 before the first). */
  let previous = -1;
  while (ip < end) {
    if (end - ip < 2) throw new Lznt1Error('chunk header cut off', ip - start);
    const header = src[ip]! | (src[ip + 1]! << 8);
    if (header === 0) break;
    if (((header >>> 12) & 7) !== SIGNATURE) {
      throw new Lznt1Error(`chunk header 0x${header.toString(16).padStart(4, '0')} lacks the signature 3 in bits 12-14`, ip - start);
    }
    const bodyStart = ip + 2;
    const bodyEnd = bodyStart + (header & 0xfff) + 1;
    if (bodyEnd > end) throw new Lznt1Error(`chunk of ${bodyEnd - bodyStart} bytes runs past the end of the data`, ip - start);
    if (previous >= 0 && previous < CHUNK) {
      throw new Lznt1Error(`the chunk before this one gave ${previous} bytes; only the last chunk may give fewer than ${CHUNK}`, ip - start);
    }
    const chunkStart = op;
    if ((header & 0x8000) !== 0) {
      op = decompressChunk(src, bodyStart, bodyEnd, out, op, start);
    } else {
      // Stored as is.
      const n = bodyEnd - bodyStart;
      if (op + n > size) throw new Lznt1Error(`data runs past the stated size of ${size} bytes`, bodyStart - start);
      out.set(src.subarray(bodyStart, bodyEnd), op);
      op += n;
    }
    previous = op - chunkStart;
    ip = bodyEnd;
  }
  if (op !== size) throw new Lznt1Error(`data decompresses to ${op} bytes, not the stated ${size}`, ip - start);
  return out;
}

/**
 * One compressed chunk body src[ip, end) into out from `op`: groups of a flag
 * byte and up to eight tokens (bit 0 first), a clear bit a literal byte, a set
 * bit a 16-bit copy token. A copy token's high bits hold displacement − 1 and
 * its low bits length − 3; the displacement takes 4 bits while the chunk has
 * given at most 16 bytes and one bit more each time that count doubles past
 * it (12 bits from 2049 bytes on), so a copy never reaches before the chunk.
 * Returns the output position after the chunk.
 */
function decompressChunk(src: Uint8Array, ip: number, end: number, out: Buffer, op: number, base: number): number {
  const chunkStart = op;
  const chunkLimit = chunkStart + CHUNK;
  const size = out.length;
  while (ip < end) {
    const flags = src[ip++]!;
    for (let bit = 0; bit < 8 && ip < end; bit++) {
      if (((flags >>> bit) & 1) === 0) {
        if (op >= size) throw new Lznt1Error(`data runs past the stated size of ${size} bytes`, ip - base);
        if (op >= chunkLimit) throw new Lznt1Error(`chunk gives more than ${CHUNK} bytes`, ip - base);
        out[op++] = src[ip++]!;
        continue;
      }
      if (end - ip < 2) throw new Lznt1Error('copy token cut off', ip - base);
      const token = src[ip]! | (src[ip + 1]! << 8);
      const given = op - chunkStart;
      let displacementBits = 4;
      while (1 << displacementBits < given) displacementBits++;
      const lengthBits = 16 - displacementBits;
      const length = (token & ((1 << lengthBits) - 1)) + 3;
      const displacement = (token >>> lengthBits) + 1;
      if (displacement > given) {
        throw new Lznt1Error(`copy from ${displacement} bytes back reaches before the chunk's start (${given} bytes given)`, ip - base);
      }
      if (op + length > size) throw new Lznt1Error(`data runs past the stated size of ${size} bytes`, ip - base);
      if (op + length > chunkLimit) throw new Lznt1Error(`chunk gives more than ${CHUNK} bytes`, ip - base);
      ip += 2;
      // Byte by byte: a copy may overlap the bytes it produces (a run).
      for (let from = op - displacement, stop = op + length; op < stop;) out[op++] = out[from++]!;
    }
  }
  return op;
}
