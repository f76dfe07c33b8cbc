/**
 * The report pipeline: open the inputs, read records in time order, decode
 * payloads when a sink needs them, and feed every sink. Knows nothing of oclif.
 */
import { EtlReader } from '../etl/reader.js';
import type { EtlWarning } from '../etl/errors.js';
import type { EventSink } from '../render/sink.js';
import type { PayloadDecoder } from '../schema/types.js';

export interface ReportRun {
  records: number;
  warnings: EtlWarning[];
}

export async function runReport(
  paths: string[],
  makeSinks: (reader: EtlReader) => EventSink[],
  decoder: PayloadDecoder | null,
  onWarning?: (w: EtlWarning) => void,
): Promise<ReportRun> {
  const reader = EtlReader.open(paths, { onWarning });
  try {
    const sinks = makeSinks(reader);
    const ctx = { files: reader.files };
    for (const s of sinks) s.begin(ctx);
    const decode = decoder !== null && sinks.some((s) => s.needsPayload);
    let records = 0;
    for (const record of reader.records()) {
      const ev = { record, decoded: decode ? decoder!.decode(record) : null };
      for (const s of sinks) s.write(ev);
      records++;
    }
    for (const s of sinks) await s.end();
    return { records, warnings: reader.warnings };
  } finally {
    reader.close();
  }
}
