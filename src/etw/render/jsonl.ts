/**
 * JSON Lines sink (`-of JSONL`): one object per record with the header facts
 * (time, rawTime, header kind, provider, descriptor, ids, cpu, flags, extended
 * items) and the decoded message/fields.
 */
import { fileTimeToIso } from '../etl/clock.js';
import type { EtlRecord, ExtendedItem } from '../etl/record.js';
import { isStringOnly, stringOnlyText } from '../schema/string-only.js';
import type { FieldValue } from '../schema/types.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

function guid(g: string | null): string | null {
  return g === null ? null : `{${g}}`;
}

function extendedJson(items: ExtendedItem[]): unknown[] | null {
  if (items.length === 0) return null;
  return items.map((it) => ({
    type: it.type,
    name: it.name,
    size: it.data.length,
    value: it.value === null ? it.data.toString('hex') : it.value,
  }));
}

/** The JSON object for one record. */
export function recordJson(r: EtlRecord, message: string | null, fields: Record<string, FieldValue> | null): Record<string, unknown> {
  const classic = r.kind !== 'event' && r.kind !== 'wpp';
  return {
    time: fileTimeToIso(r.fileTime),
    rawTime: r.rawTime.toString(),
    header: r.kind,
    provider: guid(r.providerId),
    id: r.id,
    version: r.version,
    level: r.level,
    opcode: r.opcode,
    task: r.task,
    keywords: r.keywords === null ? null : '0x' + r.keywords.toString(16),
    type: classic ? r.opcode : null,
    hookId: r.hookId === null ? null : '0x' + r.hookId.toString(16).padStart(4, '0'),
    channel: r.channel,
    pid: r.pid,
    tid: r.tid,
    cpu: r.cpu,
    activityId: guid(r.activityId),
    flags: '0x' + r.flags.toString(16).padStart(4, '0'),
    eventProperty: r.eventProperty,
    payloadSize: r.payload.length,
    extended: extendedJson(r.extended),
    instance: r.instance,
    wpp: r.wpp,
    message,
    fields,
  };
}

export class JsonlSink implements EventSink {
  readonly needsPayload = true;
  constructor(private readonly out: OutputFile) {}

  begin(_ctx: SinkContext): void {}

  write(ev: DecodedEvent): void {
    const r = ev.record;
    let message: string | null = ev.decoded?.message ?? null;
    if (message === null && isStringOnly(r)) message = stringOnlyText(r);
    let fields: Record<string, FieldValue> | null = null;
    if (ev.decoded && ev.decoded.fields.length > 0) {
      fields = {};
      for (const f of ev.decoded.fields) fields[f.name] = f.value;
    }
    this.out.write(JSON.stringify(recordJson(r, message, fields)) + '\n');
  }

  end(): void {
    this.out.commit();
  }
}
