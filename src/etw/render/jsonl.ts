/**
 * JSON Lines sink (`-of JSONL`): one object per record with the header facts
 * (time, rawTime, header kind, provider, descriptor, ids, cpu, flags, extended
 * items) and the decoded message/fields. The line is assembled directly, with the
 * texts of small numbers and ids cached; only free text goes through JSON.stringify.
 */
import { IsoTimeFormatter } from '../etl/clock.js';
import type { EtlRecord, ExtendedItem } from '../etl/record.js';
import { isStringOnly, stringOnlyText } from '../schema/string-only.js';
import type { DecodedField, FieldValue } from '../schema/types.js';

const NO_FIELDS: readonly DecodedField[] = [];
import { ByteWriter } from './byte-writer.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

/** Last JSON text of an undecoded item per extended-data type, reused while the bytes repeat (TraceLogging metadata does). */
const lastRaw = new Map<number, { data: Buffer; json: string }>();

function itemJson(it: ExtendedItem): string {
  if (it.value !== null) {
    return '{"type":' + it.type + ',"name":"' + it.name + '","size":' + it.data.length + ',"value":' + JSON.stringify(it.value) + '}';
  }
  const last = lastRaw.get(it.type);
  if (last !== undefined && last.data.equals(it.data)) return last.json;
  const json = '{"type":' + it.type + ',"name":"' + it.name + '","size":' + it.data.length + ',"value":"' + it.data.toString('hex') + '"}';
  lastRaw.set(it.type, { data: Buffer.from(it.data), json });
  return json;
}

function extendedJson(items: ExtendedItem[]): string {
  if (items.length === 0) return 'null';
  let s = '[' + itemJson(items[0]!);
  for (let i = 1; i < items.length; i++) s += ',' + itemJson(items[i]!);
  return s + ']';
}

const SMALL: string[] = [];
/** Decimal text of an integer (cached below 65536), or `null`. */
function num(n: number | null): string {
  if (n === null) return 'null';
  if (n < 65536) return SMALL[n] ?? (SMALL[n] = String(n));
  return String(n);
}

/** Decimal text of process and thread ids, which repeat: a small bounded cache. */
class IdTexts {
  private readonly map = new Map<number, string>();
  get(n: number): string {
    let s = this.map.get(n);
    if (s === undefined) {
      if (this.map.size > 4096) this.map.clear();
      this.map.set(n, (s = String(n)));
    }
    return s;
  }
}
const ids = new IdTexts();

const HEX16: string[] = [];
/** `"0x0140"`-style text of a 16-bit value, cached. */
const hex16 = (n: number) => HEX16[n] ?? (HEX16[n] = '"0x' + n.toString(16).padStart(4, '0') + '"');

/** One JSON line (with its newline) for a record and its decoded message/fields. */
export function recordJsonLine(r: EtlRecord, time: string, message: string | null, fields: Record<string, FieldValue> | null): string {
  const raw = r.rawTimeNumber;
  return '{"time":"' + time +
    '","rawTime":"' + (raw >= 0 && raw <= Number.MAX_SAFE_INTEGER ? String(raw) : r.rawTime.toString()) +
    '","header":"' + r.kind +
    '","provider":' + (r.providerId === null ? 'null' : '"{' + r.providerId + '}"') +
    ',"id":' + num(r.id) +
    ',"version":' + num(r.version) +
    ',"level":' + num(r.level) +
    ',"opcode":' + num(r.opcode) +
    ',"task":' + num(r.task) +
    ',"keywords":' + (r.keywords === null ? 'null' : '"0x' + r.keywords.toString(16) + '"') +
    ',"type":' + (r.kind !== 'event' && r.kind !== 'wpp' ? num(r.opcode) : 'null') +
    ',"hookId":' + (r.hookId === null ? 'null' : hex16(r.hookId)) +
    ',"channel":' + num(r.channel) +
    ',"pid":' + ids.get(r.pid) +
    ',"tid":' + ids.get(r.tid) +
    ',"cpu":' + num(r.cpu) +
    ',"activityId":' + (r.activityId === null ? 'null' : '"{' + r.activityId + '}"') +
    ',"flags":' + hex16(r.flags) +
    ',"eventProperty":' + num(r.eventProperty) +
    ',"payloadSize":' + num(r.payloadSize) +
    ',"extended":' + extendedJson(r.extended) +
    ',"instance":' + (r.instance === null ? 'null' : JSON.stringify(r.instance)) +
    ',"wpp":' + (r.wpp === null ? 'null' : JSON.stringify(r.wpp)) +
    ',"message":' + (message === null ? 'null' : JSON.stringify(message)) +
    ',"fields":' + (fields === null ? 'null' : JSON.stringify(fields)) +
    '}\n';
}

/** The JSON object for one record (for tests and tools). */
export function recordJson(r: EtlRecord, message: string | null, fields: Record<string, FieldValue> | null): Record<string, unknown> {
  return JSON.parse(recordJsonLine(r, new IsoTimeFormatter().format(r), message, fields));
}

const B = (t: string) => Buffer.from(t, 'latin1');
const OPEN_TIME = B('{"time":"');
const RAW = B('","rawTime":"');
const PID = B(',"pid":');
const TID = B(',"tid":');
const CPU = B(',"cpu":');
const ACTIVITY = B(',"activityId":');
const FLAGS = B(',"flags":');
const PROPERTY = B(',"eventProperty":');
const PAYLOAD = B(',"payloadSize":');
const EXTENDED = B(',"extended":');
const INSTANCE = B(',"instance":');
const WPP = B(',"wpp":');
const MESSAGE = B(',"message":');
const FIELDS = B(',"fields":');
const NULL = B('null');
const END = B('}\n');

/** The `","header":…,"channel":N` run of a record: the same for every record of one event type. */
interface HeadEntry {
  kind: string; providerId: string | null; id: number | null; version: number | null; level: number | null;
  opcode: number | null; task: number | null; keywords: bigint | null; hookId: number | null; channel: number | null;
  bytes: Buffer;
}

function headText(r: EtlRecord): string {
  return '","header":"' + r.kind +
    '","provider":' + (r.providerId === null ? 'null' : '"{' + r.providerId + '}"') +
    ',"id":' + num(r.id) + ',"version":' + num(r.version) + ',"level":' + num(r.level) +
    ',"opcode":' + num(r.opcode) + ',"task":' + num(r.task) +
    ',"keywords":' + (r.keywords === null ? 'null' : '"0x' + r.keywords.toString(16) + '"') +
    ',"type":' + (r.kind !== 'event' && r.kind !== 'wpp' ? num(r.opcode) : 'null') +
    ',"hookId":' + (r.hookId === null ? 'null' : hex16(r.hookId)) +
    ',"channel":' + num(r.channel);
}

const KIND_CODE: Record<string, number> = { system: 1, compact: 2, perfinfo: 3, trace: 4, instance: 5, event: 6, wpp: 7 };

/** Heads by a hash of the event identity (then compared field by field); bounded. */
class HeadCache {
  private readonly map = new Map<number, HeadEntry[]>();
  private size = 0;
  private last: HeadEntry | null = null;

  private static same(e: HeadEntry, r: EtlRecord): boolean {
    return e.providerId === r.providerId && e.opcode === r.opcode && e.id === r.id && e.version === r.version &&
      e.kind === r.kind && e.level === r.level && e.task === r.task && e.hookId === r.hookId &&
      e.channel === r.channel && e.keywords === r.keywords;
  }

  get(r: EtlRecord): Buffer {
    const last = this.last;
    if (last !== null && HeadCache.same(last, r)) return last.bytes;
    let h = Math.imul(KIND_CODE[r.kind]! + 31 * ((r.id ?? 65536) + 65537 * (r.opcode ?? 256)), 0x9e3779b1);
    h = Math.imul(h ^ ((r.version ?? 65536) + 65537 * (r.level ?? 256)), 0x85ebca6b);
    h = (h ^ ((r.task ?? 65536) + 65537 * (r.hookId ?? 0))) >>> 0;
    let list = this.map.get(h);
    if (list !== undefined) {
      for (const e of list) if (HeadCache.same(e, r)) { this.last = e; return e.bytes; }
    } else {
      if (this.size > 4096) { this.map.clear(); this.size = 0; }
      this.map.set(h, (list = []));
    }
    const e: HeadEntry = {
      kind: r.kind, providerId: r.providerId, id: r.id, version: r.version, level: r.level, opcode: r.opcode,
      task: r.task, keywords: r.keywords, hookId: r.hookId, channel: r.channel, bytes: Buffer.from(headText(r), 'utf8'),
    };
    list.push(e);
    this.size++;
    this.last = e;
    return e.bytes;
  }
}

/** `"name":` as UTF-8 for a field name, or null when JSON.stringify of an object would not keep it in place (array-index-like names are ordered first; `__proto__` is special). */
const keyBytes = new Map<string, Buffer | null>();
function fieldKey(name: string): Buffer | null {
  let k = keyBytes.get(name);
  if (k === undefined) {
    k = name === '__proto__' || /^(0|[1-9]\d{0,9})$/.test(name) ? null : Buffer.from(JSON.stringify(name) + ':', 'utf8');
    if (keyBytes.size > 65536) keyBytes.clear();
    keyBytes.set(name, k);
  }
  return k;
}

/** Can the fields be written in order as an object's members (no unsafe or repeated names)? */
function plainMembers(fields: readonly DecodedField[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i]!.name;
    if (fieldKey(name) === null) return false;
    for (let j = 0; j < i; j++) if (fields[j]!.name === name) return false;
  }
  return true;
}

const HEX16_BYTES: Buffer[] = [];
const hex16Bytes = (n: number) => HEX16_BYTES[n] ?? (HEX16_BYTES[n] = B(hex16(n)));

export class JsonlSink implements EventSink {
  readonly needsPayload = true;
  private readonly times = new IsoTimeFormatter();
  private readonly w: ByteWriter | null;
  private readonly heads = new HeadCache();

  constructor(private readonly out: OutputFile) {
    this.w = ByteWriter.forOutput(out);
  }

  begin(_ctx: SinkContext): void {}

  write(ev: DecodedEvent): void {
    const r = ev.record;
    let message: string | null = ev.decoded?.message ?? null;
    if (message === null && isStringOnly(r)) message = stringOnlyText(r);
    const decodedFields = ev.decoded?.fields ?? NO_FIELDS;
    const w = this.w;
    const direct = w !== null && plainMembers(decodedFields);
    let fields: Record<string, FieldValue> | null = null;
    if (!direct && decodedFields.length > 0) {
      fields = {};
      for (const f of decodedFields) fields[f.name] = f.value;
    }
    if (w === null) {
      this.out.write(recordJsonLine(r, this.times.format(r), message, fields));
      return;
    }
    const head = this.heads.get(r);
    w.ensure(256 + head.length);
    w.bytes(OPEN_TIME);
    w.ascii(this.times.format(r));
    w.bytes(RAW);
    const raw = r.rawTimeNumber;
    if (raw >= 0 && raw <= Number.MAX_SAFE_INTEGER) w.uint(raw); else w.ascii(r.rawTime.toString());
    w.bytes(head);
    w.bytes(PID); w.uint(r.pid);
    w.bytes(TID); w.uint(r.tid);
    w.bytes(CPU); w.uint(r.cpu);
    w.bytes(ACTIVITY);
    if (r.activityId === null) w.bytes(NULL); else { w.ascii('"{'); w.ascii(r.activityId); w.ascii('}"'); }
    w.bytes(FLAGS); w.bytes(hex16Bytes(r.flags));
    w.bytes(PROPERTY); w.uint(r.eventProperty);
    w.bytes(PAYLOAD); w.uint(r.payloadSize);
    w.bytes(EXTENDED);
    if (r.extended.length === 0) w.bytes(NULL); else w.text(extendedJson(r.extended));
    w.ensure(64);
    w.bytes(INSTANCE);
    if (r.instance === null) w.bytes(NULL); else w.text(JSON.stringify(r.instance));
    w.ensure(64);
    w.bytes(WPP);
    if (r.wpp === null) w.bytes(NULL); else w.text(JSON.stringify(r.wpp));
    w.ensure(64);
    w.bytes(MESSAGE);
    if (message === null) w.bytes(NULL); else w.text(JSON.stringify(message));
    w.ensure(64);
    w.bytes(FIELDS);
    if (direct && decodedFields.length > 0) {
      // The members in order, as JSON.stringify of the object would write them.
      w.byte(123);
      for (let i = 0; i < decodedFields.length; i++) {
        const f = decodedFields[i]!;
        const key = fieldKey(f.name)!;
        w.ensure(key.length + 24);
        if (i > 0) w.byte(44);
        w.bytes(key);
        const v = f.value;
        if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff && Math.floor(v) === v) w.uint(v);
        else w.text(JSON.stringify(v));
      }
      w.ensure(2);
      w.byte(125);
    } else if (fields === null) w.bytes(NULL);
    else w.text(JSON.stringify(fields));
    w.ensure(8);
    w.bytes(END);
  }

  end(): void {
    this.w?.flush();
    this.out.commit();
  }
}
