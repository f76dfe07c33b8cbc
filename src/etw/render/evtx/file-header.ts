/**
 * The EVTX file header: the first 4096 bytes of the file, of which the first
 * 128 are used (little-endian):
 *
 *   0  "ElfFile\0"                 36  minor version (u16)    42  number of chunks (u16)
 *   8  first chunk number (u64)    38  major version (u16)    120 file flags (u32: 1 dirty, 2 full)
 *   16 last chunk number (u64)     40  header block size      124 CRC-32 of bytes 0..119
 *   24 next record identifier (u64)    (u16, 4096)
 *   32 header size (u32, 128)
 *
 * Version 3.1 is what Windows Vista and later write. The chunk count is a
 * 16-bit field, so a file holds at most 65535 chunks.
 */
import { crc32 } from './crc32.js';

export const FILE_HEADER_BLOCK = 4096;
const FILE_HEADER_SIZE = 128;
export const MAX_CHUNKS = 0xffff;

export interface FileHeaderFacts {
  /** Chunks written (0 for a file without records). */
  chunkCount: number;
  /** The identifier the next record would get (last written + 1). */
  nextRecordId: bigint;
}

export function fileHeader(facts: FileHeaderFacts): Buffer {
  if (facts.chunkCount > MAX_CHUNKS) throw new RangeError(`an EVTX file holds at most ${MAX_CHUNKS} chunks`);
  const b = Buffer.alloc(FILE_HEADER_BLOCK);
  b.write('ElfFile\0', 0, 'latin1');
  b.writeBigUInt64LE(0n, 8);
  b.writeBigUInt64LE(BigInt(Math.max(0, facts.chunkCount - 1)), 16);
  b.writeBigUInt64LE(facts.nextRecordId, 24);
  b.writeUInt32LE(FILE_HEADER_SIZE, 32);
  b.writeUInt16LE(1, 36);
  b.writeUInt16LE(3, 38);
  b.writeUInt16LE(FILE_HEADER_BLOCK, 40);
  b.writeUInt16LE(facts.chunkCount, 42);
  b.writeUInt32LE(0, 120);
  b.writeUInt32LE(crc32(b, 0, 120), 124);
  return b;
}
