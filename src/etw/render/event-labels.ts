/**
 * How tracerpt labels and formats the header facts of an event, shared by the
 * XML, CSV, summary and report sinks: classic vs. manifest events, kernel
 * events, the summary's event name, hex/keyword/GUID text forms.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedPayload } from '../schema/types.js';
import { DOCKER_PROVIDER_NAME } from './event-names.js';

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
export const ZERO_GUID_BRACED = `{${ZERO_GUID}}`;

/** Classic (MOF/kernel) records: the GUID is an event class, the type lives in Opcode. */
export function isClassic(r: EtlRecord): boolean {
  return r.kind !== 'event' && r.kind !== 'wpp';
}

/** Kernel records: system-header kinds, or a classic class the decoder names as MSNT_SystemTrace. */
export function isKernel(r: EtlRecord, d: DecodedPayload | null): boolean {
  if (r.kind === 'system' || r.kind === 'compact' || r.kind === 'perfinfo') return true;
  return isClassic(r) && d?.providerName === 'MSNT_SystemTrace';
}

export function braced(guid: string | null): string {
  return guid === null ? ZERO_GUID_BRACED : `{${guid}}`;
}

/** `0x` + upper-case hex, no padding (XML Keywords: `0x0`, `0xF00000000008`). */
export function hexUpper(n: bigint | number): string {
  return '0x' + n.toString(16).toUpperCase();
}

const HEX16_ZERO = '0000000000000000';
/** `0x%016X` (CSV Keyword). */
export function hex16(n: bigint): string {
  const h = n.toString(16).toUpperCase();
  return '0x' + (h.length >= 16 ? h : HEX16_ZERO.slice(h.length) + h);
}

const HEX8_ZERO = '00000000';
/** PIDs and TIDs repeat, so their text is remembered (bounded). */
const hex8Cache = new Map<number, string>();
/** `0x%08X` (CSV PID/TID). */
export function hex8(n: number): string {
  let s = hex8Cache.get(n);
  if (s !== undefined) return s;
  const h = (n >>> 0).toString(16).toUpperCase();
  s = '0x' + (h.length >= 8 ? h : HEX8_ZERO.slice(h.length) + h);
  if (hex8Cache.size >= 65536) hex8Cache.clear();
  hex8Cache.set(n, s);
  return s;
}

/**
 * The name of an event as tracerpt's summary shows it: blank unless a manifest/MOF/kernel
 * schema names it; Docker etwlogs rows carry our name of their provider (event-names.ts).
 */
export function summaryEventName(d: DecodedPayload | null): string {
  if (d === null) return '';
  if (d.source === 'docker') return DOCKER_PROVIDER_NAME;
  if (d.source !== 'manifest' && d.source !== 'mof' && d.source !== 'kernel') return '';
  return d.taskName ?? d.eventName ?? '';
}

/** The related activity id from the extended items, when present. */
export function relatedActivityId(r: EtlRecord): string | null {
  for (const it of r.extended) {
    if (it.name === 'RELATED_ACTIVITYID' && typeof it.value === 'string') return it.value;
  }
  return null;
}

/** Upper-case hex of the payload, no separators (ProcessingErrorData/EventPayload). */
export function payloadHex(r: EtlRecord): string {
  return r.payload.toString('hex').toUpperCase();
}
