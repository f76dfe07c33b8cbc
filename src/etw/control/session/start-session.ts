/**
 * `start NAME -ets`: resolve every provider first (so a bad name starts
 * nothing), StartTraceW with the planned properties, then EnableTraceEx2 per
 * provider — or, for the NT Kernel Logger, the kernel flags in EnableFlags.
 * If enabling fails the new session is stopped again before the error is thrown.
 */
import { LOG_FILE_MODE, PROVIDER_CONTROL, TRACE_CONTROL } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { encodeEnableParameters } from './enable-parameters.js';
import { isKernelProvider } from './kernel-logger.js';
import { kernelFlagsOf, ResolvedProvider, resolveProvider } from './provider-resolver.js';
import { StartPlan } from './session-spec.js';
import { encodeQueryProperties, encodeTraceProperties } from './trace-properties.js';
import { ControlUsageError } from '../usage-error.js';
import { check, Win32Error } from '../api/win32-error.js';

/** EnableTraceEx2 Timeout: 0 = asynchronous, as logman does not wait for providers. */
export const ENABLE_TIMEOUT_MS = 0;

export interface StartedSession {
  handle: bigint;
  providers: ResolvedProvider[];
  enableFlags: number;
}

/** Enables one provider on a running session; shared with `update`. */
export function enableProvider(api: EtwApi, handle: bigint, p: ResolvedProvider): void {
  const status = api.enableTraceEx2(
    handle, p.guid, PROVIDER_CONTROL.ENABLE, p.level, p.matchAnyKeyword, p.matchAllKeyword, ENABLE_TIMEOUT_MS,
    encodeEnableParameters({ enableProperty: 0 }),
  );
  check(status, 'EnableTraceEx2');
}

export function startSession(api: EtwApi, plan: StartPlan): StartedSession {
  let enableFlags = plan.properties.enableFlags ?? 0;
  let providers: ResolvedProvider[] = [];
  if (plan.kernel) {
    if (plan.providers.length > 1) throw new ControlUsageError('the NT Kernel Logger takes one -p "Windows Kernel Trace" (flags) provider');
    const p = plan.providers[0];
    if (p) {
      if (!isKernelProvider(p.provider)) throw new ControlUsageError(`the NT Kernel Logger can only log "Windows Kernel Trace", not ${p.provider}`);
      if (p.keywords !== undefined) enableFlags = kernelFlagsOf(p.keywords);
    }
  } else {
    const kernelRequest = plan.providers.find((p) => isKernelProvider(p.provider));
    if (kernelRequest) throw new ControlUsageError('"Windows Kernel Trace" can only be enabled in the session named "NT Kernel Logger"');
    providers = plan.providers.map((p) => resolveProvider(api, p));
  }
  // A user-mode (private) session is identified by its provider's GUID (docs/architecture.md F12).
  const privateLogger = ((plan.properties.logFileMode ?? 0) & LOG_FILE_MODE.PRIVATE_LOGGER_MODE) !== 0;
  if (privateLogger && providers.length === 0) throw new ControlUsageError('-ul (user mode) needs the provider it runs in: -p provider');
  const guid = privateLogger ? providers[0]!.guid : plan.properties.guid;
  const properties = encodeTraceProperties({ ...plan.properties, guid, enableFlags });
  const started = api.startTrace(plan.name, properties);
  check(started.status, 'StartTraceW');
  try {
    for (const p of providers) enableProvider(api, started.handle, p);
  } catch (e) {
    if (e instanceof Win32Error) api.controlTrace(0n, plan.name, encodeQueryProperties(), TRACE_CONTROL.STOP);
    throw e;
  }
  return { handle: started.handle, providers, enableFlags };
}
