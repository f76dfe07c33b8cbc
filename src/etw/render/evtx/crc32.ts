/**
 * The CRC-32 that EVTX headers carry (the common one of RFC 1952 / zlib, initial
 * value 0), over a byte range. Node >= 22 computes it in native code.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

/** CRC-32 of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  return zlibCrc32(bytes.subarray(start, end), initial) >>> 0;
}
