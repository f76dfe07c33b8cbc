/**
 * Status-code texts as tracefmt prints WPP arguments of the status item types:
 * NTSTATUS, HRESULT, NDIS_STATUS and NDIS OIDs as `0x` + 8 lower-case hex digits
 * followed by the symbolic name in parentheses, Win32 errors as the decimal code
 * followed by the name; a code without a known name is the number alone. An
 * HRESULT of FACILITY_WIN32 (0x8007xxxx) is named after the Win32 error of its
 * low word (0x80070005 reads ERROR_ACCESS_DENIED, not E_ACCESSDENIED). The name
 * tables are generated (status-names.ts) and unpacked on first use.
 */
import {
  HRESULT_NAMES, HRESULT_PREFIX, NDIS_OID_NAMES, NDIS_OID_PREFIX, NDIS_STATUS_NAMES, NDIS_STATUS_PREFIX,
  NTSTATUS_NAMES, NTSTATUS_PREFIX, WINERROR_NAMES, WINERROR_PREFIX,
} from './status-names.js';

/** Unpack one generated table (entries `delta,shared,rest`, see scripts/gen-status-names.js). */
export function unpackNames(packed: string, prefix: string): Map<number, string> {
  const map = new Map<number, string>();
  let value = 0;
  let previous = '';
  for (const entry of packed.split(' ')) {
    const a = entry.indexOf(',');
    const b = entry.indexOf(',', a + 1);
    value += parseInt(entry.slice(0, a), 36);
    const name = previous.slice(0, parseInt(entry.slice(a + 1, b), 36)) + entry.slice(b + 1);
    previous = name;
    map.set(value, name.startsWith('=') ? name.slice(1) : prefix + name);
  }
  return map;
}

function lazy(packed: string, prefix: string): () => Map<number, string> {
  let map: Map<number, string> | null = null;
  return () => map ?? (map = unpackNames(packed, prefix));
}

const ntstatus = lazy(NTSTATUS_NAMES, NTSTATUS_PREFIX);
const winerror = lazy(WINERROR_NAMES, WINERROR_PREFIX);
const hresult = lazy(HRESULT_NAMES, HRESULT_PREFIX);
const ndisStatus = lazy(NDIS_STATUS_NAMES, NDIS_STATUS_PREFIX);
const ndisOid = lazy(NDIS_OID_NAMES, NDIS_OID_PREFIX);

const hex8 = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
const named = (v: number, name: string | undefined) => (name === undefined ? hex8(v) : `${hex8(v)}(${name})`);

export function ntstatusName(code: number): string | undefined {
  return ntstatus().get(code >>> 0);
}

export function winerrorName(code: number): string | undefined {
  return winerror().get(code >>> 0);
}

export function hresultName(code: number): string | undefined {
  const v = code >>> 0;
  if (v >>> 16 === 0x8007) return winerror().get(v & 0xffff);
  return hresult().get(v);
}

export function ndisStatusName(code: number): string | undefined {
  // NDIS status values are NTSTATUS values; ndis.h names only its own.
  return ndisStatus().get(code >>> 0) ?? ntstatus().get(code >>> 0);
}

export function ndisOidName(code: number): string | undefined {
  return ndisOid().get(code >>> 0);
}

export const ntstatusText = (code: number): string => named(code, ntstatusName(code));
export const hresultText = (code: number): string => named(code, hresultName(code));
export const ndisStatusText = (code: number): string => named(code, ndisStatusName(code));
export const ndisOidText = (code: number): string => named(code, ndisOidName(code));
export function winerrorText(code: number): string {
  const name = winerrorName(code);
  return name === undefined ? String(code >>> 0) : `${code >>> 0}(${name})`;
}
