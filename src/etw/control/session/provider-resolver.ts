/**
 * Turns a `-p provider [keywords [level]]` request into what EnableTraceEx2
 * (or, for the kernel logger, EnableFlags) takes: the provider GUID, the level
 * number and the MatchAnyKeyword mask. Names — of the provider, of keywords in
 * `(a,b)` lists, of non-standard levels — are looked up through TDH; the
 * kernel provider's keyword names are logman's EnableFlags names.
 */
import { ALL_KEYWORDS, ALL_LEVELS, EVENT_FIELD_TYPE } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { Guid } from '../api/guid.js';
import { KERNEL_FLAGS, SYSTEM_TRACE_CONTROL_GUID } from './kernel-logger.js';
import { parseKeywordMask, parseNameList, parseStandardLevel } from './option-values.js';
import { findProvider, providerFields } from './provider-catalog.js';
import { ProviderRequest } from './session-spec.js';
import { RegisteredProvider } from './tdh-blobs.js';
import { ControlLookupError, ControlUsageError } from '../usage-error.js';

export interface ResolvedProvider {
  guid: Guid;
  /** Registered name, or the braced GUID when it is not registered. */
  name: string;
  level: number;
  matchAnyKeyword: bigint;
  matchAllKeyword: bigint;
}

/** Kernel flag names (`process,thread`) or a number → EnableFlags. */
export function kernelFlagsOf(keywords: string): number {
  const names = parseNameList(keywords);
  if (names === null) return Number(parseKeywordMask(keywords, '-p') & 0xffffffffn);
  let flags = 0;
  for (const n of names) {
    const f = KERNEL_FLAGS.find((k) => k.name === n.toLowerCase());
    if (!f) throw new ControlUsageError(`-p: "${n}" is not a Windows Kernel Trace keyword (see: etwkit query providers "Windows Kernel Trace")`);
    flags |= f.value;
  }
  return flags >>> 0;
}

function keywordMaskOf(api: EtwApi, provider: RegisteredProvider, keywords: string): bigint {
  const names = parseNameList(keywords);
  if (names === null) return parseKeywordMask(keywords, '-p');
  const table = providerFields(api, provider.guid, EVENT_FIELD_TYPE.KEYWORD);
  let mask = 0n;
  for (const n of names) {
    const k = table.find((f) => f.name.toLowerCase() === n.toLowerCase());
    if (!k) throw new ControlLookupError(`-p: provider ${provider.name} has no keyword "${n}"`);
    mask |= k.value;
  }
  return mask;
}

function levelOf(api: EtwApi, provider: RegisteredProvider, level: string): number {
  const standard = parseStandardLevel(level, '-p');
  if (standard !== null) return standard;
  const table = providerFields(api, provider.guid, EVENT_FIELD_TYPE.LEVEL);
  const found = table.find((f) => f.name.toLowerCase() === level.trim().toLowerCase());
  if (!found) throw new ControlLookupError(`-p: provider ${provider.name} has no level "${level}"`);
  return Number(found.value & 0xffn);
}

export function resolveProvider(api: EtwApi, request: ProviderRequest, known?: RegisteredProvider[]): ResolvedProvider {
  const provider = findProvider(api, request.provider, known);
  if (!provider) throw new ControlLookupError(`-p: no provider named "${request.provider}" is registered (see: etwkit query providers)`);
  if (provider.guid.equals(SYSTEM_TRACE_CONTROL_GUID)) {
    return {
      guid: provider.guid, name: provider.name, level: ALL_LEVELS, matchAllKeyword: 0n,
      matchAnyKeyword: BigInt(request.keywords !== undefined ? kernelFlagsOf(request.keywords) : 0),
    };
  }
  return {
    guid: provider.guid,
    name: provider.name,
    level: request.level !== undefined ? levelOf(api, provider, request.level) : ALL_LEVELS,
    matchAnyKeyword: request.keywords !== undefined ? keywordMaskOf(api, provider, request.keywords) : ALL_KEYWORDS,
    matchAllKeyword: 0n,
  };
}
