/**
 * The `wpp` value of a JSON line: the record's WPP header facts (message
 * number, option flags, sequence, component id, message GUID) and, for a
 * message formatted with its TMF, the TMF's facts — `component`, `fileLine`,
 * `function`, `levelName`, `flagsName`.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedPayload } from '../schema/types.js';

export function wppJson(r: EtlRecord, d: DecodedPayload | null): string {
  if (r.wpp === null) return 'null';
  const f = d?.wpp;
  if (f === undefined || !f.formatted) return JSON.stringify(r.wpp);
  return JSON.stringify({
    ...r.wpp, component: f.component, fileLine: f.fileLine, function: f.function, levelName: f.levelName, flagsName: f.flagsName,
  });
}
