/**
 * What `start NAME -ets` asks for, and how it becomes EVENT_TRACE_PROPERTIES:
 * logman's options (already parsed by the command) → a StartPlan with the
 * properties input and the providers still to resolve. Defaults follow
 * docs/architecture.md F11; the ones it leaves open are chosen here and documented in
 * etwkit-start(1). Pure.
 */
import path from 'node:path';
import { CLOCK_TYPE, ClockTypeName, LOG_FILE_MODE } from '../api/etw-constants.js';
import { DEFAULT_KERNEL_FLAGS, isKernelLoggerName, SYSTEM_TRACE_CONTROL_GUID } from './kernel-logger.js';
import { parseDuration } from './option-values.js';
import { TracePropertiesInput } from './trace-properties.js';
import { ControlUsageError } from '../usage-error.js';

/** One `-p provider [keywords [level]]` as written (or one line of a `-pf` file). */
export interface ProviderRequest {
  provider: string;
  keywords?: string;
  level?: string;
}

export const TRACE_MODES = ['sequential', 'circular', 'newfile', 'append', 'globalsequence', 'localsequence', 'pagedmemory', 'realtime'] as const;
export type TraceMode = (typeof TRACE_MODES)[number];

const MODE_BITS: Record<TraceMode, number> = {
  sequential: LOG_FILE_MODE.FILE_MODE_SEQUENTIAL,
  circular: LOG_FILE_MODE.FILE_MODE_CIRCULAR,
  newfile: LOG_FILE_MODE.FILE_MODE_NEWFILE,
  append: LOG_FILE_MODE.FILE_MODE_APPEND,
  globalsequence: LOG_FILE_MODE.USE_GLOBAL_SEQUENCE,
  localsequence: LOG_FILE_MODE.USE_LOCAL_SEQUENCE,
  pagedmemory: LOG_FILE_MODE.USE_PAGED_MEMORY,
  realtime: LOG_FILE_MODE.REAL_TIME_MODE,
};

/** Buffer size when -bs is not given: PLA's documented default (docs/architecture.md F11). */
export const DEFAULT_BUFFER_SIZE_KB = 8;

export interface StartOptions {
  name: string;
  providers: ProviderRequest[];
  output?: string;
  bufferSizeKb?: number;
  minimumBuffers?: number;
  maximumBuffers?: number;
  maxSizeMb?: number;
  modes: string[];
  format?: string;
  clockType?: string;
  flushTimer?: string;
  realTime: boolean;
  append: boolean;
  overwrite: boolean;
  userMode: boolean;
  /** Directory a relative -o is resolved against (the caller's working directory). */
  cwd: string;
  /** Environment for `%NAME%` in -o (cmd.exe expands these before logman sees them; PowerShell does not). */
  env?: Record<string, string | undefined>;
}

export interface StartPlan {
  name: string;
  kernel: boolean;
  properties: TracePropertiesInput;
  providers: ProviderRequest[];
}

/** Accepts `paged memory`, `real time`, `PagedMemory`, `real-time` … as the mode names above. */
export function normaliseMode(text: string): TraceMode {
  const key = text.toLowerCase().replace(/[\s_-]/g, '');
  const mode = (TRACE_MODES as readonly string[]).includes(key) ? (key as TraceMode) : null;
  if (!mode) throw new ControlUsageError(`-mode: unknown trace mode "${text}" (known: ${TRACE_MODES.join(', ')})`);
  return mode;
}

function logFileModeOf(o: StartOptions): number {
  let mode = 0;
  const modes = o.modes.map(normaliseMode);
  const format = o.format?.toLowerCase();
  if (format !== undefined && format !== 'bin' && format !== 'bincirc') {
    throw new ControlUsageError(`-f: a trace can only be written as bin or bincirc, not "${o.format}"`);
  }
  if (format === 'bincirc') modes.push('circular');
  if (o.append) modes.push('append');
  if (o.realTime) modes.push('realtime');
  if (o.userMode) mode |= LOG_FILE_MODE.PRIVATE_LOGGER_MODE;
  for (const m of modes) mode |= MODE_BITS[m];
  const fileModes = mode & (LOG_FILE_MODE.FILE_MODE_SEQUENTIAL | LOG_FILE_MODE.FILE_MODE_CIRCULAR | LOG_FILE_MODE.FILE_MODE_NEWFILE);
  const realTimeOnly = o.realTime && o.output === undefined;
  if (fileModes === 0 && !realTimeOnly) mode |= LOG_FILE_MODE.FILE_MODE_SEQUENTIAL;
  return mode;
}

function checkModeCombination(mode: number, o: StartOptions, logFile: string | undefined): void {
  const has = (bit: number) => (mode & bit) !== 0;
  const files = [LOG_FILE_MODE.FILE_MODE_SEQUENTIAL, LOG_FILE_MODE.FILE_MODE_CIRCULAR, LOG_FILE_MODE.FILE_MODE_NEWFILE].filter(has);
  if (files.length > 1) throw new ControlUsageError('sequential, circular (-f bincirc) and newfile exclude each other');
  if (has(LOG_FILE_MODE.FILE_MODE_CIRCULAR) && !o.maxSizeMb) throw new ControlUsageError('a circular log (-f bincirc / -mode circular) needs -max <MB>');
  if (has(LOG_FILE_MODE.FILE_MODE_NEWFILE)) {
    if (!o.maxSizeMb) throw new ControlUsageError('-mode newfile needs -max <MB>');
    if (!logFile?.includes('%d')) throw new ControlUsageError('-mode newfile needs %d in the -o file name (e.g. output%d.etl)');
  }
  if (has(LOG_FILE_MODE.FILE_MODE_APPEND) && !has(LOG_FILE_MODE.FILE_MODE_SEQUENTIAL)) {
    throw new ControlUsageError('-a (append) works only with a sequential log file');
  }
  if (o.append && o.overwrite) throw new ControlUsageError('-a (append) and -ow (overwrite) exclude each other');
  if (o.minimumBuffers !== undefined && o.maximumBuffers !== undefined && o.minimumBuffers > o.maximumBuffers) {
    throw new ControlUsageError(`-nb: the minimum (${o.minimumBuffers}) is larger than the maximum (${o.maximumBuffers})`);
  }
}

/** `%NAME%` → its value when the variable is set (names case-insensitive, like Windows); `%d` and unknown names stay. */
export function expandWindowsEnv(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined && env[key] !== undefined ? env[key]! : whole;
  });
}

/** The log file path ETW gets: -o resolved to an absolute Windows path; `<name>.etl` when absent unless real-time only. */
export function logFileOf(o: StartOptions): string | undefined {
  if (o.output !== undefined) return path.win32.resolve(o.cwd, expandWindowsEnv(o.output, o.env ?? {}));
  if (o.realTime || o.modes.some((m) => normaliseMode(m) === 'realtime')) return undefined;
  return path.win32.resolve(o.cwd, `${o.name}.etl`);
}

export function planStart(o: StartOptions): StartPlan {
  if (o.name.trim() === '') throw new ControlUsageError('a session name is required');
  const kernel = isKernelLoggerName(o.name);
  const clockName = (o.clockType ?? 'perf').toLowerCase();
  if (!(clockName in CLOCK_TYPE)) throw new ControlUsageError(`-ct: clock type must be perf, system or cycle, not "${o.clockType}"`);
  const logFile = logFileOf(o);
  const logFileMode = logFileModeOf(o);
  checkModeCombination(logFileMode, o, logFile);
  const properties: TracePropertiesInput = {
    guid: kernel ? SYSTEM_TRACE_CONTROL_GUID : undefined,
    clientContext: CLOCK_TYPE[clockName as ClockTypeName],
    bufferSizeKb: o.bufferSizeKb ?? DEFAULT_BUFFER_SIZE_KB,
    minimumBuffers: o.minimumBuffers ?? 0,
    maximumBuffers: o.maximumBuffers ?? 0,
    maximumFileSizeMb: o.maxSizeMb ?? 0,
    logFileMode,
    flushTimerSeconds: o.flushTimer !== undefined ? parseDuration(o.flushTimer, '-ft') : 0,
    enableFlags: kernel ? DEFAULT_KERNEL_FLAGS : 0,
    logFileName: logFile,
  };
  return { name: o.name, kernel, properties, providers: o.providers };
}
