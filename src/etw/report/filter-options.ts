/**
 * The event filters of `report` (--provider, --id, --level, --keywords, --pid,
 * --tid, --since, --until, --docker-container) read from their option texts
 * into a FilterSpec, or one usage line naming the option at fault. What the
 * values mean is stated in record-filter.ts, which compiles the spec.
 */
import type { ZoneClock } from '../render/zone-clock.js';
import { parseTimeBound, type TimeBound } from './filter-time.js';

export interface FilterOptions {
  provider?: string[];
  id?: string;
  level?: string;
  keywords?: string;
  pid?: string;
  tid?: string;
  since?: string;
  until?: string;
  dockerContainer?: string;
}

export interface FilterSpec {
  /** Provider GUIDs, lower case without braces. */
  providerGuids: string[];
  /** Provider names as given (matched without regard to case). */
  providerNames: string[];
  ids: number[] | null;
  level: number | null;
  keywords: bigint | null;
  pids: number[] | null;
  tids: number[] | null;
  since: TimeBound | null;
  until: TimeBound | null;
  dockerContainer: string | null;
  /** The filter in the options' own words, for the summary. */
  description: string;
}

/** A bad filter value: the message is one line naming the option. */
export class FilterOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterOptionError';
  }
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const NUMBER = /^(0x[0-9a-f]+|\d+)$/i;

function unsigned(option: string, text: string, max: number, what: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new FilterOptionError(`${option} ${text}: not ${what}; give a decimal or 0x hex number`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n > max) throw new FilterOptionError(`${option} ${text}: ${what} is at most ${max}`);
  return n;
}

function numberList(option: string, text: string, max: number, what: string): number[] {
  const parts = text.split(',');
  if (parts.some((p) => p.trim() === '')) throw new FilterOptionError(`${option} ${text}: give numbers separated by commas`);
  return [...new Set(parts.map((p) => unsigned(option, p, max, what)))];
}

function timeBound(option: string, text: string, zone: ZoneClock | null): TimeBound {
  const b = parseTimeBound(text.trim(), zone);
  if (b === null) {
    throw new FilterOptionError(`${option} ${text}: not a time; give ISO-8601 (2024-10-27T01:00:00Z, 2024-10-27T03:00:00+02:00) or an offset from the trace start (+5s, +1.5m, +250ms)`);
  }
  return b;
}

/** The spec of the filter options given; null when none is. `zone` reads times without an offset (null: UTC). */
export function parseFilterOptions(o: FilterOptions, zone: ZoneClock | null): FilterSpec | null {
  const words: string[] = [];
  const said = (option: string, value: string) => words.push(`${option} ${/\s/.test(value) || value === '' ? JSON.stringify(value) : value}`);
  const providerGuids: string[] = [];
  const providerNames: string[] = [];
  for (const p of o.provider ?? []) {
    const t = p.trim();
    if (t === '') throw new FilterOptionError('--provider: give a provider name or {GUID}');
    const g = GUID.exec(t);
    if (g !== null) providerGuids.push(g[1]!.toLowerCase());
    else if (t.startsWith('{')) throw new FilterOptionError(`--provider ${p}: not a GUID; give {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} or a provider name`);
    else providerNames.push(t);
    said('--provider', t);
  }
  const spec: FilterSpec = {
    providerGuids, providerNames, ids: null, level: null, keywords: null, pids: null, tids: null,
    since: null, until: null, dockerContainer: null, description: '',
  };
  if (o.id !== undefined) { spec.ids = numberList('--id', o.id, 0xffff, 'an event id'); said('--id', o.id); }
  if (o.level !== undefined) { spec.level = unsigned('--level', o.level, 255, 'a level'); said('--level', o.level); }
  if (o.keywords !== undefined) {
    const t = o.keywords.trim();
    if (!NUMBER.test(t)) throw new FilterOptionError(`--keywords ${o.keywords}: not a keyword mask; give a decimal or 0x hex number`);
    const mask = BigInt(t);
    if (mask === 0n || mask > 0xffffffffffffffffn) throw new FilterOptionError(`--keywords ${o.keywords}: the mask is 1 to 0xFFFFFFFFFFFFFFFF (an event passes when it has one of its bits)`);
    spec.keywords = mask;
    said('--keywords', o.keywords);
  }
  if (o.pid !== undefined) { spec.pids = numberList('--pid', o.pid, 0xffffffff, 'a process id'); said('--pid', o.pid); }
  if (o.tid !== undefined) { spec.tids = numberList('--tid', o.tid, 0xffffffff, 'a thread id'); said('--tid', o.tid); }
  if (o.since !== undefined) { spec.since = timeBound('--since', o.since, zone); said('--since', o.since); }
  if (o.until !== undefined) { spec.until = timeBound('--until', o.until, zone); said('--until', o.until); }
  if (spec.since?.kind === 'absolute' && spec.until?.kind === 'absolute' && spec.until.fileTime <= spec.since.fileTime) {
    throw new FilterOptionError(`--until ${o.until}: it is not after --since ${o.since}`);
  }
  if (spec.since?.kind === 'relative' && spec.until?.kind === 'relative' && spec.until.ticks <= spec.since.ticks) {
    throw new FilterOptionError(`--until ${o.until}: it is not after --since ${o.since}`);
  }
  if (o.dockerContainer !== undefined) {
    const t = o.dockerContainer.trim();
    if (t === '') throw new FilterOptionError('--docker-container: give a container name or id');
    spec.dockerContainer = t;
    said('--docker-container', t);
  }
  if (words.length === 0) return null;
  spec.description = words.join(' ');
  return spec;
}
