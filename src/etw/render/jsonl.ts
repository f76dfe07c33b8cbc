/**
 * JSON Lines sink (`-of JSONL`): one object per record with the header facts
 * (time, rawTime, header kind, provider, descriptor, ids, cpu, flags, extended
 * items) and the decoded message/fields. The line is assembled directly, with the
 * texts of small numbers and ids cached. Decoded strings are written escaped
 * straight into the buffer (JSON.stringify only for the rare ones that need
 * escapes), and a schema message is written from its plan: pre-escaped literal
 * pieces and each field's text made from its value (digits written directly),
 * without building the message string.
 */
import { IsoTimeFormatter } from '../etl/clock.js';
import type { EtlRecord, ExtendedItem } from '../etl/record.js';
import { isStringOnly, stringOnlyText } from '../schema/string-only.js';
import type { DecodedField, DecodedPayload, FieldValue } from '../schema/types.js';
import { LazyField, TextForm } from '../schema/lazy-field.js';
import type { MessagePlan } from '../schema/payload-decoder.js';
import { SchemaPayload } from '../schema/schema-payload.js';

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
const TRUE = P('true');
const FALSE = P('false');
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

/** `{"name":` then `,"name":` runs for a schema's field names (null when plainMembers would refuse them), by names array. */
const keyRunCache = new WeakMap<readonly string[], Piece[] | null>();
let lastNames: readonly string[] | null = null;
let lastKeyRuns: Piece[] | null = null;
function keyRuns(names: readonly string[]): Piece[] | null {
  if (names === lastNames) return lastKeyRuns;
  let runs = keyRunCache.get(names);
  if (runs === undefined) {
    const safe = names.every((n, i) => fieldKey(n) !== null && names.indexOf(n) === i);
    runs = safe ? names.map((n, i) => Piece.utf8((i === 0 ? '{' : ',') + JSON.stringify(n) + ':')) : null;
    keyRunCache.set(names, runs);
  }
  lastNames = names;
  lastKeyRuns = runs;
  return runs;
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

/** Does JSON.stringify write this string as `"` + the string + `"` (no escapes)? Lone surrogates are checked for conservatively. */
function plainJsonText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** A string as JSON.stringify writes it. */
function writeJsonString(w: ByteWriter, s: string): void {
  if (!plainJsonText(s)) { w.text(JSON.stringify(s)); return; }
  w.ensure(1); w.byte(34);
  w.text(s);
  w.ensure(1); w.byte(34);
}

/** A string as it appears inside a JSON string (escaped, no quotes). */
function writeJsonInner(w: ByteWriter, s: string): void {
  if (plainJsonText(s)) w.text(s);
  else { const j = JSON.stringify(s); w.text(j.slice(1, j.length - 1)); }
}

const HEX_DIGIT_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70];
const TWO32 = 4294967296;

/** Upper-case hex digits of an unsigned 32-bit value: all 8 when `padded`, else without leading zeros (room ensured). */
function writeHex32(w: ByteWriter, n: number, padded: boolean): void {
  let shift = 28;
  if (!padded) while (shift > 0 && (n >>> shift) === 0) shift -= 4;
  for (; shift >= 0; shift -= 4) w.byte(HEX_DIGIT_CODES[(n >>> shift) & 15]!);
}

/** A decoded field's text (as the text getter would make it), escaped for inside a JSON string. */
function writeFieldText(w: ByteWriter, f: DecodedField): void {
  if (f instanceof LazyField) {
    const v = f.value;
    switch (f.textForm) {
      case TextForm.PLAIN: w.text(v as string); return;
      case TextForm.VALUE: writeJsonInner(w, v as string); return;
      case TextForm.DECIMAL:
        w.ensure(32);
        if ((v as number) < 0) { w.byte(45); w.uint(-(v as number)); } else w.uint(v as number);
        return;
      case TextForm.HEX8: case TextForm.HEX16: case TextForm.HEX32: case TextForm.HEX64: {
        const form = f.textForm;
        let hi = 0, lo: number;
        if (form === TextForm.HEX64) { hi = Math.floor((v as number) / TWO32); lo = (v as number) - hi * TWO32; }
        else lo = form === TextForm.HEX8 ? (v as number) & 0xff : form === TextForm.HEX16 ? (v as number) & 0xffff : (v as number) >>> 0;
        w.ensure(20);
        w.byte(48); w.byte(120);
        if (hi !== 0) { writeHex32(w, hi, false); writeHex32(w, lo, true); } else writeHex32(w, lo, false);
        return;
      }
      case TextForm.ERROR_CODE: w.ensure(10); w.hex8(v as number); return;
      default: break;
    }
  }
  writeJsonInner(w, f.text);
}

/** JSON-escaped literal pieces of message plans; the last plan's first. */
const planPieces = new WeakMap<MessagePlan, Piece[]>();
let lastPlan: MessagePlan | null = null;
let lastPlanPieces: Piece[] = [];

function piecesOf(plan: MessagePlan): Piece[] {
  if (plan === lastPlan) return lastPlanPieces;
  let pieces = planPieces.get(plan);
  if (pieces === undefined) {
    // Escaped texts; the first piece opens the JSON string and the last one closes it.
    const inner = plan.pieces.map((t) => JSON.stringify(t).slice(1, -1));
    inner[0] = '"' + inner[0]!;
    inner[inner.length - 1] += '"';
    planPieces.set(plan, (pieces = inner.map((t) => Piece.utf8(t))));
  }
  lastPlan = plan;
  lastPlanPieces = pieces;
  return pieces;
}

/** The message of a plan over `fields` as a JSON string. */
function writePlanMessage(w: ByteWriter, plan: MessagePlan, fields: readonly DecodedField[]): void {
  const pieces = piecesOf(plan);
  const fieldAt = plan.fieldAt;
  w.ensure(pieces[0]!.length); w.put(pieces[0]!);
  for (let k = 0; k < fieldAt.length; k++) {
    const f = fields[fieldAt[k]!];
    if (f !== undefined) writeFieldText(w, f);
    const piece = pieces[k + 1]!;
    w.ensure(piece.length); w.put(piece);
  }
}

/** A decoded field's value as JSON.stringify writes it. */
function writeFieldValue(w: ByteWriter, f: DecodedField): void {
  const v = f.value;
  if (typeof v === 'number') {
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v) { w.ensure(24); w.uint(v); return; }
  } else if (typeof v === 'string') {
    if (f instanceof LazyField && f.textForm === TextForm.PLAIN) { w.ensure(1); w.byte(34); w.text(v); w.ensure(1); w.byte(34); }
    else writeJsonString(w, v);
    return;
  }
  else if (typeof v === 'boolean') { w.ensure(5); w.put(v ? TRUE : FALSE); return; }
  else if (v === null) { w.ensure(4); w.put(NULL); return; }
  w.text(JSON.stringify(v));
}

/** The message plan of a decoded payload whose message is not rendered yet, else null. */
function planOf(d: DecodedPayload | null): MessagePlan | null {
  return d instanceof SchemaPayload ? d.messagePlan : null;
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
    const decodedFields = ev.decoded?.fields ?? NO_FIELDS;
    const w = this.w;
    const keys = w !== null && ev.decoded instanceof SchemaPayload ? keyRuns(ev.decoded.fieldNames) : null;
    const direct = w !== null && (keys !== null || plainMembers(decodedFields));
    // A schema message is written from its plan (unless the fields go through JSON.stringify anyway).
    const plan = direct ? planOf(ev.decoded) : null;
    let message: string | null = plan !== null ? null : ev.decoded?.message ?? null;
    if (plan === null && message === null && isStringOnly(r)) message = stringOnlyText(r);
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
    if (r.extended.length === 0 && r.instance === null && r.wpp === null && message === null && plan === null && fields === null && !(direct && decodedFields.length > 0)) {
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
    if (plan !== null) writePlanMessage(w, plan, decodedFields);
    else if (message === null) w.put(NULL); else writeJsonString(w, message);
    w.ensure(64);
    w.put(FIELDS);
    if (keys !== null && decodedFields.length > 0) {
      // The members in order, as JSON.stringify of the object would write them; keys prepared per schema.
      for (let i = 0; i < decodedFields.length; i++) {
        const key = keys[i]!;
        w.ensure(key.length);
        w.put(key);
        writeFieldValue(w, decodedFields[i]!);
      }
      w.ensure(2);
      w.byte(125);
    } else if (direct && decodedFields.length > 0) {
      // The members in order, as JSON.stringify of the object would write them.
      w.byte(123);
      for (let i = 0; i < decodedFields.length; i++) {
        const f = decodedFields[i]!;
        const key = fieldKey(f.name)!;
        w.ensure(key.length + 24);
        if (i > 0) w.byte(44);
        w.put(key);
        writeFieldValue(w, f);
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
