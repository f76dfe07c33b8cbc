/**
 * The schema registry: where every schema source registers its EventSchemas
 * (manifest events by provider/id/version, MOF classes by class GUID/event
 * type/version), and the one PayloadDecoder the report command uses. For a
 * record it picks TraceLogging metadata (ext item 11), then a registered schema,
 * then the string-only rule, else reports ERROR_NOT_FOUND (docs/architecture.md F10).
 * Each schema is compiled once. Every source of schemas is a SchemaSource
 * (schema-source.ts) given to `addSource`: it registers at once (`load`), when
 * a GUID is first met (`provide`, asked once per GUID before its first lookup)
 * or as records pass (`observe`, every record first). Where two sources define
 * the same event, the higher rank wins (schema-rank.ts). A source that decodes
 * some records by code is asked before the schemas (`decodeAhead`) and after
 * them (`decodeAfter`).
 */
import { hasKeywords, keywordsHigh, keywordsLow, type EtlRecord, type HeaderKind } from '../etl/record.js';
import { ClockConverter } from '../etl/clock.js';
import type { EtlFileInfo } from '../etl/reader.js';
import type { EventSchema } from './event-schema.js';
import { SchemaRank } from './schema-rank.js';
import type { SchemaSource } from './schema-source.js';
import type { ManifestEventKey, MofEventKey, SchemaKey, SchemaTarget } from './schema-target.js';
import { compileSchema, type CompiledSchema } from './payload-decoder.js';
import { SchemaPayload } from './schema-payload.js';
import { isStringOnly, stringOnlyText } from './string-only.js';
import { TraceLoggingSchemas } from './tracelogging/tracelogging.js';
import type { DecodedPayload, PayloadDecoder } from './types.js';

/** ERROR_NOT_FOUND: no schema for the event (docs/architecture.md F10). */
export const ERROR_NOT_FOUND = 1168;

export interface SchemaRegistryOptions {
  /**
   * The opened files (EtlReader.files). Lets MOF WmiTime / ETWTIME values be
   * converted from the session clock to date-times; without it they stay raw numbers.
   */
  files?: readonly EtlFileInfo[];
  /**
   * Decode a schema event's fields only when they are first read (the report
   * pipeline, whose sinks use a payload while its record is current, and the
   * JSONL sink, which then writes from the payload bytes itself). Such payloads
   * read the record's buffer, so they must not be kept past the record.
   * Default: fields are decoded by decode().
   */
  deferFields?: boolean;
  /**
   * For a payload that does not fit its schema (15005), keep the fields that were
   * decoded before the misfit (tracerpt -lr). False: no fields, so outputs show
   * the error and the raw payload. Default true.
   */
  keepPartialFields?: boolean;
  /** The sources of schemas, taken in this order (addSource); more may be added later. */
  sources?: readonly SchemaSource[];
}

/**
 * A registered schema, compiled when a record first needs it: a manifest such
 * as ClrEtwAll defines hundreds of events and a trace uses a few, so compiling
 * them all at import was most of the import's time.
 */
class Registered {
  private c: CompiledSchema | null = null;
  constructor(private readonly schema: EventSchema, private readonly compile: (schema: EventSchema) => CompiledSchema) {}
  get compiled(): CompiledSchema {
    return this.c ?? (this.c = this.compile(this.schema));
  }
}

/** A remembered manifest lookup: the record's descriptor and what it found. */
interface ManifestHit {
  pid: string;
  id: number | null;
  version: number | null;
  /** An entry of this id and version pins an opcode, level or keywords: those must match too. */
  pinned: boolean;
  opcode: number | null;
  level: number | null;
  /** The keywords' 32-bit words and whether there are any (record.ts keywordsLow/keywordsHigh/hasKeywords). */
  keywordsLo: number;
  keywordsHi: number;
  hasKeywords: boolean;
  found: CompiledSchema | null;
}
/** A remembered classic lookup: class GUID, event type, version and what it found. */
interface ClassicHit {
  guid: string;
  eventType: number;
  version: number | null;
  found: CompiledSchema | null;
}
const HIT_SLOTS = 64;

interface ManifestEntry {
  version: number;
  opcode: number | null;
  level: number | null;
  keywords: bigint | null;
  rank: SchemaRank;
  schema: Registered;
}

interface MofEntry {
  version: number | null;
  rank: SchemaRank;
  schema: Registered;
}

function normGuid(g: string): string {
  return g.replace(/[{}]/g, '').toLowerCase();
}

export class SchemaRegistry implements PayloadDecoder, SchemaTarget {
  private readonly manifest = new Map<string, Map<number, ManifestEntry[]>>();
  private readonly mof = new Map<string, Map<number, MofEntry[]>>();
  private readonly compiledBySchema = new WeakMap<EventSchema, CompiledSchema>();
  /** The sources that see every record (`observe`) and those asked per GUID (`provide`), in the order added. */
  private readonly inTrace: SchemaSource[] = [];
  /** The in-trace sources by the record kinds they observe (most see only one or two kinds: a kernel record then costs one look). */
  private readonly observersOf: Record<HeaderKind, SchemaSource[]> = { system: [], compact: [], perfinfo: [], trace: [], instance: [], event: [], wpp: [] };
  private readonly onDemand: SchemaSource[] = [];
  /** The sources that decode some records by code, ahead of the schemas and after them. */
  private readonly ahead: SchemaSource[] = [];
  private readonly after: SchemaSource[] = [];
  /** The GUIDs the on-demand sources were asked for. */
  private readonly asked = new Set<string>();
  /** The rank of what is being registered now (see registerAs). */
  private rank: SchemaRank = SchemaRank.FILE;
  private readonly traceLogging = new TraceLoggingSchemas();
  private readonly sessionClocks: ((raw: bigint) => bigint)[] = [];
  /** Identity of the last observed record, so decode() after observe() does not feed sources twice. */
  private lastFile = -1;
  private lastBuffer = -1;
  private lastOffset = -1;
  /** Manifest lookups by a hash of the event descriptor (streams interleave a few event types; one entry missed ~30%); cleared whenever a manifest event is added. */
  private hits: (ManifestHit | undefined)[] = new Array(HIT_SLOTS);
  private classicHits: (ClassicHit | undefined)[] = new Array(HIT_SLOTS);

  private readonly deferFields: boolean;
  private readonly keepPartialFields: boolean;

  constructor(options: SchemaRegistryOptions = {}) {
    this.deferFields = options.deferFields === true;
    this.keepPartialFields = options.keepPartialFields !== false;
    for (const f of options.files ?? []) {
      const clock = new ClockConverter(f.header, f.anchorRaw);
      this.sessionClocks[f.fileIndex] = (raw: bigint) => clock.toFileTime(raw);
    }
    for (const s of options.sources ?? []) this.addSource(s);
  }

  // ---- registration -------------------------------------------------------

  /**
   * Run `register` with its additions at `rank` (the registry does this for every
   * source; a source that orders its own schemas, like the schema folders, may too).
   */
  registerAs(rank: SchemaRank, register: () => void): void {
    const outer = this.rank;
    this.rank = rank;
    try {
      register();
    } finally {
      this.rank = outer;
    }
  }

  /**
   * Register a schema under a manifest or MOF key. A later add for the same key replaces
   * the earlier one unless that one has a higher rank (registerAs).
   */
  add(schema: EventSchema, key: SchemaKey): void {
    if (key.kind === 'manifest') this.addManifestEvent(schema, key);
    else this.addMofEvent(schema, key);
  }

  addManifestEvent(schema: EventSchema, key: ManifestEventKey): void {
    this.changes++;
    const pid = normGuid(key.providerId);
    this.hits = new Array(HIT_SLOTS);
    let byId = this.manifest.get(pid);
    if (!byId) this.manifest.set(pid, (byId = new Map()));
    let list = byId.get(key.id);
    if (!list) byId.set(key.id, (list = []));
    const entry: ManifestEntry = {
      version: key.version, opcode: key.opcode ?? null, level: key.level ?? null, keywords: key.keywords ?? null,
      rank: this.rank, schema: new Registered(schema, this.compileOnce),
    };
    const same = list.findIndex((e) => e.version === entry.version && e.opcode === entry.opcode && e.level === entry.level && e.keywords === entry.keywords);
    if (same < 0) list.push(entry);
    else if (list[same]!.rank <= entry.rank) list[same] = entry;
  }

  addMofEvent(schema: EventSchema, key: MofEventKey): void {
    this.changes++;
    const cg = normGuid(key.classGuid);
    this.classicHits = new Array(HIT_SLOTS);
    let byType = this.mof.get(cg);
    if (!byType) this.mof.set(cg, (byType = new Map()));
    let list = byType.get(key.eventType);
    if (!list) byType.set(key.eventType, (list = []));
    const entry: MofEntry = { version: key.version ?? null, rank: this.rank, schema: new Registered(schema, this.compileOnce) };
    const same = list.findIndex((e) => e.version === entry.version);
    if (same < 0) list.push(entry);
    else if (list[same]!.rank <= entry.rank) list[same] = entry;
  }

  private changes = 0;

  /** Grows with every schema registered (in-trace sources register while a pass runs). */
  get generation(): number {
    return this.changes;
  }

  /**
   * Whether classic (MOF or kernel) records of this class GUID and event type have
   * a registered schema (any version: the lookup falls back to another one).
   */
  hasClassicSchema(classGuid: string, eventType: number): boolean {
    if (this.onDemand.length > 0 && !this.asked.has(classGuid)) this.ask(classGuid);
    const list = this.mof.get(classGuid)?.get(eventType);
    return list !== undefined && list.length > 0;
  }

  /**
   * Take a source: load what it holds now (at its rank), ask it for each GUID met
   * from now on (GUIDs already asked for are not asked again), show it every record
   * from now on, and decode WPP messages with it.
   */
  addSource(source: SchemaSource): void {
    if (source.load !== undefined) this.registerAs(source.rank, () => source.load!(this));
    if (source.provide !== undefined) this.onDemand.push(source);
    if (source.observe !== undefined) {
      this.inTrace.push(source);
      for (const kind of Object.keys(this.observersOf) as HeaderKind[]) {
        if (source.observedKinds === undefined || source.observedKinds.includes(kind)) this.observersOf[kind].push(source);
      }
    }
    if (source.decodeWpp !== undefined) this.wpp = source;
    if (source.decodeAhead !== undefined) this.ahead.push(source);
    if (source.decodeAfter !== undefined) this.after.push(source);
  }

  /** Let the on-demand sources register what they hold for a GUID met for the first time. */
  private ask(guid: string): void {
    this.asked.add(guid);
    for (const s of this.onDemand) this.registerAs(s.rank, () => s.provide!(guid, this));
  }

  /** The source of WPP message formats (TMF files, schema/wpp/): without one WPP messages stay undecoded (1168). */
  private wpp: SchemaSource | null = null;

  /** Number of registered manifest and MOF entries (TraceLogging layouts are counted separately). */
  get size(): { manifest: number; mof: number; traceLogging: number } {
    let manifest = 0, mof = 0;
    for (const byId of this.manifest.values()) for (const l of byId.values()) manifest += l.length;
    for (const byType of this.mof.values()) for (const l of byType.values()) mof += l.length;
    return { manifest, mof, traceLogging: this.traceLogging.size };
  }

  private compile(schema: EventSchema): CompiledSchema {
    let c = this.compiledBySchema.get(schema);
    if (!c) this.compiledBySchema.set(schema, (c = compileSchema(schema)));
    return c;
  }

  private readonly compileOnce = (schema: EventSchema): CompiledSchema => this.compile(schema);

  // ---- the in-trace hook --------------------------------------------------

  /**
   * Show a record to the in-trace sources. decode() does this itself; call it
   * directly for records that are not decoded (e.g. when only some events are
   * rendered) so manifests carried by the trace are never missed. Calling it
   * twice for the same record (then decode) feeds the sources once.
   */
  observe(record: EtlRecord): void {
    const observers = this.observersOf[record.kind];
    if (observers.length === 0) return;
    if (record.fileIndex === this.lastFile && record.bufferOffset === this.lastBuffer && record.offsetInBuffer === this.lastOffset) return;
    this.lastFile = record.fileIndex;
    this.lastBuffer = record.bufferOffset;
    this.lastOffset = record.offsetInBuffer;
    // What each source registers now takes its rank (no closure: this runs for every record).
    const outer = this.rank;
    try {
      for (const s of observers) {
        this.rank = s.rank;
        s.observe!(record, this);
      }
    } finally {
      this.rank = outer;
    }
  }

  // ---- lookup and decoding ------------------------------------------------

  /** The schema that decodes this record (manifest or MOF; TraceLogging from its metadata), or null. */
  schemaFor(record: EtlRecord): EventSchema | null {
    if (record.kind === 'event') {
      const tl = this.traceLogging.lookup(record);
      if (tl !== null) return tl instanceof Error ? null : tl.schema;
    }
    return this.registered(record)?.schema ?? null;
  }

  /**
   * The schema that decodes this record and how it is keyed (for -export): TraceLogging
   * metadata, a manifest registration (provider, id, version) or a classic one (class GUID,
   * event type); null when none does.
   */
  schemaOrigin(record: EtlRecord): { keyed: 'tracelogging' | 'manifest' | 'classic'; schema: EventSchema } | null {
    if (record.kind === 'event') {
      const tl = this.traceLogging.lookup(record);
      if (tl !== null) return tl instanceof Error ? null : { keyed: 'tracelogging', schema: tl.schema };
    }
    const c = this.registered(record);
    if (c === null) return null;
    const manifestKeyed = record.kind === 'event' && this.findManifest(record.providerId!, record) === c;
    return { keyed: manifestKeyed ? 'manifest' : 'classic', schema: c.schema };
  }

  private registered(record: EtlRecord): CompiledSchema | null {
    const pid = record.providerId;
    if (pid === null) return null;
    if (this.onDemand.length > 0 && record.kind !== 'wpp' && !this.asked.has(pid)) this.ask(pid);
    if (record.kind === 'event') {
      const m = this.findManifest(pid, record);
      if (m !== null) return m;
    } else if (record.kind === 'wpp') {
      return null;
    }
    return this.findMof(pid, record);
  }

  private findManifest(pid: string, r: EtlRecord): CompiledSchema | null {
    const slot = ((r.id ?? 0) * 31 + (r.version ?? 0) * 7) & (HIT_SLOTS - 1);
    const hit = this.hits[slot];
    // The opcode, level and keywords matter only where an entry of that id and version pins one of them.
    if (hit !== undefined && hit.pid === pid && hit.id === r.id && hit.version === r.version &&
      (!hit.pinned || (hit.opcode === r.opcode && hit.level === r.level && hit.keywordsLo === keywordsLow(r) && hit.keywordsHi === keywordsHigh(r)
      && hit.hasKeywords === hasKeywords(r)))) {
      return hit.found;
    }
    const pinned = this.pinned(pid, r);
    const found = this.lookupManifest(pid, r);
    this.hits[slot] = { pid, id: r.id, version: r.version, pinned, opcode: r.opcode, level: r.level, keywordsLo: keywordsLow(r), keywordsHi: keywordsHigh(r),
      hasKeywords: hasKeywords(r), found };
    return found;
  }

  /** Whether an entry of the record's provider, id and version pins an opcode, level or keywords. */
  private pinned(pid: string, r: EtlRecord): boolean {
    const list = this.manifest.get(pid)?.get(r.id ?? -1);
    const version = r.version ?? 0;
    return list !== undefined && list.some((e) => e.version === version && (e.opcode !== null || e.level !== null || e.keywords !== null));
  }

  private lookupManifest(pid: string, r: EtlRecord): CompiledSchema | null {
    const list = this.manifest.get(pid)?.get(r.id ?? -1);
    if (list === undefined || list.length === 0) return null;
    // Manifest events match on exact id + version, as TDH does: another version's layout
    // would read the payload wrongly, so an undefined version stays undecoded (1168).
    const best = r.version ?? 0;
    let first: ManifestEntry | null = null;
    let matched: ManifestEntry | null = null;
    let matchScore = -1;
    for (const e of list) {
      if (e.version !== best) continue;
      if (first === null) first = e;
      // krabsetw-style disambiguation: descriptor fields that the entry pins must agree.
      if (e.opcode !== null && e.opcode !== r.opcode) continue;
      if (e.level !== null && e.level !== r.level) continue;
      if (e.keywords !== null && r.keywords !== null && e.keywords !== r.keywords && (e.keywords & r.keywords) === 0n) continue;
      const score = (e.opcode !== null ? 4 : 0) + (e.level !== null ? 2 : 0) + (e.keywords !== null ? 1 : 0);
      if (score > matchScore) { matched = e; matchScore = score; }
    }
    return (matched ?? first)?.schema.compiled ?? null;
  }

  private findMof(guid: string, r: EtlRecord): CompiledSchema | null {
    return this.classicSchema(guid, r.opcode ?? 0, r.version);
  }

  /** The compiled schema classic (MOF or kernel) records of this class GUID, event type and version decode with, or null. */
  classicSchema(guid: string, eventType: number, v: number | null): CompiledSchema | null {
    // Kernel traces repeat a few dozen (class, type, version) keys millions of times: a small table of
    // recent answers, by the GUID's first characters, type and version, saves two map lookups each.
    const slot = (guid.charCodeAt(0) * 17 + guid.charCodeAt(1) * 5 + eventType * 31 + (v ?? 0) * 7) & (HIT_SLOTS - 1);
    const hit = this.classicHits[slot];
    if (hit !== undefined && hit.guid === guid && hit.eventType === eventType && hit.version === v) return hit.found;
    const found = this.lookupClassic(guid, eventType, v);
    this.classicHits[slot] = { guid, eventType, version: v, found };
    return found;
  }

  private lookupClassic(guid: string, eventType: number, v: number | null): CompiledSchema | null {
    const list = this.mof.get(guid)?.get(eventType);
    if (list === undefined || list.length === 0) return null;
    if (list.length === 1) return list[0]!.schema.compiled;
    let unversioned: MofEntry | null = null, highest: MofEntry | null = null;
    for (const e of list) {
      if (e.version === v && v !== null) return e.schema.compiled;
      if (e.version === null) unversioned = e;
      else if (highest === null || e.version > highest.version!) highest = e;
    }
    return (unversioned ?? highest)!.schema.compiled;
  }

  decode(record: EtlRecord): DecodedPayload {
    if (this.inTrace.length > 0) this.observe(record);
    for (let i = 0; i < this.ahead.length; i++) {
      const p = this.ahead[i]!.decodeAhead!(record);
      if (p !== null) return p;
    }
    let p = this.decodeBySchemas(record);
    for (let i = 0; i < this.after.length; i++) p = this.after[i]!.decodeAfter!(record, p);
    return p;
  }

  /** TraceLogging metadata, the string-only rule, WPP formats, then the registered schemas. */
  private decodeBySchemas(record: EtlRecord): DecodedPayload {
    if (record.kind === 'event') {
      const tl = this.traceLogging.lookup(record);
      if (tl !== null) {
        if (tl instanceof Error) return failure('tracelogging', tl.message, 15005);
        return this.run(tl, record);
      }
      if (isStringOnly(record)) {
        const p = blank('string');
        p.message = stringOnlyText(record);
        return p;
      }
    }
    if (record.kind === 'wpp' && this.wpp !== null) return this.wpp.decodeWpp!(record);
    const c = this.registered(record);
    if (c !== null) return this.run(c, record);
    return this.notFound(record);
  }

  /** Kernel traces are mostly events without a schema: one shared (read-only) failure per event identity. */
  private readonly notFoundCache = new Map<string | null, Map<number, DecodedPayload>>();

  private notFound(r: EtlRecord): DecodedPayload {
    const kind = r.kind === 'event' ? 0 : r.kind === 'wpp' ? 1 : 2;
    const key = ((kind === 2 ? r.opcode ?? 0 : r.id ?? 0) * 65536 + (r.version ?? 0)) * 4 + kind;
    let byKey = this.notFoundCache.get(r.providerId);
    if (byKey === undefined) this.notFoundCache.set(r.providerId, (byKey = new Map()));
    let p = byKey.get(key);
    if (p === undefined) byKey.set(key, (p = failure(null, notFoundReason(r), ERROR_NOT_FOUND)));
    return p;
  }

  /** The record's payload for a schema, decoded now or (deferFields) when first read. */
  private run(c: CompiledSchema, record: EtlRecord): DecodedPayload {
    const clock = this.sessionClocks[record.fileIndex] ?? null;
    const source = record.payloadSource;
    // A deferred payload from the reader keeps where its bytes lie; its view is made only if something asks for it.
    const p = this.deferFields && source !== undefined
      ? new SchemaPayload(c, null, record.pointerSize, clock, this.keepPartialFields,
        [source, record.payloadOffset!, record.payloadOffset! + record.payloadSize])
      : new SchemaPayload(c, record.payload, record.pointerSize, clock, this.keepPartialFields);
    if (!this.deferFields) void p.fields;
    return p;
  }
}

function blank(source: DecodedPayload['source']): DecodedPayload {
  return {
    source, providerName: null, eventName: null, taskName: null, opcodeName: null, levelName: null,
    keywordNames: [], channelName: null, message: null, fields: [], error: null, userDataElement: null,
  };
}

function failure(source: DecodedPayload['source'], reason: string, code: number): DecodedPayload {
  const p = blank(source);
  p.error = { code, reason };
  return p;
}

function notFoundReason(r: EtlRecord): string {
  const who = r.providerId === null ? 'an unidentified provider' : `{${r.providerId}}`;
  if (r.kind === 'event') return `no schema for provider ${who} event id ${r.id} version ${r.version}`;
  if (r.kind === 'wpp') return `no TMF for WPP message ${who} number ${r.id}`;
  return `no MOF class for ${who} event type ${r.opcode} version ${r.version}`;
}
