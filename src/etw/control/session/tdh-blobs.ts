/**
 * Decoders for the two TDH blobs `query providers` needs:
 * PROVIDER_ENUMERATION_INFO (TdhEnumerateProviders) and PROVIDER_FIELD_INFOARRAY
 * (TdhEnumerateProviderFieldInformation). Strings sit at byte offsets from the
 * start of the blob. Pure; layouts: docs/architecture.md F12.
 */
import { Guid } from '../api/guid.js';
import { readWideString } from './trace-properties.js';

export const TRACE_PROVIDER_INFO_SIZE = 24;
export const PROVIDER_FIELD_INFO_SIZE = 16;

export interface RegisteredProvider {
  guid: Guid;
  name: string;
  /** 0 = manifest (XML), 1 = MOF (WMI class). */
  schemaSource: number;
}

export interface ProviderField {
  value: bigint;
  name: string;
  description: string;
}

export function decodeProviderEnumeration(buf: Buffer): RegisteredProvider[] {
  if (buf.length < 8) return [];
  const count = buf.readUInt32LE(0);
  const out: RegisteredProvider[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * TRACE_PROVIDER_INFO_SIZE;
    if (at + TRACE_PROVIDER_INFO_SIZE > buf.length) break;
    out.push({
      guid: Guid.fromBytes(buf, at),
      schemaSource: buf.readUInt32LE(at + 16),
      name: readWideString(buf, buf.readUInt32LE(at + 20)),
    });
  }
  return out;
}

export function decodeProviderFieldArray(buf: Buffer): ProviderField[] {
  if (buf.length < 8) return [];
  const count = buf.readUInt32LE(0);
  const out: ProviderField[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * PROVIDER_FIELD_INFO_SIZE;
    if (at + PROVIDER_FIELD_INFO_SIZE > buf.length) break;
    out.push({
      name: readWideString(buf, buf.readUInt32LE(at)),
      description: readWideString(buf, buf.readUInt32LE(at + 4)),
      value: buf.readBigUInt64LE(at + 8),
    });
  }
  return out;
}
