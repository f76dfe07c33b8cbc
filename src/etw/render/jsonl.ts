/**
 * JSON Lines sink (`-of JSONL`): one object per record with the header facts
 * (time, rawTime, header kind, provider, the names the decoding schema gives,
 * descriptor, ids, cpu, flags, extended items, WPP facts: wpp-json.ts), the decoded message/fields, and for a payload not decoded the error
 * code and the payload as hex (nothing is dropped). The line is assembled
 * directly, with the texts of small numbers and ids cached. A schema payload not
 * decoded yet (a report run's registry defers fields) is written by the
 * compiled decoder's walk through json-field-writer.ts; decoded fields are written member by member
 * (json-field-bytes.ts), with a schema message made from its plan instead of
 * building the message string.
 */
import { hasKeywords, keywordsHigh, keywordsLow, type EtlRecord, type ExtendedItem } from '../etl/record.js';
import { isStringOnly, stringOnlyText } from '../schema/string-only.js';
import type { DecodedField, DecodedPayload, DecodeError, FieldValue } from '../schema/types.js';
import type { MessagePlan } from '../schema/payload-decoder.js';
import { SchemaPayload } from '../schema/schema-payload.js';
import { ByteWriter, Piece } from './byte-writer.js';
import { NamesTexts, type NamesText } from './json-names.js';
import { fieldKey, keyRuns, plainMembers, writeFieldValue, writeJsonString, writePlanMessage } from './json-field-bytes.js';
import { JsonFieldWriter } from './json-field-writer.js';
import type { LocalTime } from './local-time.js';
import { RecordTimeFormatter } from './system-time.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import { wppJson } from './wpp-json.js';

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

const HEX16: string[] = [];
/** `"0x0140"`-style text of a 16-bit value, cached. */
const hex16 = (n: number) => HEX16[n] ?? (HEX16[n] = '"0x' + n.toString(16).padStart(4, '0') + '"');

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
/** Everything after payloadSize up to the error for a record with nothing of the optional parts (most kernel records). */
const ALL_NULL_TEXT = ',"extended":null,"instance":null,"wpp":null,"message":null,"fields":null';
const ALL_NULL = P(ALL_NULL_TEXT);
/** Everything after payloadSize up to the message's value, for a record without extended items, instance or WPP data. */
const NULLS_TO_MESSAGE = P(',"extended":null,"instance":null,"wpp":null,"message":');
const NULL_MESSAGE_FIELDS = P('null,"fields":');
/** The same with a null message, up to the fields' value. */
const NULLS_TO_FIELDS = P(',"extended":null,"instance":null,"wpp":null,"message":null,"fields":');
const ALL_NULL_UNDECODED = P(ALL_NULL_TEXT + ',"error":null,"payload":"');
/** The tail of a decoded record (no error, no payload hex). */
const DECODED_END = P(',"error":null,"payload":null}\n');
/** The same after a fields object without its closing brace, and after a null fields value. */
const FIELDS_END = P('},"error":null,"payload":null}\n');
const NULL_DECODED_END = P('null,"error":null,"payload":null}\n');
/** The tail of a record nobody decoded, up to the payload's hex. */
const UNDECODED_PAYLOAD = P(',"error":null,"payload":"');
const PAYLOAD_END = P('"}\n');
/** `,"error":CODE,"payload":"` by error code, alone and after the all-null run (ALL_NULL). */
const errorPieces = new Map<number, Piece>();
const allNullErrorPieces = new Map<number, Piece>();
function errorPiece(code: number, allNull: boolean): Piece {
  const cache = allNull ? allNullErrorPieces : errorPieces;
  let p = cache.get(code);
  if (p === undefined) cache.set(code, (p = P((allNull ? ALL_NULL_TEXT : '') + ',"error":' + code + ',"payload":"')));
  return p;
}
const ACTIVITY_OPEN = P('"{');
const ACTIVITY_CLOSE = P('}"');

/** The `","header":…,"channel":N,"pid":` run of a record: the same for every record of one event type and name set. */
interface HeadEntry {
  kind: string; providerId: string | null; id: number | null; version: number | null; level: number | null;
  opcode: number | null; task: number | null; hookId: number | null; channel: number | null;
  /** The keywords' 32-bit words and whether there are any (record.ts keywordsLow/keywordsHigh/hasKeywords). */
  keywordsLo: number; keywordsHi: number; hasKeywords: boolean;
  names: NamesText;
  bytes: Piece;
}

function headText(r: EtlRecord, names: NamesText): string {
  return '","header":"' + r.kind +
    '","provider":' + (r.providerId === null ? 'null' : '"{' + r.providerId + '}"') +
    names.text +
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

  private static same(e: HeadEntry, r: EtlRecord, names: NamesText): boolean {
    return e.names === names && e.providerId === r.providerId && e.opcode === r.opcode && e.id === r.id && e.version === r.version &&
      e.kind === r.kind && e.level === r.level && e.task === r.task && e.hookId === r.hookId &&
      e.channel === r.channel && e.keywordsLo === keywordsLow(r) && e.keywordsHi === keywordsHigh(r) && e.hasKeywords === hasKeywords(r);
  }

  get(r: EtlRecord, names: NamesText): Piece {
    const last = this.last;
    if (last !== null && HeadCache.same(last, r, names)) return last.bytes;
    let h = Math.imul(KIND_CODE[r.kind]! + 31 * ((r.id ?? 65536) + 65537 * (r.opcode ?? 256)), 0x9e3779b1);
    h = Math.imul(h ^ ((r.version ?? 65536) + 65537 * (r.level ?? 256)), 0x85ebca6b);
    h = Math.imul(h ^ names.id, 0xc2b2ae35);
    h = (h ^ ((r.task ?? 65536) + 65537 * (r.hookId ?? 0))) >>> 0;
    let list = this.map.get(h);
    if (list !== undefined) {
      for (const e of list) if (HeadCache.same(e, r, names)) { this.last = e; return e.bytes; }
    } else {
      if (this.size > 4096) { this.map.clear(); this.size = 0; }
      this.map.set(h, (list = []));
    }
    const e: HeadEntry = {
      kind: r.kind, providerId: r.providerId, id: r.id, version: r.version, level: r.level, opcode: r.opcode,
      task: r.task, keywordsLo: keywordsLow(r), keywordsHi: keywordsHigh(r), hasKeywords: hasKeywords(r), hookId: r.hookId, channel: r.channel, names, bytes: Piece.utf8(headText(r, names) + ',"pid":'),
    };
    list.push(e);
    this.size++;
    this.last = e;
    return e.bytes;
  }
}

const HEX16_PIECES: Piece[] = [];
const hex16Piece = (n: number) => HEX16_PIECES[n] ?? (HEX16_PIECES[n] = P(hex16(n)));

/**
 * Pieces of text by a number (ids, flags), made once per number: a small bounded cache
 * that checks the last number first (runs of one thread, one kind of event are common).
 */
class NumberPieces {
  private readonly map = new Map<number, Piece>();
  private lastKey = Number.NaN;
  private lastPiece = P('');
  constructor(private readonly textOf: (n: number) => string) {}
  get(n: number): Piece {
    if (n === this.lastKey) return this.lastPiece;
    let p = this.map.get(n);
    if (p === undefined) {
      if (this.map.size > 4096) this.map.clear();
      this.map.set(n, (p = P(this.textOf(n))));
    }
    this.lastKey = n;
    this.lastPiece = p;
    return p;
  }
}

/** `,"activityId":null,"flags":"0x…","eventProperty":N,"payloadSize":` by flags * 65536 + event property. */
const middleText = (key: number) =>
  ',"activityId":null,"flags":' + hex16(Math.floor(key / 65536)) + ',"eventProperty":' + (key % 65536) + ',"payloadSize":';

const NO_FIELDS: readonly DecodedField[] = [];

/** The message plan of a decoded payload whose message is not rendered yet, else null. */
function planOf(d: DecodedPayload | null): MessagePlan | null {
  return d instanceof SchemaPayload ? d.messagePlan : null;
}

export class JsonlSink implements EventSink {
  readonly needsPayload = true;
  private readonly times: RecordTimeFormatter;
  private readonly w: ByteWriter;
  private readonly heads = new HeadCache();
  private readonly names = new NamesTexts();
  /** The digits of rawTime above its last eight (they change every 10^8 ticks only), with what leads them. */
  private rawHigh = -1;
  private rawHighZ = P('');
  private rawHighPlain = P('');
  /** `PID,"tid":` and `TID,"cpu":` texts of the ids seen, which repeat; the middle run of records without an activity id. */
  private readonly pids = new NumberPieces((n) => String(n) + ',"tid":');
  private readonly tids = new NumberPieces((n) => String(n) + ',"cpu":');
  private readonly middles = new NumberPieces(middleText);

  /**
   * fromBytes false: schema payloads are always written from their decoded fields (the tests compare both ways).
   * bufferBytes: the output buffer's size (tests make it small so that lines cross flushes).
   * localTime: write `time` as that zone's wall clock and offset (--time local / --tz); null writes UTC.
   */
  constructor(private readonly out: OutputFile, private readonly fromBytes = true, bufferBytes?: number, localTime: LocalTime | null = null) {
    this.w = ByteWriter.forOutput(out, bufferBytes);
    this.times = new RecordTimeFormatter('{"time":"', localTime === null ? null : { local: localTime, style: 'iso' });
  }

  begin(_ctx: SinkContext): void {}

  write(ev: DecodedEvent): void {
    const r = ev.record;
    const w = this.w;
    const d = ev.decoded;
    const names = this.names.get(d);
    // A schema payload not decoded yet is written from its bytes (when the schema allows and the payload fits).
    let fromBytes: JsonFieldWriter | null = null;
    if (this.fromBytes && d instanceof SchemaPayload && d.pending) {
      const sw = JsonFieldWriter.for(d.compiled);
      const plain = r.extended.length === 0 && r.instance === null && r.wpp === null;
      if (sw !== null && sw.messageInFill && plain) {
        if (this.writeInFill(w, r, d, sw, names, true)) return;
      } else if (sw !== null && !sw.hasMessage && plain) {
        if (!isStringOnly(r) && this.writeInFill(w, r, d, sw, names, false)) return;
      } else if (sw !== null && (sw.hasMessage || !isStringOnly(r)) && sw.fill(d.bytes, d.from, d.to, d.pointerSize, d.sessionClock)) {
        fromBytes = sw;
        d.noteFits();
      }
    }
    if (fromBytes !== null && (fromBytes.hasMessage || fromBytes.hasFields) && r.extended.length === 0 && r.instance === null && r.wpp === null) {
      // The common decoded record: the head, one piece up to the message, the prepared values.
      this.writeHead(w, r, names);
      w.put(NULLS_TO_MESSAGE);
      this.writeFromBytes(w, fromBytes);
      return;
    }
    const decodedFields = fromBytes !== null ? NO_FIELDS : d?.fields ?? NO_FIELDS;
    const keys = fromBytes === null && d instanceof SchemaPayload ? keyRuns(d.fieldNames) : null;
    const direct = fromBytes === null && (keys !== null || plainMembers(decodedFields));
    // A schema message is written from its plan (unless the fields go through JSON.stringify anyway).
    const plan = direct ? planOf(d) : null;
    let message: string | null = plan !== null || fromBytes !== null ? null : d?.message ?? null;
    if (fromBytes === null && plan === null && message === null && isStringOnly(r)) message = stringOnlyText(r);
    let fields: Record<string, FieldValue> | null = null;
    if (fromBytes === null && !direct && decodedFields.length > 0) {
      fields = {};
      for (const f of decodedFields) fields[f.name] = f.value;
    }
    // Not decoded (no decoding asked for, no schema, or the payload did not fit): the payload goes out as hex.
    const error = fromBytes !== null || d === null ? null : d.error;
    const undecoded = d === null || error !== null;
    this.writeHead(w, r, names);
    const noDecoding = fromBytes === null ? message === null && plan === null && fields === null && !(direct && decodedFields.length > 0)
      : !fromBytes.hasMessage && !fromBytes.hasFields;
    const plain = r.extended.length === 0 && r.instance === null && r.wpp === null;
    if (plain && noDecoding) {
      if (!undecoded) { w.put(ALL_NULL); w.put(DECODED_END); return; }
      w.put(error === null ? ALL_NULL_UNDECODED : errorPiece(error.code, true));
      this.writePayloadHex(w, r);
      return;
    }
    w.put(EXTENDED);
    if (r.extended.length === 0) w.put(NULL); else w.text(extendedJson(r.extended));
    w.ensure(64);
    w.put(INSTANCE);
    if (r.instance === null) w.put(NULL); else w.text(JSON.stringify(r.instance));
    w.ensure(64);
    w.put(WPP);
    if (r.wpp === null) w.put(NULL); else w.text(wppJson(r, d));
    w.ensure(64);
    w.put(MESSAGE);
    if (fromBytes !== null) {
      this.writeFromBytes(w, fromBytes);
      return;
    }
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
    this.writeEnd(w, r, undecoded, error);
  }

  /**
   * The common decoded record, written as the fill reads the payload: the head,
   * then (`message`, when messageInFill) the message straight into the line and
   * the fields after it, else (a schema without a message: kernel classes) the
   * fields straight into the line. False (with nothing written: the line is
   * taken back) when the payload does not fit.
   */
  private writeInFill(w: ByteWriter, r: EtlRecord, d: SchemaPayload, sw: JsonFieldWriter, names: NamesText, message: boolean): boolean {
    w.held = w.pos;
    this.writeHead(w, r, names);
    w.put(message ? NULLS_TO_MESSAGE : NULLS_TO_FIELDS);
    const fits = message
      ? sw.fillWithMessage(w, d.bytes, d.from, d.to, d.pointerSize, d.sessionClock)
      : sw.fillWithFields(w, d.bytes, d.from, d.to, d.pointerSize, d.sessionClock);
    if (!fits) {
      w.pos = w.held;
      w.held = -1;
      return false;
    }
    w.held = -1;
    d.noteFits();
    if (message) {
      const fields = sw.fieldsWritten();
      w.ensure(fields.length + 64);
      w.put(FIELDS);
      if (fields.length > 0) { w.bytes(fields); w.put(FIELDS_END); } else w.put(NULL_DECODED_END);
    } else {
      w.ensure(FIELDS_END.length + NULL_DECODED_END.length);
      w.put(sw.hasFields ? FIELDS_END : NULL_DECODED_END);
    }
    return true;
  }

  /** The line from its start up to the payload size (both included). */
  private writeHead(w: ByteWriter, r: EtlRecord, names: NamesText): void {
    const head = this.heads.get(r, names);
    w.ensure(420 + head.length);
    const z = this.times.writeIsoTicks(w, r);
    const raw = r.rawTimeNumber;
    if (raw >= 1e8 && raw <= Number.MAX_SAFE_INTEGER) {
      // The digits above the last eight change every 10^8 ticks only: kept as a piece with the key before them.
      const hi = Math.floor(raw / 1e8);
      if (hi !== this.rawHigh) {
        this.rawHigh = hi;
        this.rawHighZ = new Piece(Buffer.concat([Z_RAW.bytes, Buffer.from(String(hi))]));
        this.rawHighPlain = new Piece(Buffer.concat([RAW.bytes, Buffer.from(String(hi))]));
      }
      w.put(z ? this.rawHighZ : this.rawHighPlain);
      w.digits8(raw - hi * 1e8);
    } else {
      w.put(z ? Z_RAW : RAW);
      if (raw >= 0 && raw <= Number.MAX_SAFE_INTEGER) w.uint(raw);
      else w.ascii(r.rawTime.toString());
    }
    w.put(head);
    w.put(this.pids.get(r.pid));
    w.put(this.tids.get(r.tid));
    const cpu = r.cpu;
    if (cpu < 10) w.byte(48 + cpu); else w.uint(cpu);
    if (r.activityId === null) w.put(this.middles.get(r.flags * 65536 + r.eventProperty));
    else {
      w.put(ACTIVITY); w.put(ACTIVITY_OPEN); w.ascii(r.activityId); w.put(ACTIVITY_CLOSE);
      w.put(FLAGS); w.put(hex16Piece(r.flags));
      w.put(PROPERTY); w.uint(r.eventProperty);
      w.put(PAYLOAD);
    }
    w.uint(r.payloadSize);
  }

  /** The message and fields values a schema writer prepared, and the end of the line (after `"message":`). */
  private writeFromBytes(w: ByteWriter, fromBytes: JsonFieldWriter): void {
    if (fromBytes.hasMessage) {
      fromBytes.writeMessage(w);
      w.ensure(64);
      w.put(FIELDS);
    } else {
      w.ensure(64);
      w.put(NULL_MESSAGE_FIELDS);
    }
    if (fromBytes.hasFields) fromBytes.writeFields(w); else w.put(NULL);
    w.ensure(DECODED_END.length);
    w.put(DECODED_END);
  }

  /** `,"error":…,"payload":…}` and the newline. */
  private writeEnd(w: ByteWriter, r: EtlRecord, undecoded: boolean, error: DecodeError | null): void {
    w.ensure(40);
    if (!undecoded) { w.put(DECODED_END); return; }
    w.put(error === null ? UNDECODED_PAYLOAD : errorPiece(error.code, false));
    this.writePayloadHex(w, r);
  }

  /** The payload's hex and `"}` with the newline (after the opening quote). */
  private writePayloadHex(w: ByteWriter, r: EtlRecord): void {
    if (r.payloadSize > 0) w.hex(r.payload);
    w.ensure(PAYLOAD_END.length);
    w.put(PAYLOAD_END);
  }

  end(): void {
    this.w.flush();
    this.out.commit();
  }
}
