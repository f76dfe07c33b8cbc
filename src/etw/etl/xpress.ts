/**
 * MS-XCA "Plain LZ77" (COMPRESSION_FORMAT_XPRESS) decompressor, used for ETL
 * buffers flagged ETW_BUFFER_FLAG_COMPRESSED (docs/architecture.md F9).
 */

export class XpressError extends Error {
  constructor(message: string, readonly inputOffset: number) {
    super(message);
    this.name = 'XpressError';
  }
}

/**
 * Decompress `src[srcStart, srcEnd)` into `dst[dstStart, dstStart + expected)`.
 * Returns the number of bytes produced; throws XpressError on malformed input
 * (a match reaching before the output start, a length field cut off).
 */
export function decompressPlainLz77(
  src: Uint8Array, srcStart: number, srcEnd: number,
  dst: Uint8Array, dstStart: number, expected: number,
): number {
  let ip = srcStart;
  let op = dstStart;
  const opEnd = dstStart + expected;
  let flags = 0;
  let flagCount = 0;
  let nibbleAt = -1; // position of the byte whose high nibble is still unused

  while (op < opEnd) {
    if (flagCount === 0) {
      if (ip + 4 > srcEnd) break;
      flags = (src[ip]! | (src[ip + 1]! << 8) | (src[ip + 2]! << 16) | (src[ip + 3]! << 24)) >>> 0;
      ip += 4;
      flagCount = 32;
    }
    flagCount--;
    if (((flags >>> flagCount) & 1) === 0) {
      if (ip >= srcEnd) break;
      dst[op++] = src[ip++]!;
      continue;
    }
    if (ip + 2 > srcEnd) break;
    const token = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    const offset = (token >>> 3) + 1;
    let len = token & 7;
    if (len === 7) {
      let nibble: number;
      if (nibbleAt < 0) {
        if (ip >= srcEnd) throw new XpressError('length nibble cut off', ip);
        nibble = src[ip]! & 15;
        nibbleAt = ip++;
      } else {
        nibble = src[nibbleAt]! >>> 4;
        nibbleAt = -1;
      }
      len = nibble;
      if (nibble === 15) {
        if (ip >= srcEnd) throw new XpressError('length byte cut off', ip);
        len = src[ip++]!;
        if (len === 255) {
          if (ip + 2 > srcEnd) throw new XpressError('length word cut off', ip);
          len = src[ip]! | (src[ip + 1]! << 8);
          ip += 2;
          if (len === 0) {
            if (ip + 4 > srcEnd) throw new XpressError('length dword cut off', ip);
            len = (src[ip]! | (src[ip + 1]! << 8) | (src[ip + 2]! << 16) | (src[ip + 3]! << 24)) >>> 0;
            ip += 4;
          }
          if (len < 22) throw new XpressError('match length underflow', ip);
          len -= 22;
        }
        len += 15;
      }
      len += 7;
    }
    len += 3;
    let from = op - offset;
    if (from < dstStart) throw new XpressError(`match offset ${offset} reaches before the start of the output`, ip - 2);
    const end = Math.min(op + len, opEnd);
    if (offset >= len) {
      dst.copyWithin(op, from, from + (end - op));
      op = end;
    } else {
      while (op < end) dst[op++] = dst[from++]!;
    }
  }
  return op - dstStart;
}
