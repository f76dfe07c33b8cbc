/**
 * Everything `query NAME -ets` shows about one live session: its properties
 * (ControlTraceW QUERY) and its providers with display names, level names and
 * the names of the keyword bits that are set (TDH). A failing name lookup
 * falls back to the GUID, as logman does for unregistered providers.
 */
import { ALL_KEYWORDS, EVENT_FIELD_TYPE, STANDARD_LEVEL_NAMES } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { Guid } from '../api/guid.js';
import { listRegisteredProviders, providerFields } from './provider-catalog.js';
import { EnabledProvider, providersOfSession } from './session-providers.js';
import { querySession } from './session-queries.js';
import { RegisteredProvider } from './tdh-blobs.js';
import { TraceProperties } from './trace-properties.js';
import { Win32Error } from '../api/win32-error.js';

export interface SessionProviderDetail extends EnabledProvider {
  name: string;
  levelName: string | null;
  keywordsAnyNames: string[];
  keywordsAllNames: string[];
}

export interface SessionDetail {
  session: TraceProperties;
  providers: SessionProviderDetail[];
}

function keywordNames(fields: { value: bigint; name: string }[], mask: bigint): string[] {
  if (mask === 0n || mask === ALL_KEYWORDS) return [];
  return fields.filter((f) => f.value !== 0n && (mask & f.value) === f.value).map((f) => f.name);
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Win32Error) return fallback;
    throw e;
  }
}

export function describeSession(api: EtwApi, name: string): SessionDetail {
  const session = querySession(api, name);
  const enabled = providersOfSession(api, session.loggerId);
  const registered: RegisteredProvider[] = enabled.length > 0 ? safely(() => listRegisteredProviders(api), []) : [];
  const nameOf = (g: Guid) => registered.find((r) => r.guid.equals(g))?.name ?? g.toBracedUpper();
  const providers = enabled.map((p) => {
    const keywords = safely(() => providerFields(api, p.guid, EVENT_FIELD_TYPE.KEYWORD), []);
    return {
      ...p,
      name: nameOf(p.guid),
      levelName: STANDARD_LEVEL_NAMES[p.level] ?? null,
      keywordsAnyNames: keywordNames(keywords, p.matchAnyKeyword),
      keywordsAllNames: keywordNames(keywords, p.matchAllKeyword),
    };
  });
  return { session, providers };
}
