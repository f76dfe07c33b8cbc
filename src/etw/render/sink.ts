/**
 * The sink contract: every output format (XML dump, CSV, summary, JSON lines,
 * report) is fed one event at a time, in time order, and knows nothing of the
 * .etl format.
 */
import type { EtlRecord } from '../etl/record.js';
import type { EtlFileInfo } from '../etl/reader.js';
import type { DecodedPayload } from '../schema/types.js';

export interface DecodedEvent {
  record: EtlRecord;
  /** Null when the sink asked for no payload decoding (e.g. summary only). */
  decoded: DecodedPayload | null;
}

export interface SinkContext {
  /** The input files in command-line order (record.fileIndex indexes this). */
  files: EtlFileInfo[];
}

export interface EventSink {
  /** Does this sink need payloads decoded? (The summary does not.) */
  readonly needsPayload: boolean;
  /** Optional filter: when present, only records it accepts are written (and decoded) for this sink. */
  accepts?(record: EtlRecord): boolean;
  begin(ctx: SinkContext): void;
  write(ev: DecodedEvent): void;
  /** Flush and finish: a sink that owns an OutputFile commits it here (the temporary file is renamed into place). */
  end(): void | Promise<void>;
}
