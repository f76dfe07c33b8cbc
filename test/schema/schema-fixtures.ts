/**
 * Small builders for the schema tests: an EventSchema from a property list, a
 * one-shot decode of hand-written payload bytes, and an EtlRecord with only the
 * facts the registry looks at. Payload bytes in tests are written from the
 * encodings in etl-format.md §6 and §8, not produced by our own writer.
 */
import type { EventSchema, PropertyDef } from '../../src/etw/schema/event-schema.js';
import { compileSchema, type PayloadDecodeResult } from '../../src/etw/schema/payload-decoder.js';
import type { EtlRecord, ExtendedItem } from '../../src/etw/etl/record.js';
import type { DecodedField, FieldValue } from '../../src/etw/schema/types.js';

export function schemaOf(properties: PropertyDef[], extra: Partial<EventSchema> = {}): EventSchema {
  return {
    source: 'manifest', providerId: '00000000-0000-0000-0000-000000000001', providerName: 'Test-Provider',
    eventName: 'TestEvent', taskName: null, opcodeName: null, levelName: null, keywordNames: [], channelName: null,
    message: null, properties, userDataElement: null, ...extra,
  };
}

/** Name, value and text of each field as plain objects (decoded fields make their text on demand), for toEqual. */
export function plainFields(fields: readonly DecodedField[]): { name: string; value: FieldValue; text: string }[] {
  return fields.map((f) => ({ name: f.name, value: f.value, text: f.text }));
}

/** Hex with optional spaces → bytes. */
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}

export function decodeWith(properties: PropertyDef[], payload: Buffer | string, pointerSize: 4 | 8 = 8,
  sessionTimeToFileTime: ((raw: bigint) => bigint) | null = null): PayloadDecodeResult {
  const bytes = typeof payload === 'string' ? hex(payload) : payload;
  return compileSchema(schemaOf(properties)).decode(bytes, { pointerSize, sessionTimeToFileTime });
}

/** Decode a single property and return its field (throws when the payload did not fit). */
export function decodeOne(p: PropertyDef, payload: Buffer | string, pointerSize: 4 | 8 = 8) {
  const r = decodeWith([p], payload, pointerSize);
  if (r.error) throw new Error(r.error.reason);
  return r.fields[0]!;
}

export interface RecordFacts {
  kind?: EtlRecord['kind'];
  providerId?: string | null;
  id?: number | null;
  version?: number | null;
  opcode?: number | null;
  level?: number | null;
  keywords?: bigint | null;
  flags?: number;
  pointerSize?: 4 | 8;
  payload?: Buffer;
  extended?: Array<[number, Buffer]>;
  fileIndex?: number;
  bufferOffset?: number;
  offsetInBuffer?: number;
}

/** An EtlRecord carrying the given facts (everything else neutral). */
export function recordWith(f: RecordFacts): EtlRecord {
  const payload = f.payload ?? Buffer.alloc(0);
  const extended: ExtendedItem[] = (f.extended ?? []).map(([type, data]) => ({ type, name: `TYPE_${type}`, data, value: null }));
  return {
    kind: f.kind ?? 'event', headerType: 0x13, pointerSize: f.pointerSize ?? 8, size: 0x50 + payload.length,
    rawTime: 0n, fileTime: 0n, providerId: f.providerId === undefined ? '00000000-0000-0000-0000-000000000001' : f.providerId,
    id: f.id ?? 0, version: f.version ?? 0, channel: 0, level: f.level ?? 4, opcode: f.opcode ?? 0, task: 0,
    keywords: f.keywords ?? 0n, hookId: null, pid: 1, tid: 2, cpu: 0, loggerId: 0,
    flags: (f.flags ?? 0) | (extended.length > 0 ? 0x0001 : 0), eventProperty: 0, activityId: null, kernelTime: 0, userTime: 0,
    pebsIndex: null, pmcCounters: null, instance: null, wpp: null, extended, payload, payloadSize: payload.length,
    fileIndex: f.fileIndex ?? 0, bufferOffset: f.bufferOffset ?? 0, offsetInBuffer: f.offsetInBuffer ?? 0,
    fileOffset: 0, compressed: false,
  } as EtlRecord;
}
