/**
 * The record filter of a report run, compiled once from a FilterSpec into one
 * function that the passes call before anything is decoded. What each option
 * keeps (every option given must hold; values within one option are
 * alternatives):
 *
 * - `--provider NAME|GUID` (repeatable): the record's provider GUID (what JSON
 *   lines show as `provider`), or the provider name its schema gives
 *   (manifest, MOF provider class, TraceLogging provider, EventSource). The
 *   kernel logger's GUID {9e814aad-…} and the name MSNT_SystemTrace also keep the
 *   kernel records the XML dump shows under that provider. Names need the
 *   schema lookup, done once per event type (provider, id or opcode, version)
 *   and again when a schema carried by the trace arrives; GUIDs need none.
 * - `--id N[,N…]`: the event id (EVENT_DESCRIPTOR.Id; WPP message number);
 *   classic and kernel records have none and never match.
 * - `--level N`: as an ETW session enabled at level N records events: level
 *   1 critical … 5 verbose, an event passes when its level is at most N, and
 *   level 0 (LogAlways) always passes, as do records without a level (they read
 *   as 0). `--level 0` thus keeps only LogAlways events.
 * - `--keywords MASK`: events with any bit of MASK among their keywords; events
 *   with no keywords (0) do not pass.
 * - `--pid N[,N…]`, `--tid N[,N…]`: process and thread ids (4294967295 for
 *   records logged without one).
 * - `--since T`, `--until T`: since ≤ time < until, to the 100-ns tick; a
 *   `+5s` offset counts from the trace start (the earliest session start of the
 *   inputs, or the first record when no header gives one).
 * - `--docker-container NAME|ID`: Docker etwlogs lines of that container: its
 *   name, its full id, or an id prefix of at least 12 hex digits (docker ps's
 *   short id).
 *
 * Records that fail are counted (the summary says how many) and shown to
 * `onDrop`, so schemas the trace carries are still registered.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { KERNEL_PROVIDER_GUID } from '../etl/kernel-groups.js';
import { isDockerRecord, parseDockerMessage } from '../schema/docker-message.js';
import { stringOnlyText } from '../schema/string-only.js';
import { boundFileTime, type TimeBound } from './filter-time.js';
import type { FilterSpec } from './filter-options.js';

export interface FilterContext {
  files: EtlFileInfo[];
  /** The provider name the schemas give a record (decoding it if need be); null when none. */
  providerNameOf: (r: EtlRecord) => string | null;
  /** Shown every dropped record (e.g. the registry's observe, for schemas carried by the trace). */
  onDrop?: (r: EtlRecord) => void;
  /** Changes whenever a schema is registered during the pass (the registry's generation): names known may change. */
  schemaGeneration?: () => number;
}

const KERNEL_NAME = 'msnt_systemtrace';
/** Time keys are doubles; nearer a bound than this, the exact FILETIMEs decide. */
const KEY_SLACK = 4096;
const SHORT_ID = /^[0-9a-f]{12,}$/i;

export class RecordFilter {
  /** Records rejected so far. */
  dropped = 0;
  readonly accepts: (r: EtlRecord) => boolean;

  constructor(spec: FilterSpec, ctx: FilterContext) {
    const onDrop = ctx.onDrop ?? null;
    const drop = (r: EtlRecord): false => {
      this.dropped++;
      if (onDrop !== null) onDrop(r);
      return false;
    };
    const pids = spec.pids === null ? null : new Set(spec.pids);
    const tids = spec.tids === null ? null : new Set(spec.tids);
    const ids = spec.ids === null ? null : new Set(spec.ids);
    const level = spec.level ?? -1;
    const mask = spec.keywords;
    const providers = spec.providerGuids.length + spec.providerNames.length > 0;
    const guids = new Set(spec.providerGuids);
    const names = new Set(spec.providerNames.map((n) => n.toLowerCase()));
    if (guids.has(KERNEL_PROVIDER_GUID)) names.add(KERNEL_NAME);
    const kernelHeaders = names.has(KERNEL_NAME);
    /** Verdict of the name test per provider GUID and event type (as the schemas were at `generation`). */
    const named = new Map<string | null, Map<number, boolean>>();
    const nameOf = ctx.providerNameOf;
    const generationOf = ctx.schemaGeneration ?? null;
    let generation = generationOf?.() ?? 0;
    const nameMatches = (r: EtlRecord): boolean => {
      if (generationOf !== null && generationOf() !== generation) { named.clear(); generation = generationOf(); }
      const classic = r.kind !== 'event' && r.kind !== 'wpp';
      const type = ((classic ? (r.opcode ?? 0) : (r.id ?? 0)) * 65536 + (r.version ?? 0)) * 2 + (classic ? 1 : 0);
      let types = named.get(r.providerId);
      if (types === undefined) named.set(r.providerId, (types = new Map()));
      let verdict = types.get(type);
      if (verdict === undefined) {
        const name = nameOf(r);
        verdict = name !== null && names.has(name.toLowerCase());
        types.set(type, verdict);
      }
      return verdict;
    };
    const providerMatches = (r: EtlRecord): boolean => {
      if (guids.has(r.providerId as string)) return true;
      if (kernelHeaders && (r.kind === 'system' || r.kind === 'compact' || r.kind === 'perfinfo')) return true;
      return names.size > 0 && nameMatches(r);
    };
    const time = new TimeWindow(spec.since, spec.until, ctx.files);
    const timed = spec.since !== null || spec.until !== null;
    const container = spec.dockerContainer;
    const containerMatches = (r: EtlRecord): boolean => {
      if (!isDockerRecord(r)) return false;
      const m = parseDockerMessage(stringOnlyText(r));
      if (m === null) return false;
      return m.container_name === container || m.container_id === container
        || (SHORT_ID.test(container!) && m.container_id.toLowerCase().startsWith(container!.toLowerCase()));
    };

    this.accepts = (r: EtlRecord): boolean => {
      if (pids !== null && !pids.has(r.pid >>> 0)) return drop(r);
      if (tids !== null && !tids.has(r.tid >>> 0)) return drop(r);
      if (ids !== null && (r.id === null || !ids.has(r.id))) return drop(r);
      if (level >= 0) {
        const l = r.level ?? 0;
        if (l !== 0 && l > level) return drop(r);
      }
      if (mask !== null && (r.keywords === null || (r.keywords & mask) === 0n)) return drop(r);
      if (timed && !time.holds(r)) return drop(r);
      if (providers && !providerMatches(r)) return drop(r);
      if (container !== null && !containerMatches(r)) return drop(r);
      return true;
    };
  }
}

/** since ≤ time < until, on the records' time keys, with the exact FILETIMEs near a bound. */
class TimeWindow {
  private ready = false;
  private since: bigint | null = null;
  private until: bigint | null = null;
  private sinceKey = Number.NEGATIVE_INFINITY;
  private untilKey = Number.POSITIVE_INFINITY;

  constructor(private readonly sinceBound: TimeBound | null, private readonly untilBound: TimeBound | null, private readonly files: EtlFileInfo[]) {}

  /** Fix the bounds at the first record: the time-key epoch and (without a header start) the trace start come from it. */
  private prepare(r: EtlRecord): void {
    this.ready = true;
    const epoch = r.fileTime - BigInt(Math.round(r.timeKey));
    let start: bigint | null = null;
    for (const f of this.files) {
      if (f.header.startTime > 0n && (start === null || f.header.startTime < start)) start = f.header.startTime;
    }
    const traceStart = start ?? r.fileTime;
    if (this.sinceBound !== null) {
      this.since = boundFileTime(this.sinceBound, traceStart);
      this.sinceKey = Number(this.since - epoch);
    }
    if (this.untilBound !== null) {
      this.until = boundFileTime(this.untilBound, traceStart);
      this.untilKey = Number(this.until - epoch);
    }
  }

  holds(r: EtlRecord): boolean {
    if (!this.ready) this.prepare(r);
    const key = r.timeKey;
    if (key >= this.sinceKey + KEY_SLACK && key < this.untilKey - KEY_SLACK) return true;
    if (key < this.sinceKey - KEY_SLACK || key >= this.untilKey + KEY_SLACK) return false;
    const t = r.fileTime;
    return (this.since === null || t >= this.since) && (this.until === null || t < this.until);
  }
}
