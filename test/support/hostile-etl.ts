/**
 * Builds .etl files that claim more than they hold (issue 11, item 4): a small
 * file in compressed mode whose buffers, on many processor indexes, each
 * decompress (plain LZ77, etl-format.md §9) to a large run of records. Used by
 * the memory-limit test and by the fuzz mutators' decompression bombs.
 */
import { EtlBuilder, systemRecord } from './etl-builder.js';

/** LogFileMode bit EVENT_TRACE_COMPRESSED_MODE. */
const COMPRESSED_MODE = 0x04000000;

/** A plain-LZ77 stream of `record` (32 bytes) as literals, then one match repeating it up to `total` bytes. */
export function repeatingStream(record: Buffer, total: number): Buffer {
  if (record.length !== 32) throw new Error('the record must be 32 bytes (one flag word of literals)');
  const match = total - 32;
  const dword = Buffer.alloc(4);
  dword.writeUInt32LE(match - 3);
  const token = ((32 - 1) << 3) | 7;
  return Buffer.concat([
    Buffer.from([0, 0, 0, 0]), record,
    Buffer.from([0, 0, 0, 0x80]), Buffer.from([token & 0xff, token >>> 8, 0x0f, 0xff, 0, 0]), dword,
  ]);
}

export interface BombOptions {
  /** Processor indexes, one compressed buffer each (all read at once by the merge). */
  processors: number;
  /** Decompressed size each buffer claims and produces (FilledBytes), header included; rounded down to whole records. */
  filledBytes: number;
  /** The log-file header's BufferSize (at least filledBytes for the claim to be a legal one). */
  bufferSize?: number;
}

/** A compressed-mode file: the header buffer, then one bomb buffer per processor. */
export function compressedBomb(o: BombOptions): Buffer {
  const headerSize = 0x400;
  const b = new EtlBuilder({ cpus: Math.min(o.processors, 64), bufferSize: headerSize, logFileMode: 1 | COMPRESSED_MODE });
  const header = Buffer.from(b.build('sequence').subarray(0, headerSize));
  // The log-file header record's payload starts at 0x48 + 0x20: its BufferSize is the session's.
  header.writeUInt32LE(o.bufferSize ?? o.filledBytes, 0x68);
  header.writeUInt32LE(1 + o.processors, 0x68 + 0x24); // BuffersWritten
  const buffers = [header];
  const records = Math.floor((o.filledBytes - 0x48) / 32);
  const filled = 0x48 + records * 32;
  for (let cpu = 0; cpu < o.processors; cpu++) {
    const record = systemRecord({ cpu, raw: 5_000_000_000n + BigInt(cpu), hookId: 0x0524 });
    const body = repeatingStream(record, records * 32);
    const h = Buffer.alloc(0x48);
    h.writeUInt32LE(0x48 + body.length, 0);
    h.writeUInt32LE(0x48, 4);
    h.writeBigInt64LE(BigInt(cpu + 1), 0x18);
    h.writeUInt16LE(cpu, 0x28);
    h.writeUInt16LE(0x11, 0x2a);
    h.writeUInt32LE(filled, 0x30);
    h.writeUInt16LE(0x0060, 0x34); // COMPRESSED | PROC_INDEX
    buffers.push(h, body);
  }
  return Buffer.concat(buffers);
}
