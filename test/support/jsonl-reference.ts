/**
 * The reference form of a JSON line, built the plain way (string concatenation
 * and JSON.stringify of each value) for tests to compare the JSONL sink's bytes
 * against: the sink assembles its lines from cached pieces and writes fields
 * straight from payload bytes, and must give exactly these lines.
 */
import { fileTimeToIso } from '../../src/etw/etl/clock.js';
import type { EtlRecord, ExtendedItem } from '../../src/etw/etl/record.js';
import { eventNames } from '../../src/etw/render/event-names.js';
import { wppJson } from '../../src/etw/render/wpp-json.js';
import type { DecodedPayload, FieldValue } from '../../src/etw/schema/types.js';

const str = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));
const num = (n: number | null) => (n === null ? 'null' : String(n));
const hex16 = (n: number) => '"0x' + n.toString(16).padStart(4, '0') + '"';

function itemJson(it: ExtendedItem): string {
  const value = it.value !== null ? JSON.stringify(it.value) : '"' + it.data.toString('hex') + '"';
  return '{"type":' + it.type + ',"name":"' + it.name + '","size":' + it.data.length + ',"value":' + value + '}';
}

/**
 * The line (with its newline) for a record and its decoding: `message` and
 * `fields` as the test expects them; `decoded` null when no decoding was asked
 * for, and a decoding with an error, give the payload as hex.
 */
export function referenceJsonLine(
  r: EtlRecord, message: string | null, fields: Record<string, FieldValue> | null, decoded: DecodedPayload | null,
): string {
  const n = eventNames(decoded);
  const undecoded = decoded === null || decoded.error !== null;
  return '{"time":"' + fileTimeToIso(r.fileTime) +
    '","rawTime":"' + r.rawTime.toString() +
    '","header":"' + r.kind +
    '","provider":' + (r.providerId === null ? 'null' : '"{' + r.providerId + '}"') +
    ',"providerName":' + str(n.providerName) + ',"eventName":' + str(n.eventName) +
    ',"opcodeName":' + str(n.opcodeName) + ',"levelName":' + str(n.levelName) +
    ',"id":' + num(r.id) +
    ',"version":' + num(r.version) +
    ',"level":' + num(r.level) +
    ',"opcode":' + num(r.opcode) +
    ',"task":' + num(r.task) +
    ',"keywords":' + (r.keywords === null ? 'null' : '"0x' + r.keywords.toString(16) + '"') +
    ',"type":' + (r.kind !== 'event' && r.kind !== 'wpp' ? num(r.opcode) : 'null') +
    ',"hookId":' + (r.hookId === null ? 'null' : hex16(r.hookId)) +
    ',"channel":' + num(r.channel) +
    ',"pid":' + String(r.pid) +
    ',"tid":' + String(r.tid) +
    ',"cpu":' + num(r.cpu) +
    ',"activityId":' + (r.activityId === null ? 'null' : '"{' + r.activityId + '}"') +
    ',"flags":' + hex16(r.flags) +
    ',"eventProperty":' + num(r.eventProperty) +
    ',"payloadSize":' + num(r.payloadSize) +
    ',"extended":' + (r.extended.length === 0 ? 'null' : '[' + r.extended.map(itemJson).join(',') + ']') +
    ',"instance":' + (r.instance === null ? 'null' : JSON.stringify(r.instance)) +
    ',"wpp":' + wppJson(r, decoded) +
    ',"message":' + str(message) +
    ',"fields":' + (fields === null ? 'null' : JSON.stringify(fields)) +
    ',"error":' + (decoded === null || decoded.error === null ? 'null' : String(decoded.error.code)) +
    ',"payload":' + (undecoded ? '"' + r.payload.toString('hex').toUpperCase() + '"' : 'null') +
    '}\n';
}
