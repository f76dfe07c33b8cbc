/**
 * String-only events (EventWriteString, docs/architecture.md F7): the payload is one
 * NUL-terminated UTF-16LE string; no schema is needed.
 */
import { EventHeaderFlag, type EtlRecord } from '../etl/record.js';
import { readUtf16z } from '../etl/bytes.js';

export function isStringOnly(r: EtlRecord): boolean {
  return r.kind === 'event' && (r.flags & EventHeaderFlag.STRING_ONLY) !== 0;
}

/** The event's string (tolerating a missing terminator at the end of the event). */
export function stringOnlyText(r: EtlRecord): string {
  return readUtf16z(r.payload, 0, r.payload.length).text;
}
