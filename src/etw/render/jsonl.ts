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
import { ByteWriter, Piece } from './byte-writer.js';
import { RecordTimeFormatter } from './system-time.js';
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

const P = (t: string) => Piece.latin1(t);
const Z_RAW = P('Z","rawTime":"');
const RAW = P('","rawTime":"');
const ACTIVITY = P(',"activityId":');
const FLAGS = P(',"flags":');
const PROPERTY = P(',"eventProperty":');
const PAYLOAD = P(',"payloadSize":');
const EXTENDED = P(',"extended":');
const INSTANCE = P(',"instance":');
const WPP = P(',"wpp":');
const MESSAGE = P(',"message":');
const FIELDS = P(',"fields":');
const NULL = P('null');
const END = P('}\n');
/** Everything after payloadSize for a record with nothing of the optional parts (most kernel records). */
const ALL_NULL_END = P(',"extended":null,"instance":null,"wpp":null,"message":null,"fields":null}\n');
const ACTIVITY_OPEN = P('"{');
const ACTIVITY_CLOSE = P('}"');

/** The `","header":…,"channel":N,"pid":` run of a record: the same for every record of one event type. */
interface HeadEntry {
  kind: string; providerId: string | null; id: number | null; version: number | null; level: number | null;
  opcode: number | null; task: number | null; keywords: bigint | null; hookId: number | null; channel: number | null;
  bytes: Piece;
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

  get(r: EtlRecord): Piece {
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
      task: r.task, keywords: r.keywords, hookId: r.hookId, channel: r.channel, bytes: Piece.utf8(headText(r) + ',"pid":'),
    };
    list.push(e);
    this.size++;
    this.last = e;
    return e.bytes;
  }
}

/** `"name":` as UTF-8 for a field name, or null when JSON.stringify of an object would not keep it in place (array-index-like names are ordered first; `__proto__` is special). */
const keyBytes = new Map<string, Piece | null>();
function fieldKey(name: string): Piece | null {
  let k = keyBytes.get(name);
  if (k === undefined) {
    k = name === '__proto__' || /^(0|[1-9]\d{0,9})$/.test(name) ? null : Piece.utf8(JSON.stringify(name) + ':');
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

const HEX16_PIECES: Piece[] = [];
const hex16Piece = (n: number) => HEX16_PIECES[n] ?? (HEX16_PIECES[n] = P(hex16(n)));

/** `,"activityId":null,"flags":"0x…","eventProperty":N,"payloadSize":` by flags and event property, cached. */
const middles = new Map<number, Piece>();
function middleWithoutActivity(flags: number, eventProperty: number): Piece {
  const key = flags * 65536 + eventProperty;
  let m = middles.get(key);
  if (m === undefined) {
    if (middles.size > 4096) middles.clear();
    middles.set(key, (m = P(',"activityId":null,"flags":' + hex16(flags) + ',"eventProperty":' + eventProperty + ',"payloadSize":')));
  }
  return m;
}

/** Decimal text of process or thread ids followed by a constant, as pieces: ids repeat, so a small bounded cache. */
class IdPieces {
  private readonly map = new Map<number, Piece>();
  constructor(private readonly after: string) {}
  get(n: number): Piece {
    let p = this.map.get(n);
    if (p === undefined) {
      if (this.map.size > 4096) this.map.clear();
      this.map.set(n, (p = P(String(n) + this.after)));
    }
    return p;
  }
}

export class JsonlSink implements EventSink {
  readonly needsPayload = true;
  private readonly times = new RecordTimeFormatter('{"time":"');
  private readonly w: ByteWriter | null;
  private readonly heads = new HeadCache();
  private rawHigh = -1;
  private rawHighPiece = P('');
  /** `PID,"tid":` and `TID,"cpu":` texts of the ids seen, which repeat. */
  private readonly pids = new IdPieces(',"tid":');
  private readonly tids = new IdPieces(',"cpu":');
  /** For the string path (outputs that are not UTF-8). */
  private readonly isoTimes = new IsoTimeFormatter();

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
      this.out.write(recordJsonLine(r, this.isoTimes.format(r), message, fields));
      return;
    }
    const head = this.heads.get(r);
    w.ensure(320 + head.length);
    w.put(this.times.writeIsoTicks(w, r) ? Z_RAW : RAW);
    const raw = r.rawTimeNumber;
    if (raw >= 1e8 && raw <= Number.MAX_SAFE_INTEGER) {
      // The digits above the last eight change every 10^8 ticks only: kept as a piece.
      const hi = Math.floor(raw / 1e8);
      if (hi !== this.rawHigh) { this.rawHigh = hi; this.rawHighPiece = P(String(hi)); }
      w.put(this.rawHighPiece);
      w.fixedDigits(raw - hi * 1e8, 8);
    } else if (raw >= 0 && raw <= Number.MAX_SAFE_INTEGER) w.uint(raw);
    else w.ascii(r.rawTime.toString());
    w.put(head);
    w.put(this.pids.get(r.pid));
    w.put(this.tids.get(r.tid));
    w.uint(r.cpu);
    if (r.activityId === null) w.put(middleWithoutActivity(r.flags, r.eventProperty));
    else {
      w.put(ACTIVITY); w.put(ACTIVITY_OPEN); w.ascii(r.activityId); w.put(ACTIVITY_CLOSE);
      w.put(FLAGS); w.put(hex16Piece(r.flags));
      w.put(PROPERTY); w.uint(r.eventProperty);
      w.put(PAYLOAD);
    }
    w.uint(r.payloadSize);
    if (r.extended.length === 0 && r.instance === null && r.wpp === null && message === null && fields === null && !(direct && decodedFields.length > 0)) {
      w.put(ALL_NULL_END);
      return;
    }
    w.put(EXTENDED);
    if (r.extended.length === 0) w.put(NULL); else w.text(extendedJson(r.extended));
    w.ensure(64);
    w.put(INSTANCE);
    if (r.instance === null) w.put(NULL); else w.text(JSON.stringify(r.instance));
    w.ensure(64);
    w.put(WPP);
    if (r.wpp === null) w.put(NULL); else w.text(JSON.stringify(r.wpp));
    w.ensure(64);
    w.put(MESSAGE);
    if (message === null) w.put(NULL); else w.text(JSON.stringify(message));
    w.ensure(64);
    w.put(FIELDS);
    if (direct && decodedFields.length > 0) {
      // The members in order, as JSON.stringify of the object would write them.
      w.byte(123);
      for (let i = 0; i < decodedFields.length; i++) {
        const f = decodedFields[i]!;
        const key = fieldKey(f.name)!;
        w.ensure(key.length + 24);
        if (i > 0) w.byte(44);
        w.put(key);
        const v = f.value;
        if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff && Math.floor(v) === v) w.uint(v);
        else w.text(JSON.stringify(v));
      }
      w.ensure(2);
      w.byte(125);
    } else if (fields === null) w.put(NULL);
    else w.text(JSON.stringify(fields));
    w.ensure(8);
    w.put(END);
  }

  end(): void {
    this.w?.flush();
    this.out.commit();
  }
}
