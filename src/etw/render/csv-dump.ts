/**
 * The CSV dump (`-of CSV`) in tracerpt's column layout (docs/tracerpt.md §4):
 * the 20 header columns, then one cell per payload field after column 19
 * (string values quoted, numbers bare), PID/TID as `0x%08X`, Keyword as
 * `0x%016X`, Clock-Time as the FILETIME integer. Unlike tracerpt, cells are
 * not padded with spaces, so every file is plain RFC 4180 (CRLF rows).
 * Streams one row per event.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedPayload } from '../schema/types.js';
import { csvCell, csvQuotedCell, csvRow } from './csv-cells.js';
import { braced, hex16, hex8, isClassic, payloadHex, relatedActivityId, ZERO_GUID_BRACED } from './event-labels.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import { RecordTimeFormatter } from './system-time.js';

export const CSV_COLUMNS = [
  'Event Name', 'Type', 'Event ID', 'Version', 'Channel', 'Level', 'Opcode', 'Task', 'Keyword', 'PID', 'TID',
  'Processor Number', 'Instance ID', 'Parent Instance ID', 'Activity ID', 'Related Activity ID', 'Clock-Time',
  'Kernel(ms)', 'User(ms)', 'User Data',
] as const;

const CRLF = '\r\n';
const KEYWORD_ZERO = '0x0000000000000000';
const NUMERIC = /^-?(?:\d+|0x[0-9A-Fa-f]+)$/;

export interface CsvDumpOptions {
  /** -rts: Clock-Time holds the raw session-clock timestamp instead of the FILETIME. */
  rawTimestamp?: boolean;
}

/** The User Data cells of one event (at least one, possibly empty). */
function userDataCells(r: EtlRecord, d: DecodedPayload | null): string {
  if (d !== null && d.fields.length > 0) {
    let s = '';
    for (let i = 0; i < d.fields.length; i++) {
      const f = d.fields[i]!;
      if (i > 0) s += ',';
      s += typeof f.value === 'string' && !NUMERIC.test(f.text) ? csvQuotedCell(f.text) : csvCell(f.text);
    }
    return s;
  }
  if (d !== null && d.message !== null) return csvQuotedCell(d.message);
  return r.payload.length > 0 ? payloadHex(r) : '';
}

/** Name cells repeat (a handful of event and opcode names), so their escaped text is remembered (bounded). */
const nameCells = new Map<string, string>();
function nameCell(name: string | null, r: EtlRecord): string {
  if (name === null) return braced(r.providerId);
  let cell = nameCells.get(name);
  if (cell === undefined) {
    cell = csvCell(name);
    if (nameCells.size >= 4096) nameCells.clear();
    nameCells.set(name, cell);
  }
  return cell;
}

const defaultTimes = new RecordTimeFormatter();

/** One CSV row, CRLF-terminated. */
export function eventCsvRow(r: EtlRecord, d: DecodedPayload | null, options: CsvDumpOptions = {}, times: RecordTimeFormatter = defaultTimes): string {
  const classic = isClassic(r);
  const related = relatedActivityId(r);
  return nameCell(d?.taskName ?? d?.eventName ?? null, r) + ','
    + (d === null || d.opcodeName === null ? '' : nameCell(d.opcodeName, r)) + ','
    + (classic ? 0 : (r.id ?? 0)) + ','
    + (r.version ?? 0) + ','
    + (r.channel ?? 0) + ','
    + (r.level ?? 0) + ','
    + (r.opcode ?? 0) + ','
    + (r.task ?? 0) + ','
    + (r.keywords === null || r.keywords === 0n ? KEYWORD_ZERO : hex16(r.keywords)) + ','
    + hex8(r.pid) + ','
    + hex8(r.tid) + ','
    + r.cpu + ','
    + (r.instance === null ? ',,' : `${r.instance.instanceId},${r.instance.parentInstanceId},`)
    + (r.activityId === null ? ZERO_GUID_BRACED : braced(r.activityId)) + ','
    + (related === null ? '' : braced(related)) + ','
    + (options.rawTimestamp ? r.rawTime.toString() : times.fileTimeDecimal(r)) + ','
    + (r.kernelTime ?? 0) + ','
    + (r.userTime ?? 0) + ','
    + userDataCells(r, d)
    + CRLF;
}

export class CsvDumpSink implements EventSink {
  readonly needsPayload = true;
  private readonly times = new RecordTimeFormatter();
  constructor(private readonly out: OutputFile, private readonly options: CsvDumpOptions = {}) {}

  begin(_ctx: SinkContext): void {
    this.out.write(csvRow([...CSV_COLUMNS]) + CRLF);
  }

  write(ev: DecodedEvent): void {
    this.out.write(eventCsvRow(ev.record, ev.decoded, this.options, this.times));
  }

  end(): void {
    this.out.commit();
  }
}
