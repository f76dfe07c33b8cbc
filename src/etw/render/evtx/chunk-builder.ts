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

/** Names and template definitions are remembered across chunks, stamped with the chunk (generation) that holds them. */
const GENERATION = 0x10000;
/** Past this many remembered names or shapes the memory is emptied when a chunk ends. */
const REMEMBERED_LIMIT = 16384;

/**
 * Offsets of one kind of chunk-local item (names, template definitions): a map
 * kept across chunks whose values are generation * 0x10000 + offset, so a new
 * chunk starts by moving to the next generation rather than emptying the map.
 * (Emptying per-chunk maps left their discarded tables to the old generation of
 * V8's heap: the peak RSS of a 512 MiB kernel trace grew from 114 to 146 MB.)
 */
class ChunkItems {
  private readonly where = new Map<string, number>();
  private generation = 1;
  /** This chunk's items in the order added: key, offset, and the number its table bucket is taken from. */
  readonly keys: string[] = [];
  readonly offsets: number[] = [];
  readonly numbers: number[] = [];

  offset(key: string): number | undefined {
    const v = this.where.get(key);
    const base = this.generation * GENERATION;
    return v !== undefined && v >= base ? v - base : undefined;
  }

  add(key: string, offset: number, n: number): void {
    this.where.set(key, this.generation * GENERATION + offset);
    this.keys.push(key);
    this.offsets.push(offset);
    this.numbers.push(n);
  }

  /** Forget the items added since the chunk held `count` of them. */
  truncate(count: number): void {
    for (let i = count; i < this.keys.length; i++) this.where.delete(this.keys[i]!);
    this.keys.length = count;
    this.offsets.length = count;
    this.numbers.length = count;
  }

  nextChunk(): void {
    this.generation++;
    this.keys.length = 0;
    this.offsets.length = 0;
    this.numbers.length = 0;
    if (this.where.size > REMEMBERED_LIMIT) this.where.clear();
  }
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
  /** Names (bucket number: the name hash) and template definitions (bucket number: the template id) in this chunk. */
  private readonly names = new ChunkItems();
  private readonly templates = new ChunkItems();
  private readonly stringHeads = new Uint32Array(STRING_BUCKETS);
  private readonly templateHeads = new Uint32Array(TEMPLATE_BUCKETS);
  /** The state when the record being written began (restored if it does not fit). */
  private recordStart = 0;
  private namesAtStart = 0;
  private templatesAtStart = 0;

  /** Make sure `n` more bytes fit; throws ChunkFull otherwise. */
  ensure(n: number): void {
    if (this.pos + n > RECORDS_END) throw CHUNK_FULL;
  }

  nameOffset(name: string): number | undefined {
    return this.names.offset(name);
  }

  addName(name: string, offset: number, hash: number): void {
    this.names.add(name, offset, hash);
  }

  templateOffset(key: string): number | undefined {
    return this.templates.offset(key);
  }

  addTemplate(key: string, offset: number, id: number): void {
    this.templates.add(key, offset, id);
  }

  /** Start a record at the current position. */
  beginRecord(): void {
    this.recordStart = this.pos;
    this.namesAtStart = this.names.keys.length;
    this.templatesAtStart = this.templates.keys.length;
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
    this.names.truncate(this.namesAtStart);
    this.templates.truncate(this.templatesAtStart);
  }

  /** Complete the header, tables and checksums; the buffer then holds the whole chunk. */
  finish(): Buffer {
    const b = this.buf;
    b.fill(0, this.pos);
    b.fill(0, 0, CHUNK_HEADER_SIZE);
    const stringHeads = this.stringHeads.fill(0);
    const templateHeads = this.templateHeads.fill(0);
    for (const [items, heads] of [[this.names, stringHeads], [this.templates, templateHeads]] as const) {
      for (let i = 0; i < items.offsets.length; i++) {
        const bucket = items.numbers[i]! % heads.length;
        b.writeUInt32LE(heads[bucket]!, items.offsets[i]!);
        heads[bucket] = items.offsets[i]!;
      }
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
    this.names.nextChunk();
    this.templates.nextChunk();
  }
}
