/**
 * Decoders for EnumerateTraceGuidsEx results: the packed GUID list of
 * TraceGuidQueryList and the TRACE_GUID_INFO blob of TraceGuidQueryInfo
 * (instances → TRACE_ENABLE_INFO records). Pure; layouts: docs/architecture.md F12.
 */
import { Guid } from '../api/guid.js';

export const TRACE_GUID_INFO_SIZE = 8;
export const TRACE_PROVIDER_INSTANCE_INFO_SIZE = 16;
export const TRACE_ENABLE_INFO_SIZE = 32;

export interface TraceEnableInfo {
  isEnabled: boolean;
  level: number;
  loggerId: number;
  enableProperty: number;
  matchAnyKeyword: bigint;
  matchAllKeyword: bigint;
}

export interface ProviderInstance {
  pid: number;
  flags: number;
  enables: TraceEnableInfo[];
}

export function decodeGuidList(buf: Buffer, length: number): Guid[] {
  const out: Guid[] = [];
  for (let off = 0; off + 16 <= length; off += 16) out.push(Guid.fromBytes(buf, off));
  return out;
}

export function decodeTraceGuidInfo(buf: Buffer, length: number): ProviderInstance[] {
  if (length < TRACE_GUID_INFO_SIZE) return [];
  const count = buf.readUInt32LE(0);
  const instances: ProviderInstance[] = [];
  let at = TRACE_GUID_INFO_SIZE;
  for (let i = 0; i < count && at + TRACE_PROVIDER_INSTANCE_INFO_SIZE <= length; i++) {
    const next = buf.readUInt32LE(at);
    const enableCount = buf.readUInt32LE(at + 4);
    const enables: TraceEnableInfo[] = [];
    for (let e = 0; e < enableCount; e++) {
      const p = at + TRACE_PROVIDER_INSTANCE_INFO_SIZE + e * TRACE_ENABLE_INFO_SIZE;
      if (p + TRACE_ENABLE_INFO_SIZE > length) break;
      enables.push({
        isEnabled: buf.readUInt32LE(p) !== 0,
        level: buf.readUInt8(p + 4),
        loggerId: buf.readUInt16LE(p + 6),
        enableProperty: buf.readUInt32LE(p + 8),
        matchAnyKeyword: buf.readBigUInt64LE(p + 16),
        matchAllKeyword: buf.readBigUInt64LE(p + 24),
      });
    }
    instances.push({ pid: buf.readUInt32LE(at + 8), flags: buf.readUInt32LE(at + 12), enables });
    if (next === 0) break;
    at += next;
  }
  return instances;
}
