/**
 * Opening .etl files and reading all their records in time order: the index
 * pass over buffer headers, one stream per processor (per file), and a k-way
 * merge by converted timestamp (docs/architecture.md F1). Memory holds about one
 * buffer per processor, never the whole file.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { BUFFER_HEADER_SIZE, BUFFER_TYPE_HEADER, BufferFlag } from './buffer-header.js';
import { indexBuffers, type BufferEntry } from './buffer-index.js';
import { checkBufferSequence } from './buffer-sequence.js';
import { ClockConverter } from './clock.js';
import { CpuStream } from './cpu-stream.js';
import { MinHeap } from './min-heap.js';
import { allotStreamMemory, STREAM_MEMORY_BUDGET } from './stream-memory.js';
import { EtlInputError, type EtlWarning } from './errors.js';
import { readRecord, RecordDamage } from './event-header.js';
import { LOGFILE_BUFFERS_WRITTEN, parseLogfileHeader, type LogfileHeader } from './logfile-header.js';
import { recordBefore } from './merge-order.js';
import type { EtlRecord } from './record.js';

export interface EtlFileInfo {
  path: string;
  fileIndex: number;
  size: number;
  header: LogfileHeader;
  /** Raw timestamp of the log-file header record (the clock anchor). */
  anchorRaw: bigint;
  /** Pointer size of the header record (4 for SYSTEM32, 8 for SYSTEM64). */
  headerPointerSize: 4 | 8;
  /** Buffers found by the index pass. */
  buffers: number;
  compressedBuffers: number;
  /** Buffers flagged EVENTS_LOST or BUFFER_LOST. */
  buffersFlaggedLost: number;
  /** Processor streams (distinct ProcessorIndex values). */
  processors: number;
  /** Buffers the file's own facts (sequence numbers, BuffersWritten) show to be missing. */
  buffersMissing: number;
  /** Damaged regions met so far (each one a warning): grows while the records are read. */
  damagedRegions: number;
}

export interface ReadOptions {
  /** Called once per damaged region; the reader goes on. */
  onWarning?: (w: EtlWarning) => void;
  /**
   * The index pass's result for these same files, from another reader (EtlReader.index()): the
   * files are opened without reading their buffer headers again, and without its warnings (the
   * reader that made the index has given them).
   */
  index?: FileIndex[];
  /** Have the index pass note each buffer's first record time (BufferEntry.firstTime), for CpuStream.firstKeyOf. */
  firstTimes?: boolean;
}

/** What the index pass learned of one file: its facts and its buffers (after the sequence checks). */
export interface FileIndex {
  info: EtlFileInfo;
  buffers: BufferEntry[];
}

interface OpenFile {
  info: EtlFileInfo;
  fd: number;
  buffers: BufferEntry[];
  clock: ClockConverter;
}

function checkInput(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EtlInputError(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot open (${code})`);
  }
  if (st.isDirectory()) throw new EtlInputError(path, 'is a directory, not an .etl file');
  if (!st.isFile()) throw new EtlInputError(path, 'is not a regular file');
  if (st.size === 0) throw new EtlInputError(path, 'is empty');
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw new EtlInputError(path, `cannot open (${(e as NodeJS.ErrnoException).code})`);
  }
}

/** Read the first buffer's log-file header record; anything else means "not an .etl file". */
function readFirstHeader(fd: number, size: number, path: string): { header: LogfileHeader; anchorRaw: bigint; pointerSize: 4 | 8 } {
  const notEtl = (why: string) => new EtlInputError(path, `is not an .etl file (${why})`);
  if (size < BUFFER_HEADER_SIZE + 0x20) throw notEtl(`only ${size} bytes`);
  const first = Buffer.alloc(Math.min(size, 0x10000));
  readSync(fd, first, 0, first.length, 0);
  const bufferSize = first.readUInt32LE(0);
  const filled = first.readUInt32LE(0x30);
  if (bufferSize < BUFFER_HEADER_SIZE || filled < BUFFER_HEADER_SIZE) throw notEtl('no ETW buffer header at offset 0x0');
  const marker = first.readUInt32LE(BUFFER_HEADER_SIZE);
  const type = (marker >>> 16) & 0xff;
  if ((marker >>> 24 & 0xc0) !== 0xc0 || (type !== 0x01 && type !== 0x02) || first.readUInt16LE(BUFFER_HEADER_SIZE + 6) !== 0) {
    throw notEtl('no log-file header record at offset 0x48');
  }
  const end = Math.min(filled, first.length, bufferSize);
  const r = readRecord(first, BUFFER_HEADER_SIZE, end, { cpu: 0, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false });
  if (r instanceof RecordDamage) throw notEtl(`log-file header record at offset 0x48: ${r.reason}`);
  const header = parseLogfileHeader(r.payload, r.pointerSize, path, BUFFER_HEADER_SIZE + 0x20);
  return { header, anchorRaw: r.rawTime, pointerSize: r.pointerSize };
}

/** An opened set of .etl files whose records can be read in time order. */
export class EtlReader {
  readonly files: EtlFileInfo[] = [];
  readonly warnings: EtlWarning[] = [];
  private readonly open: OpenFile[] = [];
  private closed = false;

  private constructor(private readonly options: ReadOptions) {}

  /** Open and index every file; throws EtlInputError naming the first file that cannot be read. */
  static open(paths: string[], options: ReadOptions = {}): EtlReader {
    const reader = new EtlReader(options);
    try {
      paths.forEach((p, i) => reader.openOne(p, i));
      const epoch = reader.files.reduce((m, f) => (f.header.startTime < m ? f.header.startTime : m), reader.files[0]!.header.startTime);
      for (const f of reader.open) f.clock.setEpoch(epoch);
    } catch (e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private warn = (w: EtlWarning): void => {
    this.warnings.push(w);
    this.options.onWarning?.(w);
  };

  private openOne(path: string, fileIndex: number): void {
    const fd = checkInput(path);
    const known = this.options.index?.[fileIndex];
    if (known !== undefined) {
      const info: EtlFileInfo = { ...known.info };
      if (info.path !== path || fstatSync(fd).size !== info.size) {
        closeSync(fd);
        throw new EtlInputError(path, 'the file changed while it was being reported (its size differs from when it was indexed)');
      }
      this.files.push(info);
      this.open.push({ info, fd, buffers: known.buffers, clock: new ClockConverter(info.header, info.anchorRaw) });
      return;
    }
    try {
      const size = fstatSync(fd).size;
      const { header, anchorRaw, pointerSize } = readFirstHeader(fd, size, path);
      let damage = 0;
      const warn = (w: EtlWarning) => { damage++; this.warn(w); };
      const indexed = indexBuffers(fd, size, path, { bufferSize: header.bufferSize, logFileMode: header.logFileMode }, warn, this.options.firstTimes ?? false);
      const sequence = checkBufferSequence(indexed.buffers, {
        buffersWritten: header.buffersWritten, logFileMode: header.logFileMode, unwrittenTail: indexed.unwrittenTail,
        fileSize: size, maximumFileSize: header.maximumFileSize,
        buffersWrittenOffset: BUFFER_HEADER_SIZE + 0x20 + LOGFILE_BUFFERS_WRITTEN,
      }, path, warn);
      const buffers = sequence.buffers;
      const first = buffers[0];
      if (first && first.header.bufferType !== BUFFER_TYPE_HEADER && first.header.bufferType !== 0) {
        warn({ file: path, offset: 0, message: `first buffer has type ${first.header.bufferType}, not HEADER (4)` });
      }
      const cpus = new Set(buffers.map((b) => b.header.processorIndex));
      const info: EtlFileInfo = {
        path, fileIndex, size, header, anchorRaw, headerPointerSize: pointerSize,
        buffers: buffers.length,
        compressedBuffers: buffers.filter((b) => b.compressed).length,
        buffersFlaggedLost: buffers.filter((b) => b.header.bufferFlag & (BufferFlag.EVENTS_LOST | BufferFlag.BUFFER_LOST)).length,
        processors: cpus.size,
        buffersMissing: sequence.missing,
        damagedRegions: damage,
      };
      this.files.push(info);
      this.open.push({ info, fd, buffers, clock: new ClockConverter(header, anchorRaw) });
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** The index pass's result for every file, to open the same files again without it (ReadOptions.index). */
  index(): FileIndex[] {
    return this.open.map((f) => ({ info: f.info, buffers: f.buffers }));
  }

  /**
   * All records of all files, merged in time order (ties: file, buffer sequence,
   * position in buffer). A record's payload stays valid until the next one is requested.
   */
  records(): RecordIterator {
    const streams: CpuStream[] = [];
    for (const s of this.streams()) {
      s.advance();
      if (s.head) streams.push(s);
    }
    return new RecordMerge(new MinHeap(before, streams));
  }

  /**
   * One stream per file and processor, each holding that processor's buffers in
   * sequence order (the header buffer counts as processor 0's). records() merges
   * them; the count pass (src/etw/report/count-pass.ts) walks them one by one.
   */
  streams(): CpuStream[] {
    const lists: Array<{ f: OpenFile; list: BufferEntry[]; need: number }> = [];
    for (const f of this.open) {
      const byCpu = new Map<number, BufferEntry[]>();
      for (const b of f.buffers) {
        const cpu = b.header.bufferType === BUFFER_TYPE_HEADER && b.header.sequenceNumber === 0n ? 0 : b.header.processorIndex;
        let list = byCpu.get(cpu);
        if (!list) byCpu.set(cpu, (list = []));
        list.push(b);
      }
      for (const list of byCpu.values()) {
        list.sort((a, b) => (a.header.sequenceNumber < b.header.sequenceNumber ? -1 : a.header.sequenceNumber > b.header.sequenceNumber ? 1 : a.offset - b.offset));
        let need = 0;
        for (const b of list) need = Math.max(need, b.validEnd);
        lists.push({ f, list, need });
      }
    }
    const allot = allotStreamMemory(lists.map((l) => l.need));
    // Buffers beyond their stream's share: one warning per file, at the first of them.
    const over = new Map<OpenFile, { first: BufferEntry; skipped: number; streams: number; claim: number; share: number }>();
    const streams = lists.map(({ f, list, need }, i) => {
      const info = f.info;
      const warn = (w: EtlWarning) => { info.damagedRegions++; this.warn(w); };
      const share = allot[i]!;
      let kept = list;
      if (share < need) {
        kept = list.filter((b) => b.validEnd <= share);
        const first = list.find((b) => b.validEnd > share)!;
        const o = over.get(f) ?? { first, skipped: 0, streams: 0, claim: 0, share };
        if (first.offset < o.first.offset) o.first = first;
        o.skipped += list.length - kept.length;
        o.streams++;
        o.claim = Math.max(o.claim, need);
        o.share = Math.min(o.share, share);
        over.set(f, o);
      }
      return new CpuStream({ path: info.path, fd: f.fd, fileIndex: info.fileIndex, clock: f.clock, warn }, kept);
    });
    for (const [f, o] of over) {
      f.info.buffersMissing += o.skipped;
      f.info.damagedRegions++;
      this.warn({
        file: f.info.path, offset: o.first.offset,
        message: `buffers of ${o.streams} processor stream(s) claim up to ${o.claim} bytes each; with ${lists.length} streams read at once `
          + `the ${STREAM_MEMORY_BUDGET / 1048576} MiB memory limit leaves each as little as ${o.share}: ${o.skipped} buffer(s) skipped, the first here`,
      });
    }
    return streams;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.open) closeSync(f.fd);
  }
}

/** The records of EtlReader.records(): an iterator, and the same records one call each without a result object. */
export interface RecordIterator extends IterableIterator<EtlRecord> {
  /** The next record, or null when there is none (the report's loop: no result object to store it in). */
  nextRecord(): EtlRecord | null;
}

/**
 * The k-way merge as a plain iterator (a generator's resume cost showed per record):
 * the stream whose head was handed out advances when the next record is asked for.
 * The result object is reused; read `value` before asking again. nextRecord() gives
 * the record alone: storing each new record in the reused (old) result object cost
 * V8's write barrier its slow path per record.
 */
class RecordMerge implements RecordIterator {
  private pending: CpuStream | null = null;
  private readonly result: IteratorResult<EtlRecord> = { done: false, value: null as never };

  constructor(private readonly heap: MinHeap<CpuStream>) {}

  [Symbol.iterator](): IterableIterator<EtlRecord> {
    return this;
  }

  next(): IteratorResult<EtlRecord> {
    const r = this.nextRecord();
    if (r === null) return DONE;
    this.result.value = r;
    return this.result;
  }

  nextRecord(): EtlRecord | null {
    const heap = this.heap;
    const s = this.pending;
    if (s !== null) {
      s.advance();
      if (s.head) heap.fixTop();
      else heap.pop();
    }
    if (heap.size === 0) {
      this.pending = null;
      return null;
    }
    const top = heap.top();
    this.pending = top;
    return top.head;
  }
}
const DONE: IteratorResult<EtlRecord> = Object.freeze({ done: true, value: undefined });

/** a's head before b's? */
function before(a: CpuStream, b: CpuStream): boolean {
  if (a.headKey !== b.headKey) return a.headKey < b.headKey;
  const x = a.head!, y = b.head!;
  return recordBefore(a.headKey, x.fileIndex, a.headSeq, x.offsetInBuffer, b.headKey, y.fileIndex, b.headSeq, y.offsetInBuffer);
}
