/**
 * One 64 KiB EVTX chunk, filled record by record in a reused buffer. Layout
 * (little-endian, offsets from the chunk start):
 *
 *   0   "ElfChnk\0"
 *   8   first / 16 last event record number (u64)
 *   24  first / 32 last event record identifier (u64)
 *   40  header size (u32, 128)
 *   44  offset of the last record   48  free-space offset (end of the records)
 *   52  CRC-32 of the records (512 .. free-space offset)
 *   120 flags (u32, 0)               124 CRC-32 of bytes 0..119 and 128..511
 *   128 common-string table: 64 offsets, the heads of chains of names by hash % 64
 *   384 template table: 32 offsets, the heads of chains of template definitions by id % 32
 *   512 event records
 *
 * Names and template definitions live inside the records, each written in full
 * where a chunk first uses it and referred to by its chunk offset afterwards,
 * so they are the chunk's own: a record is encoded for one chunk. A record that
 * does not fit is rolled back (with the names and templates it added) and the
 * caller starts a new chunk. The chains through the tables are linked when the
 * chunk is finished, through each name's and definition's "next" field.
 */
import { crc32 } from './crc32.js';

export const CHUNK_SIZE = 0x10000;
export const CHUNK_HEADER_SIZE = 512;
/**
 * Where records must end. libevtx (evtxexport 20181227) skips a chunk's last
 * record when fewer than 4 bytes of the chunk follow it (measured: records
 * ending 1-3 bytes before the end were missing from its export, 4 or more were
 * read), so 8 bytes are kept free.
 */
const RECORDS_END = CHUNK_SIZE - 8;
const STRING_TABLE = 128;
const TEMPLATE_TABLE = 384;
const STRING_BUCKETS = 64;
const TEMPLATE_BUCKETS = 32;

/** Thrown by `ensure` when a record would run past the end of the chunk (caught by the sink). */
export class ChunkFull extends Error {
  constructor() {
    super('the record does not fit in the chunk');
    this.name = 'ChunkFull';
  }
}
const CHUNK_FULL = new ChunkFull();

interface NameEntry {
  offset: number;
  hash: number;
}
interface TemplateEntry {
  offset: number;
  id: number;
}

export class ChunkBuilder {
  readonly buf = Buffer.alloc(CHUNK_SIZE);
  /** Where the next byte goes (chunk offset). */
  pos = CHUNK_HEADER_SIZE;
  /** Records in the chunk. */
  count = 0;
  private firstId = 0n;
  private lastId = 0n;
  private lastRecordOffset = 0;
  /** Name → where its name structure lies in this chunk. */
  private readonly names = new Map<string, NameEntry>();
  /** Shape key → where its template definition lies in this chunk. */
  private readonly templates = new Map<string, TemplateEntry>();
  /** What the record being written added (removed again if it does not fit). */
  private readonly addedNames: string[] = [];
  private readonly addedTemplates: string[] = [];
  private recordStart = 0;

  /** Make sure `n` more bytes fit; throws ChunkFull otherwise. */
  ensure(n: number): void {
    if (this.pos + n > RECORDS_END) throw CHUNK_FULL;
  }

  nameOffset(name: string): number | undefined {
    return this.names.get(name)?.offset;
  }

  addName(name: string, offset: number, hash: number): void {
    this.names.set(name, { offset, hash });
    this.addedNames.push(name);
  }

  templateOffset(key: string): number | undefined {
    return this.templates.get(key)?.offset;
  }

  addTemplate(key: string, offset: number, id: number): void {
    this.templates.set(key, { offset, id });
    this.addedTemplates.push(key);
  }

  /** Start a record at the current position. */
  beginRecord(): void {
    this.recordStart = this.pos;
    this.addedNames.length = 0;
    this.addedTemplates.length = 0;
  }

  /** The record written since beginRecord is complete. */
  commitRecord(id: bigint): void {
    if (this.count === 0) this.firstId = id;
    this.lastId = id;
    this.lastRecordOffset = this.recordStart;
    this.count++;
  }

  /** Drop the record written since beginRecord, with the names and templates it added. */
  rollbackRecord(): void {
    this.pos = this.recordStart;
    for (const n of this.addedNames) this.names.delete(n);
    for (const t of this.addedTemplates) this.templates.delete(t);
  }

  /** Complete the header, tables and checksums; the buffer then holds the whole chunk. */
  finish(): Buffer {
    const b = this.buf;
    b.fill(0, this.pos);
    b.fill(0, 0, CHUNK_HEADER_SIZE);
    const stringHeads = new Array<number>(STRING_BUCKETS).fill(0);
    for (const e of this.names.values()) {
      const bucket = e.hash % STRING_BUCKETS;
      b.writeUInt32LE(stringHeads[bucket]!, e.offset);
      stringHeads[bucket] = e.offset;
    }
    const templateHeads = new Array<number>(TEMPLATE_BUCKETS).fill(0);
    for (const e of this.templates.values()) {
      const bucket = e.id % TEMPLATE_BUCKETS;
      b.writeUInt32LE(templateHeads[bucket]!, e.offset);
      templateHeads[bucket] = e.offset;
    }
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeBigUInt64LE(this.firstId, 8);
    b.writeBigUInt64LE(this.lastId, 16);
    b.writeBigUInt64LE(this.firstId, 24);
    b.writeBigUInt64LE(this.lastId, 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(this.lastRecordOffset, 44);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(crc32(b, CHUNK_HEADER_SIZE, this.pos), 52);
    for (let i = 0; i < STRING_BUCKETS; i++) b.writeUInt32LE(stringHeads[i]!, STRING_TABLE + i * 4);
    for (let i = 0; i < TEMPLATE_BUCKETS; i++) b.writeUInt32LE(templateHeads[i]!, TEMPLATE_TABLE + i * 4);
    b.writeUInt32LE(crc32(b, 128, CHUNK_HEADER_SIZE, crc32(b, 0, 120)), 124);
    return b;
  }

  /** Empty the chunk for reuse. */
  reset(): void {
    this.pos = CHUNK_HEADER_SIZE;
    this.count = 0;
    this.lastRecordOffset = 0;
    this.names.clear();
    this.templates.clear();
  }
}
