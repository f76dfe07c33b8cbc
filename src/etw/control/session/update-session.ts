/**
 * `update NAME -ets`: changes a running session. Provider changes go through
 * EnableTraceEx2 on the session's handle (taken from a QUERY's HistoricalContext);
 * the properties ETW lets UPDATE change (flush timer, maximum buffers, log file,
 * real-time on/off, kernel EnableFlags) go through ControlTraceW UPDATE, built
 * from the current values; `-fd` is ControlTraceW FLUSH.
 */
import path from 'node:path';
import { LOG_FILE_MODE, PROVIDER_CONTROL, TRACE_CONTROL } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { isKernelLoggerName, isKernelProvider, SYSTEM_TRACE_CONTROL_GUID } from './kernel-logger.js';
import { parseDuration } from './option-values.js';
import { kernelFlagsOf, ResolvedProvider, resolveProvider } from './provider-resolver.js';
import { findProvider } from './provider-catalog.js';
import { ProviderRequest } from './session-spec.js';
import { flushSession, querySession } from './session-queries.js';
import { encodeTraceProperties } from './trace-properties.js';
import { enableProvider } from './start-session.js';
import { ControlLookupError, ControlUsageError } from '../usage-error.js';
import { check } from '../api/win32-error.js';

export interface UpdateOptions {
  name: string;
  enable: ProviderRequest[];
  /** Provider names/GUIDs to disable (`--p provider`). */
  disable: string[];
  flushTimer?: string;
  maximumBuffers?: number;
  output?: string;
  /** true: turn real-time on; false: off; undefined: unchanged. */
  realTime?: boolean;
  flush: boolean;
  cwd: string;
}

export interface UpdateResult {
  enabled: ResolvedProvider[];
  disabled: string[];
  propertiesUpdated: boolean;
  flushed: boolean;
}

export function updateSession(api: EtwApi, o: UpdateOptions): UpdateResult {
  const kernel = isKernelLoggerName(o.name);
  let kernelFlags: number | undefined;
  const enable: ProviderRequest[] = [];
  for (const p of o.enable) {
    if (isKernelProvider(p.provider)) {
      if (!kernel) throw new ControlUsageError('"Windows Kernel Trace" can only be enabled in the session named "NT Kernel Logger"');
      kernelFlags = p.keywords !== undefined ? kernelFlagsOf(p.keywords) : undefined;
    } else {
      if (kernel) throw new ControlUsageError(`the NT Kernel Logger can only log "Windows Kernel Trace", not ${p.provider}`);
      enable.push(p);
    }
  }
  const flushTimerSeconds = o.flushTimer !== undefined ? parseDuration(o.flushTimer, '-ft') : undefined;
  const changesProperties = kernelFlags !== undefined || flushTimerSeconds !== undefined || o.maximumBuffers !== undefined
    || o.output !== undefined || o.realTime !== undefined;
  if (!changesProperties && enable.length === 0 && o.disable.length === 0 && !o.flush) {
    throw new ControlUsageError('nothing to update: give -p, --p, -ft, -nb, -o, -rt/--rt or -fd');
  }
  const resolved = enable.map((p) => resolveProvider(api, p));
  const disabled = o.disable.map((text) => {
    const p = findProvider(api, text);
    if (!p) throw new ControlLookupError(`--p: no provider named "${text}" is registered`);
    return p;
  });

  const current = querySession(api, o.name);
  if (changesProperties) {
    let mode = current.logFileMode;
    if (o.realTime === true) mode |= LOG_FILE_MODE.REAL_TIME_MODE;
    if (o.realTime === false) mode &= ~LOG_FILE_MODE.REAL_TIME_MODE;
    const buf = encodeTraceProperties({
      guid: kernel ? SYSTEM_TRACE_CONTROL_GUID : undefined,
      logFileMode: mode >>> 0,
      flushTimerSeconds: flushTimerSeconds ?? 0,
      maximumBuffers: o.maximumBuffers ?? 0,
      enableFlags: kernel ? (kernelFlags ?? current.enableFlags) : 0,
      logFileName: o.output !== undefined ? path.win32.resolve(o.cwd, o.output) : undefined,
    });
    check(api.controlTrace(0n, o.name, buf, TRACE_CONTROL.UPDATE), 'ControlTraceW(UPDATE)');
  }
  const handle = current.historicalContext;
  for (const p of resolved) enableProvider(api, handle, p);
  for (const p of disabled) {
    check(api.enableTraceEx2(handle, p.guid, PROVIDER_CONTROL.DISABLE, 0, 0n, 0n, 0, null), 'EnableTraceEx2(DISABLE)');
  }
  if (o.flush) flushSession(api, o.name);
  return { enabled: resolved, disabled: disabled.map((p) => p.name), propertiesUpdated: changesProperties, flushed: o.flush };
}
