/**
 * Event headers inside a buffer (docs/architecture.md F2): dispatch on the 4-byte
 * marker and normalize every header kind into an EtlRecord.
 */
import { EventHeaderFlag, type EtlRecord, type HeaderKind } from './record.js';
import { readGuid, readGuidShared, isZeroGuid } from './bytes.js';
import { parseExtendedItems } from './extended-data.js';
import { kernelClassOf } from './kernel-groups.js';

/** Where a record sits: the buffer facts every record of that buffer shares. */
export interface BufferContext {
  cpu: number;
  loggerId: number;
  fileIndex: number;
  bufferOffset: number;
  compressed: boolean;
}

/** Fixed header size per TRACE_HEADER_TYPE (0 = not a type we can walk). */
const FIXED_SIZE = new Uint8Array(0x16);
FIXED_SIZE[0x01] = 0x20; FIXED_SIZE[0x02] = 0x20; FIXED_SIZE[0x03] = 0x18; FIXED_SIZE[0x04] = 0x18;
FIXED_SIZE[0x0a] = 0x30; FIXED_SIZE[0x14] = 0x30; FIXED_SIZE[0x0b] = 0x48; FIXED_SIZE[0x15] = 0x48;
FIXED_SIZE[0x10] = 0x10; FIXED_SIZE[0x11] = 0x10; FIXED_SIZE[0x12] = 0x50; FIXED_SIZE[0x13] = 0x50;

const NO_ID = 0xffffffff;

/** A raw 64-bit time as its low u32 and high i32 halves. */
export interface RawParts {
  lo: number;
  hi: number;
}
const ZERO_RAW: RawParts = { lo: 0, hi: 0 };

/** The ArrayBuffer of the last source buffer asked about (every record of a buffer shares it). */
let lastSource: Buffer | null = null;
let lastArrayBuffer: ArrayBufferLike = new ArrayBuffer(0);
function arrayBufferOf(source: Buffer): ArrayBufferLike {
  if (source !== lastSource) {
    lastSource = source;
    lastArrayBuffer = source.buffer;
  }
  return lastArrayBuffer;
}

/**
 * A DataView of a source buffer (b[o] is its byte o), kept per buffer: a stream reads every record
 * of a buffer from one reused Buffer. readEventHeader reads its fields through it: a CPU profile
 * showed its Buffer.readUInt32LE and readUInt16LE as calls to Node's wrappers (node:internal/buffer),
 * not inlined, where V8 makes a DataView read a load.
 */
let lastViewSource: Buffer | null = null;
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
const views = new WeakMap<Buffer, DataView<ArrayBufferLike>>();
function viewOf(b: Buffer): DataView<ArrayBufferLike> {
  if (b === lastViewSource) return lastView;
  let v = views.get(b);
  if (v === undefined) views.set(b, (v = new DataView(b.buffer, b.byteOffset, b.length)));
  lastViewSource = b;
  lastView = v;
  return v;
}

/** Why a record could not be read; the rest of its buffer is abandoned. */
export class RecordDamage {
  constructor(readonly reason: string) {}
}

/** Converts a record's raw time parts to FILETIME; supplied by the stream that read it. */
export interface RecordClock {
  toFileTime(rawTime: bigint): bigint;
}

const NO_CLOCK: RecordClock = { toFileTime: (raw) => raw };

/**
 * A record as read. Header fields are plain properties; the two 64-bit times are
 * built as bigint only when asked for (most consumers of a pass need few of them),
 * from the raw value's two 32-bit halves.
 */
export class ReadRecord implements EtlRecord {
  /**
   * Raw timestamp halves: low u32 and high i32. The low half and the key start
   * as NaN (every reader sets them) so that V8 holds them as doubles from the
   * first record: a field first given small integers became a double field
   * when a low half reached 2^31 or a key 2^31 (214 s into a trace), which
   * threw away the optimized code of every function that had seen a record
   * (about 25 of them) in the middle of a run.
   */
  rawLo = NaN;
  rawHi = 0;
  /** Ordering key (set by the stream; see EtlRecord.timeKey). */
  timeKey = NaN;
  /** Clock of the file the record belongs to (set by the stream). */
  clock: RecordClock = NO_CLOCK;
  private cachedRaw: bigint | null = null;
  private cachedFileTime: bigint | null = null;

  providerId: string | null = null;
  id: number | null = null;
  version: number | null = null;
  channel: number | null = null;
  level: number | null = null;
  opcode: number | null = null;
  task: number | null = null;
  /**
   * The keywords as signed 32-bit words (see EtlRecord.keywordsLo), 0 and hasKeywords false for none
   * (not an EVENT_HEADER record): small integers whatever the keywords, so that the record keeps one
   * map and holds no boxed number (a double field costs an allocation per record).
   */
  keywordsLo = 0;
  keywordsHi = 0;
  hasKeywords = false;
  hookId: number | null = null;
  pid = NO_ID;
  tid = NO_ID;
  flags = 0;
  eventProperty = 0;
  activityId: string | null = null;
  kernelTime: number | null = null;
  userTime: number | null = null;
  declare pebsIndex: bigint | null;
  declare pmcCounters: bigint[] | null;
  declare instance: EtlRecord['instance'];
  declare wpp: EtlRecord['wpp'];
  extended: EtlRecord['extended'] = NO_ITEMS;
  /** The buffer the record was read from, and where its user data lies in it. */
  private source: Buffer = EMPTY;
  private payloadStart = 0;
  payloadSize = 0;
  private cachedPayload: Buffer | null = null;
  /** Facts of the buffer the record came from (shared by its records; read through the getters below). */
  private readonly ctx: BufferContext;
  offsetInBuffer: number;

  constructor(
    public kind: HeaderKind, public headerType: number, public pointerSize: 4 | 8, public size: number,
    ctx: BufferContext, pos: number,
  ) {
    this.ctx = ctx;
    this.offsetInBuffer = pos;
  }

  get cpu(): number { return this.ctx.cpu; }
  get loggerId(): number { return this.ctx.loggerId; }
  get fileIndex(): number { return this.ctx.fileIndex; }
  get bufferOffset(): number { return this.ctx.bufferOffset; }
  get compressed(): boolean { return this.ctx.compressed; }
  /** File offset of the record; for a compressed buffer, the buffer's (the record has no place in the file). */
  get fileOffset(): number { return this.ctx.compressed ? this.ctx.bufferOffset : this.ctx.bufferOffset + this.offsetInBuffer; }

  /** User data as a view into the reader's buffer (made on first access). */
  get payload(): Buffer {
    if (this.cachedPayload === null) this.cachedPayload = this.source.subarray(this.payloadStart, this.payloadStart + this.payloadSize);
    return this.cachedPayload;
  }

  get payloadBuffer(): ArrayBufferLike {
    return arrayBufferOf(this.source);
  }

  get payloadSource(): Buffer {
    return this.source;
  }

  get payloadOffset(): number {
    return this.payloadStart;
  }

  setPayload(b: Buffer, start: number, end: number): void {
    this.source = b;
    this.payloadStart = start;
    this.payloadSize = end - start;
  }

  /** Made from the halves when asked for (the dumps' and the registry's caches compare the halves: record.ts keywordsLow/keywordsHigh). */
  get keywords(): bigint | null {
    return this.hasKeywords ? (BigInt(this.keywordsHi >>> 0) << 32n) | BigInt(this.keywordsLo >>> 0) : null;
  }

  set keywords(k: bigint | null) {
    this.hasKeywords = k !== null;
    this.keywordsLo = k === null ? 0 : Number(BigInt.asIntN(32, k));
    this.keywordsHi = k === null ? 0 : Number(BigInt.asIntN(32, k >> 32n));
  }

  get rawTimeNumber(): number {
    return this.rawHi * 4294967296 + this.rawLo;
  }

  get rawTime(): bigint {
    if (this.cachedRaw === null) this.cachedRaw = (BigInt(this.rawHi) << 32n) | BigInt(this.rawLo);
    return this.cachedRaw;
  }

  get fileTime(): bigint {
    if (this.cachedFileTime === null) this.cachedFileTime = this.clock.toFileTime(this.rawTime);
    return this.cachedFileTime;
  }

  /** Set the raw time from its halves (low u32, high signed i32). */
  setRaw(lo: number, hi: number): void {
    this.rawLo = lo;
    this.rawHi = hi;
  }

  readRaw(b: Buffer, o: number): void {
    this.rawLo = b.readUInt32LE(o);
    this.rawHi = b.readInt32LE(o + 4);
  }
}

const NO_ITEMS: EtlRecord['extended'] = [];
// Fields that few records carry live on the prototype until a record sets its own.
Object.assign(ReadRecord.prototype, { pebsIndex: null, pmcCounters: null, instance: null, wpp: null });
const EMPTY = Buffer.alloc(0);

/**
 * Read the record at `pos` of buffer `b` whose valid data ends at `end`.
 * `last` is the previous record's raw time in this stream (for WPP messages
 * without a timestamp). The caller sets the record's clock.
 */
export function readRecord(b: Buffer, pos: number, end: number, ctx: BufferContext, last: RawParts = ZERO_RAW): ReadRecord | RecordDamage {
  if (pos + 8 > end) return new RecordDamage('record header cut off at the end of valid data');
  const flagsByte = b[pos + 3]!;
  if ((flagsByte & 0xc0) === 0xc0) {
    const type = b[pos + 2]!;
    const fixed = type < FIXED_SIZE.length ? FIXED_SIZE[type]! : 0;
    if (fixed === 0) return new RecordDamage(`unknown header type 0x${type.toString(16).padStart(2, '0')} (marker 0x${b.readUInt32LE(pos).toString(16)})`);
    switch (type) {
      case 0x01: case 0x02: case 0x03: case 0x04: case 0x10: case 0x11:
        return readSystem(b, pos, end, ctx, type, fixed);
      case 0x0a: case 0x14: case 0x0b: case 0x15:
        return readClassic(b, pos, end, ctx, type, fixed);
      default:
        return readEventHeader(b, pos, end, ctx, type);
    }
  }
  if ((flagsByte & 0xc0) === 0x80 && (flagsByte & 0x10) !== 0) return readMessage(b, pos, end, ctx, last);
  if (b.readUInt32LE(pos) === 0xffffffff) return new RecordDamage('filler');
  return new RecordDamage(`unknown record marker 0x${b.readUInt32LE(pos).toString(16).padStart(8, '0')}`);
}

function checkSize(size: number, fixed: number, pos: number, end: number): RecordDamage | null {
  if (size < fixed) return new RecordDamage(`record size ${size} is smaller than its ${fixed}-byte header`);
  if (pos + size > end) return new RecordDamage(`record size ${size} runs past the end of valid data`);
  return null;
}

/** The header kind of a SYSTEM (0x01/0x02), COMPACT (0x03/0x04) or PERFINFO (0x10/0x11) type. */
const systemKind = (type: number): HeaderKind => (type <= 0x02 ? 'system' : type <= 0x04 ? 'compact' : 'perfinfo');
/** Version-word bits of a SYSTEM-family header: 0x8000 PEBS index present, 0x0700 PMC counter count. */
const SYSTEM_EXTENSION_BITS = 0x8700;

/** What the count pass needs of a record (see readSystemIdentity). */
export interface RecordIdentity {
  kind: HeaderKind;
  providerId: string | null;
  id: number | null;
  version: number | null;
  opcode: number | null;
  size: number;
  /** Payload bytes and the pointer size of its header type (for checking the payload against a schema). */
  payloadSize: number;
  pointerSize: 4 | 8;
  rawLo: number;
  rawHi: number;
}

/**
 * The identity of a SYSTEM, COMPACT or PERFINFO record straight from its header,
 * the same values readRecord would give, without building the record: the count
 * pass of summary-only runs reads kernel traces this way. Returns false for every
 * record it does not take (other header kinds, PEBS/PMC extensions, any size
 * problem); those go through readRecord, which also reports damage.
 */
export function readSystemIdentity(b: Buffer, pos: number, end: number, out: RecordIdentity): boolean {
  if (pos + 8 > end || (b[pos + 3]! & 0xc0) !== 0xc0) return false;
  const type = b[pos + 2]!;
  if (!(type >= 0x01 && type <= 0x04) && type !== 0x10 && type !== 0x11) return false;
  const versionWord = b.readUInt16LE(pos);
  if ((versionWord & SYSTEM_EXTENSION_BITS) !== 0) return false;
  const size = b.readUInt16LE(pos + 4);
  if (size < FIXED_SIZE[type]! || pos + size > end) return false;
  const hookId = b.readUInt16LE(pos + 6);
  const kind = systemKind(type);
  out.kind = kind;
  out.providerId = kernelClassOf(hookId)?.guid ?? null;
  out.id = null;
  out.version = versionWord;
  out.opcode = hookId & 0xff;
  out.size = size;
  out.payloadSize = size - FIXED_SIZE[type]!;
  out.pointerSize = type === 0x01 || type === 0x03 || type === 0x10 ? 4 : 8;
  const rawAt = kind === 'perfinfo' ? pos + 8 : pos + 0x10;
  out.rawLo = b.readUInt32LE(rawAt);
  out.rawHi = b.readInt32LE(rawAt + 4);
  return true;
}

function readSystem(b: Buffer, pos: number, end: number, ctx: BufferContext, type: number, fixed: number): ReadRecord | RecordDamage {
  const size = b.readUInt16LE(pos + 4);
  const bad = checkSize(size, fixed, pos, end);
  if (bad) return bad;
  const kind = systemKind(type);
  const pointerSize: 4 | 8 = type === 0x01 || type === 0x03 || type === 0x10 ? 4 : 8;
  const r = new ReadRecord(kind, type, pointerSize, size, ctx, pos);
  const versionWord = b.readUInt16LE(pos);
  const hookId = b.readUInt16LE(pos + 6);
  r.version = versionWord & ~SYSTEM_EXTENSION_BITS & 0xffff;
  r.opcode = hookId & 0xff;
  r.hookId = hookId;
  r.level = 0;
  r.flags = EventHeaderFlag.CLASSIC_HEADER | (pointerSize === 4 ? EventHeaderFlag.HEADER_32_BIT : EventHeaderFlag.HEADER_64_BIT);
  const cls = kernelClassOf(hookId);
  r.providerId = cls ? cls.guid : null;
  if (kind === 'perfinfo') {
    r.readRaw(b, pos + 8);
  } else {
    r.tid = b.readUInt32LE(pos + 8);
    r.pid = b.readUInt32LE(pos + 0x0c);
    r.readRaw(b, pos + 0x10);
    if (kind === 'system') {
      r.kernelTime = b.readUInt32LE(pos + 0x18);
      r.userTime = b.readUInt32LE(pos + 0x1c);
    }
  }
  let data = pos + fixed;
  if (versionWord & 0x8000) {
    if (data + 8 > pos + size) return new RecordDamage('PEBS index runs past the record');
    r.pebsIndex = b.readBigUInt64LE(data);
    data += 8;
  }
  const pmc = (versionWord & 0x0700) >>> 8;
  if (pmc) {
    if (data + 8 * pmc > pos + size) return new RecordDamage('PMC counters run past the record');
    r.pmcCounters = [];
    for (let i = 0; i < pmc; i++, data += 8) r.pmcCounters.push(b.readBigUInt64LE(data));
  }
  r.setPayload(b, data, pos + size);
  return r;
}

function readClassic(b: Buffer, pos: number, end: number, ctx: BufferContext, type: number, fixed: number): ReadRecord | RecordDamage {
  const size = b.readUInt16LE(pos);
  const bad = checkSize(size, fixed, pos, end);
  if (bad) return bad;
  const instance = type === 0x0b || type === 0x15;
  const pointerSize: 4 | 8 = type === 0x0a || type === 0x0b ? 4 : 8;
  const r = new ReadRecord(instance ? 'instance' : 'trace', type, pointerSize, size, ctx, pos);
  r.opcode = b[pos + 4]!;
  r.level = b[pos + 5]!;
  r.version = b.readUInt16LE(pos + 6);
  r.tid = b.readUInt32LE(pos + 8);
  r.pid = b.readUInt32LE(pos + 0x0c);
  r.readRaw(b, pos + 0x10);
  r.providerId = readGuidShared(b, pos + 0x18);
  r.kernelTime = b.readUInt32LE(pos + 0x28);
  r.userTime = b.readUInt32LE(pos + 0x2c);
  r.flags = EventHeaderFlag.CLASSIC_HEADER | (pointerSize === 4 ? EventHeaderFlag.HEADER_32_BIT : EventHeaderFlag.HEADER_64_BIT);
  if (instance) {
    r.instance = { instanceId: b.readUInt32LE(pos + 0x30), parentInstanceId: b.readUInt32LE(pos + 0x34), parentGuid: readGuid(b, pos + 0x38) };
  }
  r.setPayload(b, pos + fixed, pos + size);
  return r;
}

function readEventHeader(b: Buffer, pos: number, end: number, ctx: BufferContext, type: number): ReadRecord | RecordDamage {
  const dv = viewOf(b);
  const size = dv.getUint16(pos, true);
  const bad = checkSize(size, 0x50, pos, end);
  if (bad) return bad;
  const pointerSize: 4 | 8 = type === 0x12 ? 4 : 8;
  const r = new ReadRecord('event', type, pointerSize, size, ctx, pos);
  const flags = dv.getUint16(pos + 4, true);
  r.flags = (flags & ~(EventHeaderFlag.HEADER_32_BIT | EventHeaderFlag.HEADER_64_BIT)) |
    (pointerSize === 4 ? EventHeaderFlag.HEADER_32_BIT : EventHeaderFlag.HEADER_64_BIT);
  r.eventProperty = dv.getUint16(pos + 6, true);
  r.tid = dv.getUint32(pos + 8, true);
  r.pid = dv.getUint32(pos + 0x0c, true);
  r.rawLo = dv.getUint32(pos + 0x10, true);
  r.rawHi = dv.getInt32(pos + 0x14, true);
  r.providerId = readGuidShared(b, pos + 0x18);
  r.id = dv.getUint16(pos + 0x28, true);
  r.version = b[pos + 0x2a]!;
  r.channel = b[pos + 0x2b]!;
  r.level = b[pos + 0x2c]!;
  r.opcode = b[pos + 0x2d]!;
  r.task = dv.getUint16(pos + 0x2e, true);
  r.keywordsLo = dv.getInt32(pos + 0x30, true);
  r.keywordsHi = dv.getInt32(pos + 0x34, true);
  r.hasKeywords = true;
  r.kernelTime = dv.getUint32(pos + 0x38, true);
  r.userTime = dv.getUint32(pos + 0x3c, true);
  r.activityId = isZeroGuid(b, pos + 0x40) ? null : readGuid(b, pos + 0x40);
  let data = pos + 0x50;
  if (flags & EventHeaderFlag.EXTENDED_INFO) {
    const ext = parseExtendedItems(b, data, pos + size);
    if (ext.damaged) return new RecordDamage('extended data items run past the record');
    r.extended = ext.items;
    data = ext.dataStart;
    for (const it of ext.items) {
      if (it.type === 4 && it.value) r.instance = it.value as EtlRecord['instance'];
    }
  }
  r.setPayload(b, data, pos + size);
  return r;
}

function readMessage(b: Buffer, pos: number, end: number, ctx: BufferContext, last: RawParts): ReadRecord | RecordDamage {
  const size = b.readUInt16LE(pos);
  const bad = checkSize(size, 8, pos, end);
  if (bad) return bad;
  const opt = b.readUInt16LE(pos + 6);
  const pointerSize: 4 | 8 = opt & 0x0040 ? 4 : 8;
  const r = new ReadRecord('wpp', 0, pointerSize, size, ctx, pos);
  const limit = pos + size;
  let o = pos + 8;
  let sequence: number | null = null;
  let componentId: number | null = null;
  let messageGuid: string | null = null;
  const need = (n: number) => o + n <= limit;
  if (opt & 0x0001) { if (!need(4)) return new RecordDamage('WPP sequence runs past the record'); sequence = b.readUInt32LE(o); o += 4; }
  if (opt & 0x0002) { if (!need(16)) return new RecordDamage('WPP GUID runs past the record'); messageGuid = readGuid(b, o); o += 16; }
  else if (opt & 0x0004) { if (!need(4)) return new RecordDamage('WPP component id runs past the record'); componentId = b.readUInt32LE(o); o += 4; }
  if (opt & 0x0008) { if (!need(8)) return new RecordDamage('WPP timestamp runs past the record'); r.readRaw(b, o); o += 8; }
  else r.setRaw(last.lo, last.hi);
  if (opt & 0x0020) { if (!need(8)) return new RecordDamage('WPP system info runs past the record'); r.tid = b.readUInt32LE(o); r.pid = b.readUInt32LE(o + 4); o += 8; }
  r.id = b.readUInt16LE(pos + 4);
  r.providerId = messageGuid;
  r.flags = EventHeaderFlag.TRACE_MESSAGE | (pointerSize === 4 ? EventHeaderFlag.HEADER_32_BIT : EventHeaderFlag.HEADER_64_BIT);
  r.wpp = { messageNumber: r.id, optionFlags: opt, sequence, componentId, messageGuid };
  r.setPayload(b, o, limit);
  return r;
}
