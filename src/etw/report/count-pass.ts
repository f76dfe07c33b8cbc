/**
 * The count pass of summary-only runs. A summary's numbers — events per type, the
 * times of the first and last event, Docker lines — do not depend on the order in
 * which records are seen, so this pass walks the per-processor streams one after
 * another instead of merging them, and reads plain kernel records without
 * building them (CpuStream.scanNext). The one order-dependent fact, which record
 * of a type comes first in time (it names the type), is kept as that record's
 * place; those records are read again at the end and named in time order, as the
 * ordered pass names them. That equivalence needs every stream to be in time
 * order (the merged output then is too); when one is not, the pass gives up and
 * returns null, and the caller runs the ordered pass instead. It also gives up
 * when the trace carries a schema (an EventSource manifest) that the mismatch
 * check (or the record filter) registers on the way: which events it decodes
 * depends on time order. Records the filter rejects are not counted.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CpuStream, ScannedRecord } from '../etl/cpu-stream.js';
import { EtlReader, type EtlFileInfo } from '../etl/reader.js';
import { recordBefore } from '../etl/merge-order.js';
import type { EtlRecord } from '../etl/record.js';
import { DockerCounts } from '../render/docker-counts.js';
import { EventCounts, type EventTypeCount } from '../render/event-counts.js';
import type { PassOptions, ReportRun } from './run-report.js';
import type { SchemaMismatchCheck } from './schema-mismatch.js';

export interface CountPassOptions extends PassOptions {
  /** Build the namer once the inputs are open: names a type from its first record (in time order). */
  makeNamer: (files: EtlFileInfo[]) => (r: EtlRecord) => string;
  /** Build the check of payloads against their schemas (for the summary's Payload Mismatches). */
  makeMismatchCheck?: (files: EtlFileInfo[]) => SchemaMismatchCheck;
}

export interface CountPassResult extends ReportRun {
  counts: EventCounts;
  docker: DockerCounts;
  /** Events whose payload does not match their schema. */
  mismatches: number;
}

/** Where a record sits in the merged order, and how to read it again. */
class Place {
  key = 0;
  fileIndex = 0;
  seq = 0;
  offset = 0;
  stream: CpuStream | null = null;
  bufIndex = 0;
  rawLo = 0;
  rawHi = 0;
  opcode = 0;

  set(s: ScannedRecord, stream: CpuStream, fileIndex: number): void {
    this.key = s.timeKey;
    this.fileIndex = fileIndex;
    this.seq = s.seq;
    this.offset = s.offsetInBuffer;
    this.stream = stream;
    this.bufIndex = s.bufIndex;
    this.rawLo = s.rawLo;
    this.rawHi = s.rawHi;
    this.opcode = s.opcode ?? 0;
  }

  /** Does the scanned record come before this place in the merged order? */
  after(s: ScannedRecord, fileIndex: number): boolean {
    return recordBefore(s.timeKey, fileIndex, s.seq, s.offsetInBuffer, this.key, this.fileIndex, this.seq, this.offset);
  }

  read(): EtlRecord {
    return this.stream!.recordAt(this.bufIndex, this.offset, { lo: this.rawLo, hi: this.rawHi });
  }
}

interface TypeRow {
  providerId: string | null;
  id: number;
  version: number;
  count: number;
  first: Place;
}

/** Count every record of `paths`; null when a stream is out of time order (use the ordered pass). */
export async function runCountPass(o: CountPassOptions): Promise<CountPassResult | null> {
  const reader = EtlReader.open(o.paths, { onWarning: o.onWarning });
  try {
    const files = reader.files;
    o.onOpen?.(files);
    const nameOf = o.makeNamer(files);
    const check = o.makeMismatchCheck?.(files) ?? null;
    const accept = o.makeFilter?.(files) ?? null;
    let rejected = 0;
    const generation = check?.generation ?? 0;
    let mismatches = 0;
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const every = o.progressEvery ?? 65536;
    const streams = reader.streams();
    const docker = new DockerCounts();
    const byProvider = new Map<string | null, Map<number, TypeRow>>();
    const first = new Place();
    const last = new Place();
    const s: ScannedRecord = {
      kind: 'system', providerId: null, id: null, version: null, opcode: null, size: 0, payloadSize: 0, pointerSize: 8, rawLo: 0, rawHi: 0,
      timeKey: 0, seq: 0, offsetInBuffer: 0, bufIndex: 0, record: null,
    };
    let records = 0;
    let nextYield = every;
    let lastProvider: string | null | undefined = undefined;
    let lastKey = -1;
    let lastRow: TypeRow | null = null;
    for (const stream of streams) {
      const fileIndex = stream.fileIndex;
      let previousKey = -Infinity;
      while (stream.scanNext(s)) {
        if (s.timeKey < previousKey) return null;
        previousKey = s.timeKey;
        if (accept !== null && !accept(stream.recordOfScan(s))) {
          // The filter shows what it drops to the registry, which may register a schema the trace carries.
          if (check !== null && check.generation !== generation) return null;
          // Let signal handlers run also while the filter drops everything.
          if (++rejected % every === 0) await yieldToEventLoop();
          continue;
        }
        const kind = s.kind;
        const key = (kind !== 'event' && kind !== 'wpp' ? 0 : (s.id ?? 0)) * 0x10000 + (s.version ?? 0);
        let row: TypeRow;
        if (key === lastKey && s.providerId === lastProvider) row = lastRow!;
        else {
          let types = byProvider.get(s.providerId);
          if (types === undefined) byProvider.set(s.providerId, (types = new Map()));
          let found = types.get(key);
          if (found === undefined) {
            found = { providerId: s.providerId, id: Math.floor(key / 0x10000), version: key % 0x10000, count: 0, first: new Place() };
            found.first.set(s, stream, fileIndex);
            types.set(key, found);
          }
          row = found;
          lastProvider = s.providerId;
          lastKey = key;
          lastRow = row;
        }
        row.count++;
        if (row.first.after(s, fileIndex)) row.first.set(s, stream, fileIndex);
        if (records === 0 || first.after(s, fileIndex)) first.set(s, stream, fileIndex);
        if (records === 0 || !last.after(s, fileIndex)) last.set(s, stream, fileIndex);
        if (s.record !== null) docker.add(s.record);
        if (check !== null) {
          if (s.record !== null) {
            if (check.mismatch(s.record, null)) mismatches++;
          } else if (check.classHasSchema(s.providerId, s.opcode ?? 0)) {
            if (!check.fitsBySize(s) && check.mismatch(stream.recordOfScan(s), null)) mismatches++;
          }
          // A schema carried by the trace was registered: what it decodes depends on time order.
          if (check.generation !== generation) return null;
        }
        if (++records === nextYield) {
          nextYield += every;
          // Let signal handlers run (SIGINT removes the temporary outputs) during long runs.
          await yieldToEventLoop();
          let bytesRead = 0;
          for (const x of streams) bytesRead += x.loadedBytes;
          o.onProgress?.({ bytesRead: Math.min(bytesRead, totalBytes), totalBytes, records });
        }
      }
    }
    // Name each type from its first record, in time order, as the ordered pass does.
    const rows: TypeRow[] = [];
    for (const types of byProvider.values()) for (const row of types.values()) rows.push(row);
    rows.sort((a, b) => (a.first === b.first ? 0 : placeBefore(a.first, b.first) ? -1 : 1));
    const counted: EventTypeCount[] = rows.map((row) => ({
      providerId: row.providerId, id: row.id, version: row.version, firstOpcode: row.first.opcode, name: nameOf(row.first.read()), count: row.count,
    }));
    const firstTime = records === 0 ? null : first.read().fileTime;
    const lastTime = records === 0 ? null : last.read().fileTime;
    o.onProgress?.({ bytesRead: totalBytes, totalBytes, records });
    return { records, files, warnings: reader.warnings, counts: EventCounts.fromRows(counted, records, firstTime, lastTime), docker, mismatches };
  } finally {
    reader.close();
  }
}

function placeBefore(a: Place, b: Place): boolean {
  return recordBefore(a.key, a.fileIndex, a.seq, a.offset, b.key, b.fileIndex, b.seq, b.offset);
}
