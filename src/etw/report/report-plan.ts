/**
 * What a `report` run will do, decided from its parsed options before any file
 * is touched: the inputs, which outputs to write under which names (tracerpt's
 * defaults, docs/architecture.md F10), their formats and encodings, the event filter
 * and the zone times are written in — or the one-line usage error that stops
 * the run. Pure and testable; knows nothing of oclif.
 */
import { LocalTime } from '../render/local-time.js';
import { isKnownTimeZone, machineTimeZone } from '../render/zone-clock.js';
import { DUMP_FORMATS, dumpFormatNamed, type DumpFormat } from './dump-formats.js';
import { DEFAULT_SLICE_BYTES } from './threads/slice-plan.js';
import { DEFAULT_MIN_THREADED_BYTES, defaultThreads } from './threads/thread-defaults.js';
import { FilterOptionError, parseFilterOptions, type FilterOptions, type FilterSpec } from './filter-options.js';

export type { DumpFormat } from './dump-formats.js';
export type ReportFormat = 'XML' | 'HTML';

/** The parsed native options (what the command's flags hold). */
export interface ReportOptions extends FilterOptions {
  files: string[];
  output?: string;
  defaultOutput?: boolean;
  format?: string;
  summary?: string;
  defaultSummary?: boolean;
  report?: string;
  defaultReport?: boolean;
  reportFormat?: string;
  encoding?: string;
  yes?: boolean;
  lessRestrictive?: boolean;
  gmt?: boolean;
  rawTimestamp?: boolean;
  config?: string;
  import?: string[];
  mof?: string[];
  /** Schema folders (--schemas). */
  schemas?: string[];
  tmf?: string;
  tmfPath?: string;
  /** The TRACE_FORMAT_SEARCH_PATH variable (more TMF folders). */
  traceFormatSearchPath?: string;
  /** `-of TXT` line prefix (--prefix, else the TRACE_FORMAT_PREFIX variable). */
  prefix?: string;
  traceFormatPrefix?: string;
  imagePath?: string;
  pdb?: string;
  realtime?: string[];
  /** --rt-buffers: with -rt, insist on whole buffers (the default where Windows has them). */
  rtBuffers?: boolean;
  /** --rt-events: with -rt, take one event at a time. */
  rtEvents?: boolean;
  /** --verbose: informational lines (with -rt: how the sessions are read when not as asked). */
  verbose?: boolean;
  countingSchema?: string;
  interpret?: string;
  export?: string;
  defaultExport?: boolean;
  /** --no-trace-schemas: do not use the schemas the trace carries (EventSource manifests, EventMetadata). */
  noTraceSchemas?: boolean;
  reportLevel?: string;
  docker?: boolean;
  quiet?: boolean;
  /** --time local|utc. */
  time?: string;
  /** --tz ZONE (IANA): local times in that zone. */
  tz?: string;
  /** --threads N: threads rendering the ordered pass. */
  threads?: string;
  /** Stored bytes of buffers per time slice of a threaded run (hidden; tests make slices small). */
  threadSliceBytes?: string;
  argumentError?: string[];
}

export interface DumpPlan {
  path: string;
  format: DumpFormat;
  /** CSV only: `-en Unicode` → UTF-16LE with BOM. */
  unicode: boolean;
}

export interface ReportPlan {
  inputs: string[];
  /** -rt: running real-time sessions read instead of files (then `inputs` is empty). */
  sessions: string[];
  /** How the sessions are read: whole buffers where available (auto), only buffers (--rt-buffers), events (--rt-events). */
  liveMode: 'auto' | 'buffers' | 'events';
  dump: DumpPlan | null;
  summary: string | null;
  report: { path: string; format: ReportFormat; level: number } | null;
  docker: boolean;
  rawTimestamp: boolean;
  lessRestrictive: boolean;
  imports: string[];
  mofs: string[];
  /** --schemas folders in command-line order (ETWKIT_SCHEMA_PATH's come after them, added by the run). */
  schemaDirs: string[];
  /** WPP: -tmf files, -tp search paths, the TRACE_FORMAT_SEARCH_PATH value. */
  tmf: { tmfFiles: string[]; tmfPaths: string[]; searchPathVariable?: string };
  /** `-of TXT` line prefix, when not tracefmt's default. */
  prefix: string | null;
  /** True when the dump goes to stdout, so console text must go to stderr. */
  dumpToStdout: boolean;
  /** The event filter; null keeps every record. */
  filter: FilterSpec | null;
  /** The zone times are written in (--time local, --tz); null writes UTC. */
  localTime: LocalTime | null;
  /** -export: the manifest of the schemas the run used is written here; null without -export. */
  export: string | null;
  /** False with --no-trace-schemas. */
  traceSchemas: boolean;
  /** Threads rendering the ordered pass (--threads; 1: the main thread alone). */
  threads: number;
  /** Stored bytes of buffers per time slice when several threads render. */
  sliceBytes: number;
  /** Inputs smaller than this (bytes in all) are rendered by one thread: 0 with --threads, else DEFAULT_MIN_THREADED_BYTES. */
  minThreadedBytes: number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Options tracerpt has that we do not implement yet, with the reason shown to the user. */
const NOT_YET: Array<[keyof ReportOptions, string]> = [
  ['imagePath', '-i (provider image path for WPP) is not implemented yet'],
  ['pdb', '-pdb (symbol server path for WPP) is not implemented yet'],
  ['countingSchema', '-df (counting/reporting schema) is not implemented yet'],
  ['interpret', '-int (interpreted event structure dump) is not implemented yet'],
  ['config', '-config (settings file) is not implemented yet; put the options on the command line'],
];

function pickFormat(raw: string | undefined): DumpFormat {
  const f = dumpFormatNamed(raw ?? 'XML');
  if (f !== null) return f;
  throw new UsageError(`-of ${raw}: unknown dump format; use XML, CSV, EVTX, JSONL or TXT`);
}

function pickReportFormat(raw: string | undefined): ReportFormat {
  const f = (raw ?? 'XML').toUpperCase();
  if (f === 'XML' || f === 'HTML') return f;
  throw new UsageError(`-f ${raw}: unknown report format; use XML or HTML`);
}

/** The zone of --time / --tz; null for UTC. */
function pickLocalTime(time: string | undefined, tz: string | undefined): LocalTime | null {
  const t = time?.toLowerCase();
  if (t !== undefined && t !== 'local' && t !== 'utc') throw new UsageError(`--time ${time}: use local or utc`);
  if (tz !== undefined) {
    if (t === 'utc') throw new UsageError(`--tz ${tz} writes local times; it does not go with --time utc`);
    if (tz.trim() === '' || !isKnownTimeZone(tz)) throw new UsageError(`--tz ${tz}: unknown time zone; give an IANA name such as Europe/Berlin or America/New_York`);
    return new LocalTime(tz);
  }
  return t === 'local' ? new LocalTime(machineTimeZone()) : null;
}

/** --threads N (1 to 64), else the default (thread-defaults.ts). */
function pickThreads(raw: string | undefined): number {
  if (raw === undefined) return defaultThreads();
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 64) throw new UsageError(`--threads ${raw}: give a whole number from 1 to 64`);
  return n;
}

/** The slice size of threaded runs, in bytes: the dump format's, or the hidden option's (at least one 4 KiB buffer). */
function pickSliceBytes(raw: string | undefined, dump: DumpPlan | null): number {
  if (raw === undefined) return dump === null ? DEFAULT_SLICE_BYTES : DUMP_FORMATS[dump.format].sliceBytes;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 4096) throw new UsageError(`--thread-slice-bytes ${raw}: give a whole number of bytes, 4096 or more`);
  return n;
}

/** Decide the run from the options; throws UsageError with one line when they cannot work. */
export function planReport(o: ReportOptions): ReportPlan {
  if (o.argumentError && o.argumentError.length > 0) throw new UsageError(o.argumentError[0]!);
  for (const [key, message] of NOT_YET) {
    const v = o[key];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) throw new UsageError(message);
  }
  const unknownFlag = o.files.find((f) => f.startsWith('-') && f !== '-');
  if (unknownFlag !== undefined) throw new UsageError(`unknown option ${unknownFlag}`);
  const sessions = o.realtime ?? [];
  if (sessions.length > 0 && o.files.length > 0) throw new UsageError(`-rt reads running sessions, not files: give -rt NAME or ${o.files[0]}, not both`);
  if (o.rtBuffers === true && sessions.length === 0) throw new UsageError('--rt-buffers applies only to -rt SESSION');
  if (o.rtEvents === true && sessions.length === 0) throw new UsageError('--rt-events applies only to -rt SESSION');
  if (o.rtEvents === true && o.rtBuffers === true) throw new UsageError('--rt-buffers and --rt-events exclude each other: give one');
  if (o.files.length === 0 && sessions.length === 0) throw new UsageError('no input file: give one or more .etl files (tracerpt [-l] FILE...)');
  if (o.files.includes('-')) throw new UsageError('reading an .etl file from standard input is not supported; give a file name');

  const format = pickFormat(o.format);
  const encoding = o.encoding?.toUpperCase();
  if (encoding !== undefined && encoding !== 'ANSI' && encoding !== 'UNICODE') {
    throw new UsageError(`-en ${o.encoding}: unknown encoding; use ANSI or Unicode`);
  }
  if (encoding !== undefined && format !== 'CSV') throw new UsageError('-en applies only to -of CSV');
  if (o.prefix !== undefined && format !== 'TXT') throw new UsageError('--prefix applies only to -of TXT');

  const wantsDump = o.output !== undefined || o.defaultOutput === true;
  const wantsSummary = o.summary !== undefined || o.defaultSummary === true;
  const wantsReport = o.report !== undefined || o.defaultReport === true;
  const nothingAsked = !wantsDump && !wantsSummary && !wantsReport;

  if (o.reportFormat !== undefined && !wantsReport) throw new UsageError('-f applies only to -report');
  const reportFormat = pickReportFormat(o.reportFormat);
  let level = 1;
  if (o.reportLevel !== undefined) {
    level = Number(o.reportLevel);
    if (!Number.isInteger(level) || level < 1 || level > 5) throw new UsageError(`-rl ${o.reportLevel}: the report level is 1 to 5`);
    if (!wantsReport) throw new UsageError('-rl applies only to -report');
  }

  const dump: DumpPlan | null = wantsDump || nothingAsked
    ? { path: o.output ?? `dumpfile.${DUMP_FORMATS[format].extension}`, format, unicode: encoding === 'UNICODE' }
    : null;
  const summary = wantsSummary || nothingAsked ? (o.summary ?? 'summary.txt') : null;
  const report = wantsReport
    ? { path: o.report ?? (reportFormat === 'HTML' ? 'workload.html' : 'workload.xml'), format: reportFormat, level }
    : null;

  if (o.rawTimestamp && (summary !== null || report !== null)) {
    throw new UsageError('-rts works only with -o alone, not with -summary or -report (without any output option the summary is written too)');
  }

  const exportPath = o.export ?? (o.defaultExport === true ? 'schema.man' : null);
  if (exportPath === '-') throw new UsageError('only the dump (-o) can go to standard output');
  const targets = [dump?.path, summary, report?.path, exportPath].filter((p): p is string => p !== undefined && p !== null);
  if (summary === '-' || report?.path === '-') throw new UsageError('only the dump (-o) can go to standard output');
  if (dump?.path === '-' && !DUMP_FORMATS[format].streams) throw new UsageError(`-of ${format} cannot go to standard output (its file header is written last); give a file name`);
  for (const t of targets) {
    if (t !== '-' && t.toLowerCase().endsWith('.etl')) throw new UsageError(`${t}: refusing to write an output over an .etl name`);
    if (o.files.includes(t)) throw new UsageError(`${t} is both an input and an output`);
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t)) throw new UsageError(`${t} is named for two outputs`);
    seen.add(t);
  }

  const localTime = pickLocalTime(o.time, o.tz);
  let filter: FilterSpec | null;
  try {
    filter = parseFilterOptions(o, localTime?.clock ?? null);
  } catch (e) {
    if (e instanceof FilterOptionError) throw new UsageError(e.message);
    throw e;
  }

  return {
    inputs: o.files,
    sessions,
    liveMode: o.rtBuffers === true ? 'buffers' : o.rtEvents === true ? 'events' : 'auto',
    dump,
    summary,
    report,
    docker: o.docker === true,
    rawTimestamp: o.rawTimestamp === true,
    lessRestrictive: o.lessRestrictive === true,
    imports: o.import ?? [],
    mofs: o.mof ?? [],
    schemaDirs: o.schemas ?? [],
    tmf: { tmfFiles: o.tmf === undefined ? [] : [o.tmf], tmfPaths: o.tmfPath === undefined ? [] : [o.tmfPath], searchPathVariable: o.traceFormatSearchPath },
    prefix: o.prefix ?? o.traceFormatPrefix ?? null,
    dumpToStdout: dump?.path === '-',
    filter,
    localTime,
    export: exportPath,
    traceSchemas: o.noTraceSchemas !== true,
    threads: pickThreads(o.threads),
    sliceBytes: pickSliceBytes(o.threadSliceBytes, dump),
    minThreadedBytes: o.threads === undefined ? DEFAULT_MIN_THREADED_BYTES : 0,
  };
}
