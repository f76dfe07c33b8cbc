/**
 * The dump formats of `-of`, in one table: for each, the other name `-of` knows it
 * by, the extension of its default file name (`dumpfile.<ext>`, docs/architecture.md
 * F10), whether it can go to standard output, and the sink that writes it, in a
 * plain run and in a `--docker` run (Docker lines only). A new output format is
 * one entry here and its sink in render/. EVTX's sink (render/evtx/, a dozen
 * modules) is imported only by a run that writes EVTX (prepareDumpFormat), which
 * it does on the main thread alone: EVTX cannot stream, so it is never sliced.
 */
import { CsvDumpSink } from '../render/csv-dump.js';
import { DockerTableSink } from '../render/docker-table.js';
import type { EvtxSink } from '../render/evtx/evtx-sink.js';
import { FilteredSink } from '../render/filtered-sink.js';
import { JsonlSink } from '../render/jsonl.js';
import type { LocalTime } from '../render/local-time.js';
import type { OutputFile } from '../render/output-file.js';
import type { EventSink } from '../render/sink.js';
import { TextDumpSink } from '../render/text-dump.js';
import { XmlDumpSink } from '../render/xml-dump.js';
import { isDockerRecord } from '../schema/docker-message.js';

export type DumpFormat = 'XML' | 'CSV' | 'JSONL' | 'TXT' | 'EVTX';

/** What the sinks take from the run's plan. */
export interface DumpSinkSettings {
  /** -rts: raw timestamps instead of times. */
  rawTimestamp: boolean;
  /** The zone of local times; null for UTC. */
  localTime: LocalTime | null;
  /** The -of TXT line prefix; null for tracefmt's. */
  prefix: string | null;
  /** One warning line (EVTX says what it had to change). */
  warn: (text: string) => void;
}

interface DumpFormatEntry {
  extension: string;
  /** Another name -of accepts (upper case), or null. */
  alias: string | null;
  /** Can be written to standard output (`-o -`): EVTX writes its file header last, so it cannot. */
  streams: boolean;
  /**
   * Stored bytes of input per time slice when several threads render (slice-plan.ts): what renders to a
   * few MB of this format, so the slices a thread holds before they are written stay small. On the
   * bench's kernel trace XML writes about 7 bytes per input byte, JSON lines 4, CSV 1.2; at 2 MiB an
   * XML run of two threads peaked at 335 MB, at 1 MiB at 233 MB for the same CPU time.
   */
  sliceBytes: number;
  sink: (out: OutputFile, s: DumpSinkSettings) => EventSink;
  /** The sink of a --docker run; it sees only Docker lines. */
  dockerSink: (out: OutputFile, s: DumpSinkSettings) => EventSink;
}

const xml = (out: OutputFile, s: DumpSinkSettings) => new XmlDumpSink(out, { rawTimestamp: s.rawTimestamp, localTime: s.localTime });
const text = (out: OutputFile, s: DumpSinkSettings) => new TextDumpSink(out, { prefix: s.prefix, localTime: s.localTime });
let evtxSink: typeof EvtxSink | null = null;
const evtx = (out: OutputFile, s: DumpSinkSettings) => {
  if (evtxSink === null) throw new Error('the EVTX sink is made before prepareDumpFormat imported it');
  return new evtxSink(out, { rawTimestamp: s.rawTimestamp, warn: s.warn });
};

export const DUMP_FORMATS: Readonly<Record<DumpFormat, DumpFormatEntry>> = {
  XML: { extension: 'xml', alias: null, streams: true, sliceBytes: 1 << 20, sink: xml, dockerSink: xml },
  CSV: {
    extension: 'csv', alias: null, streams: true, sliceBytes: 2 << 20,
    sink: (out, s) => new CsvDumpSink(out, { rawTimestamp: s.rawTimestamp }),
    dockerSink: (out, s) => new DockerTableSink(out, 'CSV', s.localTime),
  },
  JSONL: {
    extension: 'jsonl', alias: null, streams: true, sliceBytes: 1 << 20,
    sink: (out, s) => new JsonlSink(out, true, undefined, s.localTime),
    dockerSink: (out, s) => new DockerTableSink(out, 'JSONL', s.localTime),
  },
  TXT: { extension: 'txt', alias: 'TEXT', streams: true, sliceBytes: 1 << 20, sink: text, dockerSink: text },
  EVTX: { extension: 'evtx', alias: null, streams: false, sliceBytes: 2 << 20, sink: evtx, dockerSink: evtx },
};

/** The format `-of NAME` names (any case), or null. */
export function dumpFormatNamed(name: string): DumpFormat | null {
  const upper = name.toUpperCase();
  for (const [format, entry] of Object.entries(DUMP_FORMATS) as Array<[DumpFormat, DumpFormatEntry]>) {
    if (upper === format || upper === entry.alias) return format;
  }
  return null;
}

/** Imports what the sink of `format` needs beyond this module (EVTX's); before makeDumpSink of that format. */
export async function prepareDumpFormat(format: DumpFormat): Promise<void> {
  if (format === 'EVTX') evtxSink ??= (await import('../render/evtx/evtx-sink.js')).EvtxSink;
}

/** The sink writing the dump in `format`; with --docker it sees only Docker lines. */
export function makeDumpSink(format: DumpFormat, docker: boolean, out: OutputFile, s: DumpSinkSettings): EventSink {
  const entry = DUMP_FORMATS[format];
  return docker ? new FilteredSink(isDockerRecord, entry.dockerSink(out, s)) : entry.sink(out, s);
}
