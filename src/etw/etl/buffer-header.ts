/**
 * WMI_BUFFER_HEADER (docs/architecture.md F1): the 0x48-byte header of every buffer.
 */

export const BUFFER_HEADER_SIZE = 0x48;

export const BufferFlag = {
  FLUSH_MARKER: 0x0001,
  EVENTS_LOST: 0x0002,
  BUFFER_LOST: 0x0004,
  RTBACKUP_CORRUPT: 0x0008,
  RTBACKUP: 0x0010,
  PROC_INDEX: 0x0020,
  COMPRESSED: 0x0040,
} as const;

export const BUFFER_TYPE_HEADER = 4;

export interface BufferHeader {
  /** Bytes the buffer occupies in the file (stored size; compressed size for compressed buffers). */
  bufferSize: number;
  savedOffset: number;
  timeStamp: bigint;
  sequenceNumber: bigint;
  processorIndex: number;
  loggerId: number;
  state: number;
  /** End of valid data, header included (uncompressed size for compressed buffers). */
  filledBytes: number;
  bufferFlag: number;
  bufferType: number;
}

export function readBufferHeader(b: Buffer, o: number): BufferHeader {
  return {
    bufferSize: b.readUInt32LE(o),
    savedOffset: b.readUInt32LE(o + 0x04),
    timeStamp: b.readBigInt64LE(o + 0x10),
    sequenceNumber: b.readBigInt64LE(o + 0x18),
    processorIndex: b.readUInt16LE(o + 0x28) & 0x07ff,
    loggerId: b.readUInt16LE(o + 0x2a),
    state: b.readUInt32LE(o + 0x2c),
    filledBytes: b.readUInt32LE(o + 0x30),
    bufferFlag: b.readUInt16LE(o + 0x34),
    bufferType: b.readUInt16LE(o + 0x36),
  };
}
