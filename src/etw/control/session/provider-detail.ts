/**
 * Everything `query providers NAME` shows about one provider: its GUID and
 * name, keyword and level tables (TDH), and the processes that registered it
 * (EnumerateTraceGuidsEx TraceGuidQueryInfo).
 */
import { EVENT_FIELD_TYPE } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { findProvider, listRegisteredProviders, providerFields } from './provider-catalog.js';
import { providerInstances } from './session-providers.js';
import { ProviderField, RegisteredProvider } from './tdh-blobs.js';
import { ControlLookupError } from '../usage-error.js';
import { isKernelProvider, SYSTEM_TRACE_CONTROL_GUID } from './kernel-logger.js';

export interface ProviderDetail {
  provider: RegisteredProvider;
  keywords: ProviderField[];
  levels: ProviderField[];
  /** Registering processes (0 = pre-enabled, no process), in ETW's order, without repeats. */
  pids: number[];
}

export function describeProvider(api: EtwApi, text: string): ProviderDetail {
  const provider = isKernelProvider(text) ? findProvider(api, text) : findProvider(api, text, listRegisteredProviders(api));
  if (!provider) throw new ControlLookupError(`no provider named "${text}" is registered`);
  const kernel = provider.guid.equals(SYSTEM_TRACE_CONTROL_GUID);
  const instances = kernel ? [] : (providerInstances(api, provider.guid) ?? []);
  const pids = [...new Set(instances.map((i) => i.pid).filter((pid) => pid !== 0))];
  return {
    provider,
    keywords: providerFields(api, provider.guid, EVENT_FIELD_TYPE.KEYWORD),
    levels: providerFields(api, provider.guid, EVENT_FIELD_TYPE.LEVEL),
    pids,
  };
}
