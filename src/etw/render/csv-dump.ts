/**
 * The CSV dump (`-of CSV`) in tracerpt's column layout (docs/architecture.md F10):
 * the 20 header columns, then one cell per payload field after column 19
 * (string values quoted, numbers bare), PID/TID as `0x%08X`, Keyword as
 * `0x%016X`, Clock-Time as the FILETIME integer. Unlike tracerpt, cells are
 * not padded with spaces, so every file is plain RFC 4180 (CRLF rows).
 * Streams one row per event.
 */
import { keywordsHigh, keywordsLow, type EtlRecord } from '../etl/record.js';
import { LazyField, TextForm } from '../schema/lazy-field.js';
import { SchemaPayload } from '../schema/schema-payload.js';
import type { DecodedField, DecodedPayload } from '../schema/types.js';
import { ByteWriter, EncodedCache } from './byte-writer.js';
import { writeNumberText } from './field-number-text.js';
import { csvCell, csvQuotedCell, csvRow } from './csv-cells.js';
import { CSV_NUMERIC } from './csv-field-code.js';
import { csvFieldCell, CsvFieldWriter } from './csv-field-writer.js';
import { braced, hex16, isClassic, relatedActivityId, ZERO_GUID_BRACED } from './event-labels.js';
import type { OutputFile } from './output-file.js';
import { RecentTexts } from './recent-texts.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import { RecordTimeFormatter } from './system-time.js';

export const CSV_COLUMNS = [
  'Event Name', 'Type', 'Event ID', 'Version', 'Channel', 'Level', 'Opcode', 'Task', 'Keyword', 'PID', 'TID',
  'Processor Number', 'Instance ID', 'Parent Instance ID', 'Activity ID', 'Related Activity ID', 'Clock-Time',
  'Kernel(ms)', 'User(ms)', 'User Data',
] as const;

const CRLF = '\r\n';
const KEYWORD_ZERO = '0x0000000000000000';
/** What makes a cell need escaping (csv-cells.ts). */
const SPECIAL = /[",\r\n]/;

export interface CsvDumpOptions {
  /** -rts: Clock-Time holds the raw session-clock timestamp instead of the FILETIME. */
  rawTimestamp?: boolean;
}

const ZERO_GUID_BYTES = Buffer.from(ZERO_GUID_BRACED + ',');

/** The columns after Processor Number when there is no instance, activity or related activity id. */
const PLAIN_MIDDLE_BYTES = Buffer.from(',,,' + ZERO_GUID_BRACED + ',,');

interface CsvHeadEntry {
  name: Buffer;
  opcodeName: Buffer | null;
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  /** The keywords' 32-bit words (record.ts keywordsLow/keywordsHigh, no keywords as 0). */
  keywordsLo: number;
  keywordsHi: number;
  bytes: Buffer;
}

/**
 * The first nine cells (Event Name … Keyword, with the comma after them) depend
 * only on the two name cells and seven header numbers, which repeat from event to
 * event; the last few built are kept (a handful of event types interleave).
 */
class CsvHead {
  private readonly recent = new RecentTexts<CsvHeadEntry>();

  get(r: EtlRecord, name: Buffer, opcodeName: Buffer | null): Buffer {
    const id = isClassic(r) ? 0 : (r.id ?? 0);
    const version = r.version ?? 0;
    const channel = r.channel ?? 0;
    const level = r.level ?? 0;
    const opcode = r.opcode ?? 0;
    const task = r.task ?? 0;
    const keywordsHi = keywordsHigh(r);
    const keywordsLo = keywordsLow(r);
    const recent = this.recent.entries;
    for (let i = 0; i < recent.length; i++) {
      const e = recent[i]!;
      if (e.opcode === opcode && e.version === version && e.name === name && e.opcodeName === opcodeName && e.id === id
        && e.channel === channel && e.level === level && e.task === task && e.keywordsLo === keywordsLo && e.keywordsHi === keywordsHi) return e.bytes;
    }
    const keywords = r.keywords ?? 0n;
    const numbers = Buffer.from(`,${id},${version},${channel},${level},${opcode},${task},${keywords === 0n ? KEYWORD_ZERO : hex16(keywords)},`, 'latin1');
    const bytes = Buffer.concat(opcodeName === null ? [name, COMMA, numbers] : [name, COMMA, opcodeName, numbers]);
    const entry: CsvHeadEntry = { name, opcodeName, id, version, channel, level, opcode, task, keywordsLo, keywordsHi, bytes };
    this.recent.add(entry);
    return bytes;
  }
}
const COMMA = Buffer.from(',');

interface ThreadCellsEntry {
  pid: number;
  tid: number;
  cpu: number;
  bytes: Buffer;
}

/**
 * PID, TID and Processor Number with the plain instance/activity columns after them
 * (`0x00000458,0x00003450,2,,,{0…0},,`): runs of events come from a few threads, so
 * the last few texts are kept.
 */
class ThreadCells {
  private readonly recent = new RecentTexts<ThreadCellsEntry>();

  write(w: ByteWriter, r: EtlRecord): void {
    const pid = r.pid;
    const tid = r.tid;
    const cpu = r.cpu;
    const recent = this.recent.entries;
    for (let i = 0; i < recent.length; i++) {
      const e = recent[i]!;
      if (e.tid === tid && e.pid === pid && e.cpu === cpu) { w.bytes(e.bytes); return; }
    }
    const from = w.pos;
    w.hex8(pid); w.byte(44);
    w.hex8(tid); w.byte(44);
    w.uint(cpu);
    w.bytes(PLAIN_MIDDLE_BYTES);
    const entry: ThreadCellsEntry = { pid, tid, cpu, bytes: w.copySince(from) };
    this.recent.add(entry);
  }
}

interface CpuTimesEntry {
  kernelTime: number;
  userTime: number;
  bytes: Buffer;
}

/** `,Kernel(ms),User(ms),` (the commas around them included); the last few texts are kept. */
class CpuTimeCells {
  private readonly recent = new RecentTexts<CpuTimesEntry>();

  write(w: ByteWriter, r: EtlRecord): void {
    const kernelTime = r.kernelTime ?? 0;
    const userTime = r.userTime ?? 0;
    const recent = this.recent.entries;
    for (let i = 0; i < recent.length; i++) {
      const e = recent[i]!;
      if (e.kernelTime === kernelTime && e.userTime === userTime) { w.bytes(e.bytes); return; }
    }
    const from = w.pos;
    w.byte(44);
    w.uint(kernelTime); w.byte(44);
    w.uint(userTime); w.byte(44);
    const entry: CpuTimesEntry = { kernelTime, userTime, bytes: w.copySince(from) };
    this.recent.add(entry);
  }
}

/** One CSV row, CRLF-terminated, written straight into the byte writer. */
function writeCsvRow(w: ByteWriter, r: EtlRecord, d: DecodedPayload | null, rawTimestamp: boolean, times: RecordTimeFormatter, c: CsvByteCaches): void {
  // A schema payload not decoded yet: its cells straight from the compiled decoder (when it fits and shows fields).
  let cells: CsvFieldWriter | null = null;
  if (c.fromBytes && d instanceof SchemaPayload && d.pending) {
    const cw = c.cells;
    const walk = cw.walkFor(d.compiled);
    cw.w.pos = 0;
    if (walk.write(cw, d.bytes, d.from, d.to, d.pointerSize, d.sessionClock)) {
      d.noteFits();
      if (walk.written > 0) cells = cw;
    }
  }
  const name = d === null ? null : (d.taskName ?? d.eventName ?? null);
  const nameBytes = name === null ? c.guids.get(r.providerId) : c.names.get(name);
  const opcodeBytes = d === null || d.opcodeName === null ? null : c.opcodes.get(d.opcodeName);
  const head = c.head.get(r, nameBytes, opcodeBytes);
  // The other fixed columns: at most ~400 bytes (GUIDs, 20-digit numbers).
  w.ensure(512 + head.length);
  w.bytes(head);
  const inst = r.instance;
  const related = r.extended.length > 0 ? relatedActivityId(r) : null;
  if (inst === null && r.activityId === null && related === null) c.threads.write(w, r);
  else {
    w.hex8(r.pid); w.byte(44);
    w.hex8(r.tid); w.byte(44);
    w.uint(r.cpu);
    w.byte(44);
    if (inst === null) { w.byte(44); w.byte(44); }
    else { w.uint(inst.instanceId); w.byte(44); w.uint(inst.parentInstanceId); w.byte(44); }
    if (r.activityId === null) w.bytes(ZERO_GUID_BYTES);
    else { w.ascii(braced(r.activityId)); w.byte(44); }
    if (related !== null) w.ascii(braced(related));
    w.byte(44);
  }
  if (rawTimestamp) w.ascii(r.rawTime.toString());
  else times.writeFileTimeDecimal(w, r);
  c.cpuTimes.write(w, r);
  if (cells !== null) { w.ensure(cells.w.pos); w.bytes(cells.w.written()); }
  else if (d !== null && d.fields.length > 0) writeFieldCells(w, d.fields);
  else if (d !== null && d.message !== null) w.text(csvQuotedCell(d.message));
  else if (r.payloadSize > 0) w.hex(r.payload);
  w.ensure(2);
  w.byte(13); w.byte(10);
}

/**
 * The User Data cells of decoded fields written straight into the writer: numbers,
 * hex and plain strings from the field's value and text form (no text string is
 * made), the rest from its text; each the bytes of csvFieldCell (csv-field-writer.ts).
 */
function writeFieldCells(w: ByteWriter, fields: readonly DecodedField[]): void {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) { w.ensure(1); w.byte(44); }
    if (f instanceof LazyField && writeValueCell(w, f)) continue;
    w.text(csvFieldCell(f));
  }
}

/** The cell of a field whose text follows from its value (numbers, plain strings); false (nothing written) when it is not one. */
function writeValueCell(w: ByteWriter, f: LazyField): boolean {
  // Numbers: not strings (except a hex 64-bit beyond 2^53, whose hex text is bare as CSV_NUMERIC): the cell is the bare text.
  if (writeNumberText(w, f)) return true;
  const form = f.textForm;
  if (form !== TextForm.VALUE && form !== TextForm.PLAIN) return false;
  const v = f.value;
  if (typeof v !== 'string') return false;
  if (CSV_NUMERIC.test(v)) { w.text(v); return true; }
  if (SPECIAL.test(v)) return false;
  w.ensure(1); w.byte(34);
  w.text(v);
  w.ensure(1); w.byte(34);
  return true;
}

class CsvByteCaches {
  constructor(readonly fromBytes: boolean) {}
  /** The User Data cells of a payload the compiled decoder walks. */
  readonly cells = new CsvFieldWriter();
  /** Escaped name cells (the Event Name column). */
  readonly names = new EncodedCache<string>(csvCell);
  /** Escaped opcode name cells (the Type column). */
  readonly opcodes = new EncodedCache<string>(csvCell);
  /** `{GUID}` Event Name cells of events without a name. */
  readonly guids = new EncodedCache<string | null>(braced);
  readonly head = new CsvHead();
  readonly threads = new ThreadCells();
  readonly cpuTimes = new CpuTimeCells();
}

export class CsvDumpSink implements EventSink {
  readonly needsPayload = true;
  private readonly times = new RecordTimeFormatter();
  private readonly bytes: ByteWriter;
  private readonly rawTimestamp: boolean;
  private readonly caches: CsvByteCaches;
  /** fromBytes false: schema payloads are always written from their decoded fields (the tests compare both ways). */
  constructor(private readonly out: OutputFile, options: CsvDumpOptions = {}, fromBytes = true) {
    this.caches = new CsvByteCaches(fromBytes);
    this.bytes = ByteWriter.forOutput(out);
    this.rawTimestamp = options.rawTimestamp === true;
  }

  begin(_ctx: SinkContext): void {
    this.out.write(csvRow([...CSV_COLUMNS]) + CRLF);
  }

  write(ev: DecodedEvent): void {
    writeCsvRow(this.bytes, ev.record, ev.decoded, this.rawTimestamp, this.times, this.caches);
  }

  end(): void {
    this.bytes.flush();
    this.out.commit();
  }
}
