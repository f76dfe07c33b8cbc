/**
 * Which providers a session has enabled, with their level, keywords and enable
 * properties: EnumerateTraceGuidsEx list of GUIDs, then the TRACE_GUID_INFO of
 * each, keeping enable records whose LoggerId is the session's. A GUID that
 * vanished between the two calls is skipped. docs/architecture.md F12.
 */
import { TRACE_QUERY_INFO_CLASS } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { Guid } from '../api/guid.js';
import { callWithGrowingBuffer } from '../api/growing-buffer.js';
import { decodeGuidList, decodeTraceGuidInfo, ProviderInstance, TraceEnableInfo } from './trace-guid-info.js';
import { Win32Error } from '../api/win32-error.js';

export interface EnabledProvider extends Omit<TraceEnableInfo, 'isEnabled' | 'loggerId'> {
  guid: Guid;
}

export function registeredGuids(api: EtwApi): Guid[] {
  const { buffer, length } = callWithGrowingBuffer(
    (b) => api.enumerateTraceGuidsEx(TRACE_QUERY_INFO_CLASS.GUID_QUERY_LIST, null, b),
    'EnumerateTraceGuidsEx(TraceGuidQueryList)',
  );
  return decodeGuidList(buffer, length);
}

/** Instances of one provider; null when the provider is not (or no longer) registered. */
export function providerInstances(api: EtwApi, guid: Guid): ProviderInstance[] | null {
  try {
    const { buffer, length } = callWithGrowingBuffer(
      (b) => api.enumerateTraceGuidsEx(TRACE_QUERY_INFO_CLASS.GUID_QUERY_INFO, guid.toBytes(), b),
      'EnumerateTraceGuidsEx(TraceGuidQueryInfo)',
    );
    return decodeTraceGuidInfo(buffer, length);
  } catch (e) {
    if (e instanceof Win32Error) return null;
    throw e;
  }
}

export function providersOfSession(api: EtwApi, loggerId: number): EnabledProvider[] {
  const out: EnabledProvider[] = [];
  for (const guid of registeredGuids(api)) {
    const instances = providerInstances(api, guid);
    if (!instances) continue;
    const enable = instances.flatMap((i) => i.enables).find((e) => e.isEnabled && e.loggerId === loggerId);
    if (enable) {
      out.push({ guid, level: enable.level, enableProperty: enable.enableProperty, matchAnyKeyword: enable.matchAnyKeyword, matchAllKeyword: enable.matchAllKeyword });
    }
  }
  return out;
}
