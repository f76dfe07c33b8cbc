/**
 * The XML dump (`-of XML`, dumpfile.xml) in tracerpt's shape (docs/architecture.md F10
 * and the real dump in the corpus): an `<Events>` root without declaration, one
 * `<Event>` per record with the event namespace, tab indentation, `<X />` empty
 * elements; System children in tracerpt's order; EventData / UserData /
 * ProcessingErrorData / BinaryEventData, or DebugData for WPP messages formatted
 * with TMF files (xml-debug-data.ts); RenderingInfo; ExtendedTracingInfo for
 * classic events. Streams one event at a time; every text goes through the
 * XML 1.0 escaper so the document is always well-formed.
 */
import { KERNEL_PROVIDER_GUID } from '../etl/kernel-groups.js';
import { keywordsHigh, keywordsLow, type EtlRecord } from '../etl/record.js';
import { LazyField } from '../schema/lazy-field.js';
import type { FieldWalk } from '../schema/field-walk.js';
import type { CompiledSchema } from '../schema/payload-decoder.js';
import { SchemaPayload } from '../schema/schema-payload.js';
import type { DecodedField, DecodedPayload } from '../schema/types.js';
import { ByteWriter, EncodedCache, Piece } from './byte-writer.js';
import { isNumberForm, writeNumberText } from './field-number-text.js';
import { braced, hexUpper, isClassic, isKernel, payloadHex, relatedActivityId, ZERO_GUID_BRACED } from './event-labels.js';
import type { OutputFile } from './output-file.js';
import { RecentTexts } from './recent-texts.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import type { LocalTime } from './local-time.js';
import { RecordTimeFormatter } from './system-time.js';
import { xmlAttr, xmlName, xmlText } from './xml-text.js';
import { debugDataBlock } from './xml-debug-data.js';
import { type DataMarkupBytes } from './xml-field-code.js';
import { XmlFieldWriter, xmlWalkOf, type XmlWalk } from './xml-field-writer.js';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const TRACE_NS = 'http://schemas.microsoft.com/win/2004/08/events/trace';
const EVENT_OPEN = `<Event xmlns="${EVENT_NS}">\n`;

export interface XmlDumpOptions {
  /** -rts: add the raw session-clock timestamp as a RawTime attribute of TimeCreated. */
  rawTimestamp?: boolean;
  /** --time local / --tz: SystemTime as that zone's wall clock with tracerpt's offset; absent or null writes UTC. */
  localTime?: LocalTime | null;
}

function providerElement(r: EtlRecord, d: DecodedPayload | null): string {
  if (isClassic(r)) {
    if (isKernel(r, d)) return `\t\t<Provider Guid="{${KERNEL_PROVIDER_GUID}}" />\n`;
    return d?.providerName ? `\t\t<Provider Name="${xmlAttr(d.providerName)}" />\n` : '\t\t<Provider />\n';
  }
  let attrs = '';
  if (d?.providerName) attrs += ` Name="${xmlAttr(d.providerName)}"`;
  if (r.providerId !== null) attrs += ` Guid="{${r.providerId}}"`;
  return `\t\t<Provider${attrs} />\n`;
}

/** The markup around one field's text: field names repeat, so it is built once per name (bounded). */
interface FieldMarkup {
  open: string;
  close: string;
  empty: string;
}
function markupCache(make: (name: string) => FieldMarkup): (name: string) => FieldMarkup {
  const map = new Map<string, FieldMarkup>();
  return (name) => {
    let m = map.get(name);
    if (m === undefined) {
      if (map.size >= 8192) map.clear();
      map.set(name, (m = make(name)));
    }
    return m;
  };
}
const dataMarkup = markupCache((name) => {
  const attr = xmlAttr(name);
  return { open: `\t\t<Data Name="${attr}">`, close: '</Data>\n', empty: `\t\t<Data Name="${attr}" />\n` };
});
const userDataMarkup = markupCache((name) => {
  const n = xmlName(name);
  return { open: `\t\t\t<${n}>`, close: `</${n}>\n`, empty: `\t\t\t<${n} />\n` };
});

function dataBlock(r: EtlRecord, d: DecodedPayload | null): string {
  if (d === null) return `\t<BinaryEventData>${payloadHex(r)}</BinaryEventData>\n`;
  if (d.wpp !== undefined) return debugDataBlock(r, d, d.wpp);
  if (d.error !== null && d.fields.length === 0) {
    const unnamed = d.providerName === null && d.eventName === null && d.taskName === null;
    if (isClassic(r) && unnamed) return `\t<BinaryEventData>${payloadHex(r)}</BinaryEventData>\n`;
    return '\t<ProcessingErrorData>\n'
      + `\t\t<ErrorCode>${d.error.code}</ErrorCode>\n`
      + '\t\t<DataItemName />\n'
      + `\t\t<EventPayload>${payloadHex(r)}</EventPayload>\n`
      + '\t</ProcessingErrorData>\n';
  }
  if (d.fields.length > 0 && d.userDataElement !== null) {
    const el = xmlName(d.userDataElement);
    let s = `\t<UserData>\n\t\t<${el}>\n`;
    for (const f of d.fields) {
      const m = userDataMarkup(f.name);
      s += f.text === '' ? m.empty : m.open + xmlText(f.text) + m.close;
    }
    return s + `\t\t</${el}>\n\t</UserData>\n`;
  }
  if (d.fields.length > 0) {
    let s = '\t<EventData>\n';
    for (const f of d.fields) {
      const m = dataMarkup(f.name);
      s += f.text === '' ? m.empty : m.open + xmlText(f.text) + m.close;
    }
    return s + '\t</EventData>\n';
  }
  if (d.message !== null) {
    return d.message === '' ? '\t<EventData>\n\t\t<Data />\n\t</EventData>\n' : `\t<EventData>\n\t\t<Data>${xmlText(d.message)}</Data>\n\t</EventData>\n`;
  }
  return '';
}

function renderingBlock(r: EtlRecord, d: DecodedPayload | null): string {
  if (d === null) return '';
  const message = d.fields.length > 0 || d.wpp?.formatted === true ? d.message : null;
  const s = (message !== null && message !== '' ? `\t\t<Message>${xmlText(message)}</Message>\n` : '') + renderingLabels(r, d);
  return s === '' ? '' : `\t<RenderingInfo Culture="en-US">\n${s}\t</RenderingInfo>\n`;
}

/** The RenderingInfo children after the message: the schema's names. */
function renderingLabels(r: EtlRecord, d: DecodedPayload): string {
  let s = '';
  const el = (name: string, v: string | null) => { if (v !== null && v !== '') s += `\t\t<${name}>${xmlText(v)}</${name}>\n`; };
  el('Level', d.levelName);
  el('Task', d.taskName !== null && !isClassic(r) ? d.taskName : null);
  el('Opcode', d.opcodeName);
  el('Channel', d.channelName);
  el('Provider', d.providerName);
  if (d.keywordNames.length > 0) {
    s += '\t\t<Keywords>\n';
    for (const k of d.keywordNames) s += `\t\t\t<Keyword>${xmlText(k)}</Keyword>\n`;
    s += '\t\t</Keywords>\n';
  }
  if (isClassic(r)) {
    const name = d.taskName ?? d.eventName;
    if (name) s += `\t\t<EventName xmlns="${TRACE_NS}">${xmlText(name)}</EventName>\n`;
  }
  return s;
}

const enc = (s: string) => Buffer.from(s, 'utf8');
const B_RAW = enc('" RawTime="');
const B_CORRELATION = enc('" />\n\t\t<Correlation ActivityID="');
const B_ZERO_GUID = enc(ZERO_GUID_BRACED);
const B_RELATED = enc('" RelatedActivityID="');
const B_EXECUTION = enc('" />\n\t\t<Execution ProcessID="');
const B_THREAD = enc('" ThreadID="');
const B_PROCESSOR = enc('" ProcessorID="');
const B_KERNEL_TIME = enc('" KernelTime="');
const B_USER_TIME = enc('" UserTime="');
const B_SYSTEM_END = enc('" />\n\t\t<Channel />\n\t\t<Computer />\n\t</System>\n');
const B_BINARY = enc('\t<BinaryEventData>');
const B_BINARY_END = enc('</BinaryEventData>\n');
const B_EXTENDED = enc(`\t<ExtendedTracingInfo xmlns="${TRACE_NS}">\n\t\t<EventGuid>`);
const B_EXTENDED_GUID_END = enc('</EventGuid>\n');
const B_INSTANCE = enc('\t\t<InstanceID>');
const B_PARENT = enc('</InstanceID>\n\t\t<ParentInstanceID>');
const B_PARENT_END = enc('</ParentInstanceID>\n');
const B_EXTENDED_END = enc('\t</ExtendedTracingInfo>\n');
const B_EVENT_END = enc('</Event>\n');

const B_CORRELATION_ZERO_EXECUTION = Buffer.concat([B_CORRELATION, B_ZERO_GUID, B_EXECUTION]);
const B_BINARY_END_EXTENDED = Buffer.concat([B_BINARY_END, B_EXTENDED]);
const B_EXTENDED_END_EVENT_END = Buffer.concat([B_EXTENDED_END, B_EVENT_END]);
const B_GUID_END_EXTENDED_END_EVENT_END = Buffer.concat([B_EXTENDED_GUID_END, B_EXTENDED_END, B_EVENT_END]);

/**
 * The start of an event up to the SystemTime value (`<Event …><System><Provider …/>…
 * <TimeCreated SystemTime="`) depends only on the provider element and six header
 * numbers, which repeat from event to event. They are kept in a two-way
 * table by a hash of the numbers: a trace interleaves a dozen or more event
 * types in cycles (the .NET rundown trace: eleven), which a ring of the last
 * eight built missed on nearly every switch, building the text again.
 */
interface SystemHeadEntry {
  kernel: boolean;
  provider: string | null;
  id: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  /** The keywords' 32-bit words (record.ts keywordsLow/keywordsHigh, no keywords as 0). */
  keywordsLo: number;
  keywordsHi: number;
  bytes: Buffer;
}

/** SystemHead's table: 2^HEAD_SET_BITS sets of two entries. */
const HEAD_SET_BITS = 6;

class SystemHead {
  private readonly slots: Array<SystemHeadEntry | null> = new Array<SystemHeadEntry | null>(2 << HEAD_SET_BITS).fill(null);

  /** The last provider element made (names and ids repeat from event to event). */
  private lastName: string | null | undefined = undefined;
  private lastId: string | null = null;
  private lastClassic = false;
  private lastProvider = '';

  get(r: EtlRecord, d: DecodedPayload | null, classic: boolean): Buffer {
    const kernel = classic && isKernel(r, d);
    let provider: string | null = null;
    if (!kernel) {
      const name = d === null ? null : d.providerName;
      if (name !== this.lastName || r.providerId !== this.lastId || classic !== this.lastClassic) {
        this.lastName = name;
        this.lastId = r.providerId;
        this.lastClassic = classic;
        this.lastProvider = providerElement(r, d);
      }
      provider = this.lastProvider;
    }
    const id = classic ? 0 : (r.id ?? 0);
    const version = r.version ?? 0;
    const level = r.level ?? 0;
    const task = r.task ?? 0;
    const opcode = r.opcode ?? 0;
    const keywordsHi = keywordsHigh(r);
    const keywordsLo = keywordsLow(r);
    // Two ways per set: the newer first.
    const slot = 2 * (Math.imul(id ^ (opcode << 16) ^ (task << 5) ^ (version << 24) ^ (level << 12), 0x9e3779b1) >>> (32 - HEAD_SET_BITS));
    const slots = this.slots;
    for (let k = slot; k < slot + 2; k++) {
      const e = slots[k]!;
      if (e !== null && e.opcode === opcode && e.version === version && e.kernel === kernel && e.provider === provider && e.id === id
        && e.level === level && e.task === task && e.keywordsLo === keywordsLo && e.keywordsHi === keywordsHi) return e.bytes;
    }
    const bytes = Buffer.from(EVENT_OPEN + '\t<System>\n'
      + (kernel ? `\t\t<Provider Guid="{${KERNEL_PROVIDER_GUID}}" />\n` : provider)
      + `\t\t<EventID>${id}</EventID>\n`
      + `\t\t<Version>${version}</Version>\n`
      + `\t\t<Level>${level}</Level>\n`
      + `\t\t<Task>${task}</Task>\n`
      + `\t\t<Opcode>${opcode}</Opcode>\n`
      + `\t\t<Keywords>${hexUpper(r.keywords ?? 0n)}</Keywords>\n`
      + '\t\t<TimeCreated SystemTime="', 'utf8');
    slots[slot + 1] = slots[slot]!;
    slots[slot] = { kernel, provider, id, version, level, task, opcode, keywordsLo, keywordsHi, bytes };
    return bytes;
  }
}

interface ExecutionEntry {
  pid: number;
  tid: number;
  cpu: number;
  kernelTime: number;
  userTime: number;
  bytes: Buffer;
  /** The common run around them: the zero Correlation before, the end of System after. */
  whole: Buffer;
}

/**
 * The Execution attribute values (`1112" ThreadID="13392" … UserTime="0`): the same
 * thread logs runs of events with the same times, so the last few are kept.
 */
class ExecutionValues {
  private readonly recent = new RecentTexts<ExecutionEntry>();

  /** Write them (room for ~200 bytes ensured). */
  write(w: ByteWriter, r: EtlRecord): void {
    w.bytes(this.entry(w, r).bytes);
  }

  /** The zero Correlation, them and the end of System (room for ~300 bytes ensured). */
  writeWhole(w: ByteWriter, r: EtlRecord): void {
    w.bytes(this.entry(w, r).whole);
  }

  private entry(w: ByteWriter, r: EtlRecord): ExecutionEntry {
    const pid = r.pid >>> 0;
    const tid = r.tid >>> 0;
    const cpu = r.cpu;
    const kernelTime = r.kernelTime ?? 0;
    const userTime = r.userTime ?? 0;
    const recent = this.recent.entries;
    for (let i = 0; i < recent.length; i++) {
      const e = recent[i]!;
      if (e.tid === tid && e.pid === pid && e.cpu === cpu && e.kernelTime === kernelTime && e.userTime === userTime) return e;
    }
    // Made in the writer's room, then taken back.
    const from = w.pos;
    w.uint(pid);
    w.bytes(B_THREAD); w.uint(tid);
    w.bytes(B_PROCESSOR); w.uint(cpu);
    w.bytes(B_KERNEL_TIME); w.uint(kernelTime);
    w.bytes(B_USER_TIME); w.uint(userTime);
    const bytes = w.copySince(from);
    w.pos = from;
    const entry: ExecutionEntry = { pid, tid, cpu, kernelTime, userTime, bytes, whole: Buffer.concat([B_CORRELATION_ZERO_EXECUTION, bytes, B_SYSTEM_END]) };
    this.recent.add(entry);
    return entry;
  }
}

/** Would renderingBlock(r, d) be empty for an event dataBlock shows as BinaryEventData (no task/provider/event name, no fields)? */
function binaryRenderingEmpty(d: DecodedPayload): boolean {
  return (d.levelName === null || d.levelName === '') && (d.opcodeName === null || d.opcodeName === '')
    && (d.channelName === null || d.channelName === '') && d.keywordNames.length === 0;
}

/** One `<Event>` element, newline-terminated, written straight into the byte writer. */
function writeEventXml(w: ByteWriter, r: EtlRecord, d: DecodedPayload | null, rawTimestamp: boolean, times: RecordTimeFormatter, c: XmlByteCaches): void {
  const { guids, head, exec } = c;
  const classic = isClassic(r);
  const headBytes = head.get(r, d, classic);
  // The rest of the System block: at most ~400 bytes.
  w.ensure(512 + headBytes.length);
  w.bytes(headBytes);
  times.writeSystemTime(w, r);
  if (rawTimestamp) { w.bytes(B_RAW); w.ascii(r.rawTime.toString()); }
  const related = r.extended.length > 0 ? relatedActivityId(r) : null;
  if (r.activityId === null && related === null) exec.writeWhole(w, r);
  else {
    w.bytes(B_CORRELATION);
    if (r.activityId === null) w.bytes(B_ZERO_GUID);
    else w.ascii(braced(r.activityId));
    if (related !== null) { w.bytes(B_RELATED); w.ascii(braced(related)); }
    w.bytes(B_EXECUTION);
    exec.write(w, r);
    w.bytes(B_SYSTEM_END);
  }

  // A schema payload not decoded yet: its EventData straight from the compiled decoder (when it fits and shows fields), to the event's end.
  if (c.fromBytes && d instanceof SchemaPayload && d.pending && writeWalkedEventData(w, r, d, c.fields, classic, guids)) return;
  // Undecoded payloads, and classic events no schema names (dataBlock's BinaryEventData cases).
  const binary = d === null
    || (d.error !== null && d.fields.length === 0 && classic && d.providerName === null && d.eventName === null && d.taskName === null);
  if (binary) {
    w.ensure(B_BINARY.length);
    w.bytes(B_BINARY);
    if (r.payloadSize > 0) w.hex(r.payload);
    if (d === null || binaryRenderingEmpty(d)) {
      // The end of BinaryEventData goes with what follows it.
      if (classic) writeExtended(w, r, guids, B_BINARY_END_EXTENDED);
      else { w.ensure(64); w.bytes(B_BINARY_END); w.bytes(B_EVENT_END); }
      return;
    }
    w.ensure(B_BINARY_END.length);
    w.bytes(B_BINARY_END);
    w.text(renderingBlock(r, d));
  } else {
    if (d instanceof SchemaPayload && d.fields.length > 0 && d.userDataElement === null) writeEventData(w, d.fields, d.fieldNames);
    else w.text(dataBlock(r, d));
    const rendering = renderingBlock(r, d);
    if (rendering !== '') w.text(rendering);
  }
  writeEnd(w, r, classic, guids);
}

/** A classic event's ExtendedTracingInfo (after `start`, which opens it) and the event's end. */
function writeExtended(w: ByteWriter, r: EtlRecord, guids: EncodedCache<string | null>, start: Buffer): void {
  const guid = guids.get(r.providerId);
  w.ensure(256 + guid.length);
  w.bytes(start);
  w.bytes(guid);
  const inst = r.instance;
  if (inst === null) w.bytes(B_GUID_END_EXTENDED_END_EVENT_END);
  else {
    w.bytes(B_EXTENDED_GUID_END);
    w.bytes(B_INSTANCE); w.uint(inst.instanceId);
    w.bytes(B_PARENT); w.uint(inst.parentInstanceId);
    w.bytes(B_PARENT_END);
    w.bytes(B_EXTENDED_END_EVENT_END);
  }
}

const B_EVENT_DATA = enc('\t<EventData>\n');
const B_EVENT_DATA_END = enc('\t</EventData>\n');
const B_DATA_END = enc('</Data>\n');
const P_DATA_END = new Piece(B_DATA_END);
/** `\t\t<Data Name="…">` and the empty element of each field of a schema, as bytes (per field-name list; the last one kept at hand). */
const markupBytes = new WeakMap<readonly string[], DataMarkupBytes>();
let lastNames: readonly string[] | null = null;
let lastMarkup: DataMarkupBytes | null = null;
function dataMarkupBytes(names: readonly string[]): DataMarkupBytes {
  if (names === lastNames) return lastMarkup!;
  let m = markupBytes.get(names);
  if (m === undefined) {
    m = {
      begin: new Piece(B_EVENT_DATA), open: names.map((n) => Piece.utf8(dataMarkup(n).open)), close: names.map(() => P_DATA_END),
      empty: names.map((n) => Piece.utf8(dataMarkup(n).empty)), finish: new Piece(B_EVENT_DATA_END),
    };
    markupBytes.set(names, m);
  }
  lastNames = names;
  lastMarkup = m;
  return m;
}

/** The same for a UserData template: its element, one element per field named after it (the last one kept at hand). */
const userMarkupBytes = new WeakMap<readonly string[], Map<string, DataMarkupBytes>>();
let lastUserNames: readonly string[] | null = null;
let lastUserElement = '';
let lastUserMarkup: DataMarkupBytes | null = null;
function userDataMarkupBytes(names: readonly string[], element: string): DataMarkupBytes {
  if (names === lastUserNames && element === lastUserElement) return lastUserMarkup!;
  let byElement = userMarkupBytes.get(names);
  if (byElement === undefined) userMarkupBytes.set(names, (byElement = new Map()));
  let m = byElement.get(element);
  if (m === undefined) {
    const el = xmlName(element);
    m = {
      begin: Piece.utf8(`\t<UserData>\n\t\t<${el}>\n`), open: names.map((n) => Piece.utf8(userDataMarkup(n).open)),
      close: names.map((n) => Piece.utf8(userDataMarkup(n).close)), empty: names.map((n) => Piece.utf8(userDataMarkup(n).empty)),
      finish: Piece.utf8(`\t\t</${el}>\n\t</UserData>\n`),
    };
    byElement.set(element, m);
  }
  lastUserNames = names;
  lastUserElement = element;
  lastUserMarkup = m;
  return m;
}

/**
 * dataBlock's EventData case written into the writer: numbers from the fields'
 * values (no text string), other texts escaped where they need it. The same bytes.
 * `names`: the schema's field names (fields[i].name is names[i]).
 */
function writeEventData(w: ByteWriter, fields: readonly DecodedField[], names: readonly string[]): void {
  const markup = dataMarkupBytes(names);
  w.ensure(B_EVENT_DATA.length);
  w.bytes(B_EVENT_DATA);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const number = f instanceof LazyField && isNumberForm(f.textForm);
    const text = number ? null : f.text;
    if (text === '') {
      const empty = markup.empty[i]!;
      w.ensure(empty.length);
      w.put(empty);
      continue;
    }
    const open = markup.open[i]!;
    w.ensure(open.length);
    w.put(open);
    if (text !== null || !writeNumberText(w, f as LazyField)) w.text(xmlText(text ?? f.text));
    w.ensure(B_DATA_END.length);
    w.bytes(B_DATA_END);
  }
  w.ensure(B_EVENT_DATA_END.length);
  w.bytes(B_EVENT_DATA_END);
}

const B_RENDERING = enc('\t<RenderingInfo Culture="en-US">\n');
const B_RENDERING_END = enc('\t</RenderingInfo>\n');
const B_MESSAGE = enc('\t\t<Message>');
const B_MESSAGE_END = enc('</Message>\n');
/** Whether src[start, end) starts with U+FFFD (EF BF BD in UTF-8), what xmlText puts for a lone surrogate. */
function replacementAt(src: Uint8Array, start: number, end: number): boolean {
  return end - start >= 3 && src[start] === 0xef && src[start + 1] === 0xbf && src[start + 2] === 0xbd;
}

/**
 * What a walked event writes after its fields, the same for every payload of
 * one schema and markup (and whether the event is classic, which adds
 * EventName to the labels): the constant runs around the message's field texts
 * joined into as few pieces as they make.
 */
interface Rendering {
  /** Without a message (no plan, or nothing in it): the fields' end and the labels' RenderingInfo, if any. */
  bare: Piece;
  /** With one: the fields' end, the RenderingInfo and Message openings and the first literal. */
  head: Piece;
  /** Where the Message element starts in `head`. */
  messageAt: number;
  /**
   * By message part k: the visible field whose text comes (-1: none), then the literal after it: `literal`'s
   * bytes up to literalEnd[k] (from literalEnd[k - 1], or 0), and whether that starts with U+FFFD.
   */
  fieldAt: Int32Array;
  literal: DataView;
  literalEnd: Int32Array;
  pieceReplacement: Uint8Array;
  /** The literals' bytes (the first one's, in `head`, too). */
  literals: number;
  /** No visible field is shown twice: the message's field texts are then at most the bytes the walk wrote. */
  onceEach: boolean;
  /** After the message: its end, the labels and RenderingInfo's end. */
  tail: Piece;
  /** The labels and RenderingInfo's end (after a message written from its string). */
  labelsEnd: Piece;
  /** Whether the events are classic (ExtendedTracingInfo follows RenderingInfo). */
  classic: boolean;
  /**
   * `bare` and `tail` each with the event's end after them (a classic event's
   * ExtendedTracingInfo without instance ids, for class GUID `endsFor`), made when first needed.
   */
  ends: [Piece, Piece] | null;
  endsFor: string | null;
  /** The most bytes of all but the field texts. */
  room: number;
}

function newRendering(r: EtlRecord, d: SchemaPayload, finish: Piece, classic: boolean): Rendering {
  const labels = enc(renderingLabels(r, d));
  const plan = d.compiled.message;
  const texts = plan === null ? [] : plan.pieces.map((t) => enc(xmlText(t)));
  const literals = texts.reduce((n, t) => n + t.length, 0);
  const bare = labels.length === 0 ? finish.bytes : Buffer.concat([finish.bytes, B_RENDERING, labels, B_RENDERING_END]);
  const head = Buffer.concat([finish.bytes, B_RENDERING, B_MESSAGE, texts[0] ?? Buffer.alloc(0)]);
  const fieldAt = Int32Array.from(plan?.fieldAt ?? [], (v) => (v >= 0 ? v : -1));
  const shown = [...fieldAt].filter((v) => v >= 0);
  const pieces = texts.slice(1);
  const literal = Buffer.concat([...pieces, Buffer.alloc(0)]);
  let end = 0;
  return {
    bare: new Piece(bare), head: new Piece(head), messageAt: finish.length + B_RENDERING.length, fieldAt,
    literal: new DataView(literal.buffer, literal.byteOffset, literal.length), literalEnd: Int32Array.from(pieces, (p) => (end += p.length)),
    pieceReplacement: Uint8Array.from(pieces, (p) => (replacementAt(p, 0, p.length) ? 1 : 0)), literals, onceEach: new Set(shown).size === shown.length,
    tail: new Piece(Buffer.concat([B_MESSAGE_END, labels, B_RENDERING_END])), labelsEnd: new Piece(Buffer.concat([labels, B_RENDERING_END])),
    room: Math.max(bare.length, head.length + literals + B_MESSAGE_END.length + labels.length + B_RENDERING_END.length) + END_ROOM,
    classic, ends: null, endsFor: null,
  };
}

/** Renderings by walk, [not classic, classic] (a layout keeps its own: layoutOf). */
const renderings = new WeakMap<FieldWalk, Array<Rendering | undefined>>();
function renderingOf(walk: FieldWalk, r: EtlRecord, d: SchemaPayload, finish: Piece, classic: boolean): Rendering {
  let both = renderings.get(walk);
  if (both === undefined) renderings.set(walk, (both = []));
  const k = classic ? 1 : 0;
  return both[k] ?? (both[k] = newRendering(r, d, finish, classic));
}

/**
 * What writeWalkedEventData writes a compiled schema's events with (its markup, walk
 * and, once made, rendering), by schema and whether the event is classic. The last
 * few are kept and the last one found is checked first: event types interleave (the
 * rundown trace's loader events come in threes; 29% of its records differ in type
 * from the one before), which the last-one checks of dataMarkupBytes/userDataMarkupBytes,
 * xmlWalkOf and renderingOf missed, each then a WeakMap and a Map look-up.
 */
interface WalkedLayout {
  compiled: CompiledSchema;
  classic: boolean;
  markup: DataMarkupBytes;
  walk: XmlWalk;
  rendering: Rendering | null;
}
const layouts = new RecentTexts<WalkedLayout>();
let lastLayout: WalkedLayout | null = null;
function layoutOf(d: SchemaPayload, classic: boolean): WalkedLayout {
  const compiled = d.compiled;
  if (lastLayout !== null && lastLayout.compiled === compiled && lastLayout.classic === classic) return lastLayout;
  const entries = layouts.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.compiled === compiled && e.classic === classic) return (lastLayout = e);
  }
  const element = d.userDataElement;
  const names = compiled.fieldNames;
  const markup = element === null ? dataMarkupBytes(names) : userDataMarkupBytes(names, element);
  const e: WalkedLayout = { compiled, classic, markup, walk: xmlWalkOf(compiled, markup), rendering: null };
  layouts.add(e);
  return (lastLayout = e);
}

/**
 * A pending schema payload's EventData or UserData (dataBlock's field cases)
 * and RenderingInfo block, the fields written by the compiled decoder's walk
 * straight into `w` (xml-field-writer.ts). False, with nothing written, when
 * the payload does not fit the schema or shows no field: the caller then
 * writes the event from the decoded fields.
 *
 * The event so far may be flushed while the walk writes, but not the fields:
 * `w.held` marks where they start, and a writer that runs out of room moves
 * them to the front of its buffer (byte-writer.ts). The walk's code keeps
 * positions in the buffer (where a field's markup and text begin, and the text
 * ranges for the message), which such a move leaves behind, so a walk during
 * which the fields moved is written again in place (nothing moves the second
 * time: the fields then start at the front, and the buffer only grows).
 *
 * The message is assembled from the escaped field texts and pieces (escaping
 * works character by character, so the parts' escapes are the whole's). The
 * one exception, a lone high surrogate next to a lone low one across two parts
 * (escaped apart they are two U+FFFD, together a pair), takes the message
 * string instead.
 */
function writeWalkedEventData(w: ByteWriter, r: EtlRecord, d: SchemaPayload, fields: XmlFieldWriter, classic: boolean,
  guids: EncodedCache<string | null>): boolean {
  const layout = layoutOf(d, classic);
  const markup = layout.markup;
  const walk = fields.use(layout.walk);
  w.ensure(markup.begin.length);
  let at = w.pos;
  w.held = at;
  w.put(markup.begin);
  let fits = walk.write(fields, d.bytes, d.from, d.to, d.pointerSize, d.sessionClock);
  if (fits && w.held !== at) {
    at = w.pos = w.held;
    w.ensure(markup.begin.length);
    w.put(markup.begin);
    fits = walk.write(fields, d.bytes, d.from, d.to, d.pointerSize, d.sessionClock);
  }
  if (fits) d.noteFits();
  if (!fits || walk.written === 0) {
    w.pos = w.held;
    w.held = -1;
    return false;
  }
  const rendering = layout.rendering ?? (layout.rendering = renderingOf(walk, r, d, markup.finish, classic));
  const fieldAt = rendering.fieldAt;
  const written = walk.written;
  const textStart = fields.textStart, textEnd = fields.textEnd;
  let length = rendering.literals;
  if (rendering.onceEach && length > 0) length += w.pos - at;
  else {
    for (let k = 0; k < fieldAt.length; k++) {
      const v = fieldAt[k]!;
      if (v >= 0 && v < written) length += textEnd[v]! - textStart[v]!;
    }
  }
  // Room for the rest at once; the fields' texts are then `shift` bytes before where the walk noted them.
  w.ensure(rendering.room + length);
  const shift = at - w.held;
  w.held = -1;
  if (length === 0) {
    putWithEnd(w, r, rendering, 0, guids);
    return true;
  }
  const messageAt = w.pos + rendering.messageAt;
  w.put(rendering.head);
  const textAt = messageAt + B_MESSAGE.length;
  const joined = writeMessageParts(w, rendering, textStart, textEnd, written, shift, textAt);
  if (joined) {
    putWithEnd(w, r, rendering, 1, guids);
    return true;
  }
  w.pos = messageAt;
  w.text(`\t\t<Message>${xmlText(d.message ?? '')}</Message>\n`);
  w.ensure(rendering.labelsEnd.length);
  w.put(rendering.labelsEnd);
  writeEnd(w, r, classic, guids);
  return true;
}

/**
 * The message's parts after its first literal (room ensured): per part the
 * field's escaped text, copied from where the walk wrote it (`shift` bytes
 * before where it noted it), and the literal after it, 32-bit words at a time
 * (faster than a call per part for these 1–60 byte runs). False when a part
 * starting with U+FFFD follows one ending with it (see writeWalkedEventData).
 */
function writeMessageParts(w: ByteWriter, rendering: Rendering, textStart: Int32Array, textEnd: Int32Array, written: number, shift: number,
  textAt: number): boolean {
  const fieldAt = rendering.fieldAt, literalEnd = rendering.literalEnd, pieceReplacement = rendering.pieceReplacement, lit = rendering.literal;
  const buf = w.buf, view = w.view;
  let p = w.pos;
  let joined = true;
  let ls = 0;
  for (let k = 0; k < fieldAt.length; k++) {
    const v = fieldAt[k]!;
    if (v >= 0 && v < written) {
      let i = textStart[v]! - shift;
      const e = textEnd[v]! - shift;
      if (e > i) {
        if (buf[i] === 0xef && replacementAt(buf, i, e) && p - textAt >= 3 && replacementAt(buf, p - 3, p)) joined = false;
        for (; i + 4 <= e; i += 4, p += 4) view.setInt32(p, view.getInt32(i, true), true);
        for (; i < e; i++) buf[p++] = buf[i]!;
      }
    }
    const le = literalEnd[k]!;
    if (le > ls) {
      if (pieceReplacement[k] === 1 && p - textAt >= 3 && replacementAt(buf, p - 3, p)) joined = false;
      for (; ls + 4 <= le; ls += 4, p += 4) view.setInt32(p, lit.getInt32(ls, true), true);
      for (; ls < le; ls++) buf[p++] = lit.getUint8(ls);
    }
  }
  w.pos = p;
  return joined;
}

/** Room for the end of an event after RenderingInfo: ExtendedTracingInfo (its class GUID, instance ids) or `</Event>`. */
const END_ROOM = 256;

/** The event's end after RenderingInfo. */
function writeEnd(w: ByteWriter, r: EtlRecord, classic: boolean, guids: EncodedCache<string | null>): void {
  if (classic) { writeExtended(w, r, guids, B_EXTENDED); return; }
  w.ensure(B_EVENT_END.length);
  w.bytes(B_EVENT_END);
}

/** The rendering's `bare` (0) or `tail` (1) and the event's end, as one piece where it can be (room ensured). */
function putWithEnd(w: ByteWriter, r: EtlRecord, rendering: Rendering, which: 0 | 1, guids: EncodedCache<string | null>): void {
  if (r.instance !== null) {
    w.put(which === 0 ? rendering.bare : rendering.tail);
    writeEnd(w, r, rendering.classic, guids);
    return;
  }
  let ends = rendering.ends;
  if (ends === null || (rendering.classic && rendering.endsFor !== r.providerId)) {
    const end = rendering.classic ? Buffer.concat([B_EXTENDED, guids.get(r.providerId), B_GUID_END_EXTENDED_END_EVENT_END]) : B_EVENT_END;
    ends = rendering.ends = [new Piece(Buffer.concat([rendering.bare.bytes, end])), new Piece(Buffer.concat([rendering.tail.bytes, end]))];
    rendering.endsFor = r.providerId;
  }
  const piece = ends[which];
  w.ensure(piece.length);
  w.put(piece);
}

class XmlByteCaches {
  constructor(readonly fromBytes: boolean, w: ByteWriter) {
    this.fields.w = w;
  }
  readonly guids = new EncodedCache<string | null>(braced);
  readonly head = new SystemHead();
  readonly exec = new ExecutionValues();
  /** The EventData of a payload the compiled decoder walks, written into the output's writer. */
  readonly fields = new XmlFieldWriter();
}

export class XmlDumpSink implements EventSink {
  readonly needsPayload = true;
  private readonly times: RecordTimeFormatter;
  private readonly bytes: ByteWriter;
  private readonly rawTimestamp: boolean;
  private readonly caches: XmlByteCaches;
  /**
   * fromBytes false: schema payloads are always written from their decoded fields (the tests compare both ways).
   * capacity: of the writer's buffer (the tests make it small, so that fields move while the walk writes them).
   */
  constructor(private readonly out: OutputFile, options: XmlDumpOptions = {}, fromBytes = true, capacity?: number) {
    this.bytes = ByteWriter.forOutput(out, capacity);
    this.caches = new XmlByteCaches(fromBytes, this.bytes);
    this.rawTimestamp = options.rawTimestamp === true;
    const local = options.localTime ?? null;
    this.times = new RecordTimeFormatter('', local === null ? null : { local, style: 'tracerpt' });
  }

  begin(_ctx: SinkContext): void {
    this.out.write('<Events>\n');
  }

  write(ev: DecodedEvent): void {
    writeEventXml(this.bytes, ev.record, ev.decoded, this.rawTimestamp, this.times, this.caches);
  }

  end(): void {
    this.bytes.flush();
    this.out.write('</Events>\n');
    this.out.commit();
  }
}
