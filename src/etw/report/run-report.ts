/**
 * The report pipeline: open the inputs, read records in time order, drop those
 * the run's record filter rejects (before any decoding), decode a record's
 * payload only when a sink that accepts it needs it (once, shared by all
 * sinks), and feed every sink. Reports progress and the reader's warnings
 * through callbacks, and yields to the event loop now and then so that SIGINT
 * is handled promptly. Knows nothing of oclif or the console.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EtlReader, type EtlFileInfo } from '../etl/reader.js';
import type { EtlWarning } from '../etl/errors.js';
import type { EtlRecord } from '../etl/record.js';
import type { EventSink } from '../render/sink.js';
import type { PayloadDecoder } from '../schema/types.js';
import { recordFeeder } from './record-feeder.js';

export interface ReportProgress {
  /** Estimated bytes read so far, over all inputs. */
  bytesRead: number;
  totalBytes: number;
  records: number;
}

/** The inputs and console callbacks of a pass over them (this one and the count pass). */
export interface PassOptions {
  paths: string[];
  /** Called once after opening, before any record (e.g. to warn about lost events). */
  onOpen?: (files: EtlFileInfo[]) => void;
  onWarning?: (w: EtlWarning) => void;
  /** Called every `progressEvery` records and once at the end. */
  onProgress?: (p: ReportProgress) => void;
  progressEvery?: number;
  /** Build the record filter once the inputs are open (--provider, --level, …); records it rejects reach no sink. */
  makeFilter?: (files: EtlFileInfo[]) => ((r: EtlRecord) => boolean) | null;
}

export interface ReportRunOptions extends PassOptions {
  /** Build the sinks once the inputs are open (they may need the file facts or the decoder). */
  makeSinks: (files: EtlFileInfo[], decoder: PayloadDecoder) => EventSink[];
  /** Build the decoder once the inputs are open. */
  makeDecoder: (files: EtlFileInfo[]) => PayloadDecoder;
}

export interface ReportRun {
  records: number;
  files: EtlFileInfo[];
  warnings: EtlWarning[];
}

export async function runReport(o: ReportRunOptions): Promise<ReportRun> {
  const reader = EtlReader.open(o.paths, { onWarning: o.onWarning });
  try {
    const files = reader.files;
    o.onOpen?.(files);
    const decoder = o.makeDecoder(files);
    const accept = o.makeFilter?.(files) ?? null;
    const sinks = o.makeSinks(files, decoder);
    const ctx = { files };
    for (const s of sinks) s.begin(ctx);

    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const reached = files.map(() => 0);
    const every = o.progressEvery ?? 65536;
    const progress = o.onProgress;

    const feed = recordFeeder(sinks, decoder, accept);
    const it = reader.records();
    let records = 0;
    let last: EtlRecord | null = null;
    /**
     * Feed up to `batch` records to the sinks synchronously; false when the input is exhausted.
     * The loop keeps the record in a local: stored per record in the closure's variables (an old
     * object), a new record cost V8's write barrier its slow path each time.
     */
    const pump = (batch: number): boolean => {
      let n = 0;
      let record: EtlRecord | null = null;
      for (; n < batch; n++) {
        const next = it.nextRecord();
        if (next === null) break;
        record = next;
        feed(record);
      }
      records += n;
      if (record !== null) last = record;
      return n === batch;
    };
    while (pump(every)) {
      // Let signal handlers run (SIGINT removes the temporary outputs) during long runs.
      await yieldToEventLoop();
      if (progress === undefined || last === null) continue;
      const record: EtlRecord = last;
      const end = record.bufferOffset + (files[record.fileIndex]?.header.bufferSize ?? 0);
      if (end > reached[record.fileIndex]!) reached[record.fileIndex] = end;
      let bytesRead = 0;
      for (let i = 0; i < files.length; i++) bytesRead += Math.min(reached[i]!, files[i]!.size);
      progress({ bytesRead, totalBytes, records });
    }
    for (const s of sinks) await s.end();
    progress?.({ bytesRead: totalBytes, totalBytes, records });
    return { records, files, warnings: reader.warnings };
  } finally {
    reader.close();
  }
}
