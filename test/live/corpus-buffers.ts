/**
 * A corpus .etl file as a real-time session would deliver it to a buffer consumer:
 * its data buffers (every buffer after the first, which holds the log-file header),
 * per processor in sequence order, interleaved across processors (and sessions) by a
 * seeded shuffle; the session's TRACE_LOGFILE_HEADER and the clock reading that makes
 * the live clock convert raw times exactly as the file's does.
 */
import { readFileSync } from 'node:fs';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { hostTraceLogfileLayout } from '../../src/etw/control/api/trace-logfile.js';
import { etlPath } from '../support/corpus.js';

export interface CorpusSession {
  path: string;
  /** The fixed part of the file's TRACE_LOGFILE_HEADER (what the open call reports). */
  header: Buffer;
  /** QueryPerformanceCounter and system time "read at open": the file's clock anchor. */
  clock: { qpc: bigint; fileTime: bigint };
  /** Data buffers per processor, each list in sequence-number order. */
  byCpu: Map<number, Buffer[]>;
  /** For each record the file reader yields, in its order: does it lie in the first buffer? */
  inFirstBuffer: boolean[];
}

export function corpusSession(stem: string): CorpusSession {
  const path = etlPath(stem);
  const etl = readFileSync(path);
  const reader = EtlReader.open([path]);
  const f = reader.files[0]!;
  const inFirstBuffer: boolean[] = [];
  for (const r of reader.records()) inFirstBuffer.push(r.bufferOffset === 0);
  reader.close();
  const byCpu = new Map<number, Array<{ seq: bigint; b: Buffer }>>();
  let at = etl.readUInt32LE(0); // after the header buffer
  while (at + 0x48 <= etl.length) {
    const size = etl.readUInt32LE(at);
    if (size < 0x48) break;
    const b = Buffer.from(etl.subarray(at, at + size));
    const cpu = b.readUInt16LE(0x28) & 0x7ff;
    byCpu.set(cpu, [...(byCpu.get(cpu) ?? []), { seq: b.readBigInt64LE(0x18), b }]);
    at += size;
  }
  const sorted = new Map([...byCpu].map(([cpu, list]) => [cpu, list.sort((x, y) => (x.seq < y.seq ? -1 : x.seq > y.seq ? 1 : 0)).map((x) => x.b)]));
  const headerAt = 0x48 + 0x20; // after the log-file header record's system header
  return {
    path, byCpu: sorted, inFirstBuffer,
    header: Buffer.from(etl.subarray(headerAt, headerAt + hostTraceLogfileLayout().headerSize)),
    clock: { qpc: f.anchorRaw, fileTime: f.header.startTime },
  };
}

/** A small seeded generator (LCG), so a failing interleaving can be replayed. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/**
 * Each stream's buffers in order, streams interleaved at random: returns, per key of
 * `streams`, the buffers in the order they are delivered overall, as [key, buffer] pairs.
 */
export function interleave<K>(streams: Map<K, Buffer[]>, random: () => number): Array<[K, Buffer]> {
  const left = [...streams].map(([k, list]) => ({ k, list: [...list] })).filter((s) => s.list.length > 0);
  const out: Array<[K, Buffer]> = [];
  while (left.length > 0) {
    const i = Math.floor(random() * left.length);
    const s = left[i]!;
    out.push([s.k, s.list.shift()!]);
    if (s.list.length === 0) left.splice(i, 1);
  }
  return out;
}
