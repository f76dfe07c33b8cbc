/**
 * Schemas that a merged trace carries for its own events: xperf/WPR `-merge`,
 * the relogger and PerfView add KernelTraceControl EventMetadata events (class
 * {bbccf6c1-6cd1-48c4-80ff-839482e37671}), so that the trace decodes on a
 * machine where its providers are not installed. Event type 32 (EventInfo) holds
 * the whole TRACE_EVENT_INFO that TDH returned for one event; type 33
 * (EventMapInfo) holds the provider GUID (16 bytes) followed by one
 * EVENT_MAP_INFO, whose offsets count from its own start.
 *
 * This in-trace source turns them into schemas as it meets them, keyed as TDH
 * keys them (provider + id + version; class GUID + type + version for MOF
 * events). In the merged corpus traces each event's metadata comes just before
 * the first event it describes, and its maps just after the metadata; a map that
 * arrives after its event re-registers that event with the map filled in. A
 * schema file that describes the same event (-import, --mof, --schemas) wins by
 * its rank (schema-rank.ts). Descriptions of
 * TraceLogging events are passed over: those events describe themselves.
 */
import { readGuid } from '../../etl/bytes.js';
import type { EtlRecord } from '../../etl/record.js';
import { EVENT_METADATA_CLASS } from '../builtin/kernel-trace-control.js';
import type { MapDef } from '../event-schema.js';
import type { SchemaKey, SchemaTarget } from '../schema-target.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';
import { TdhBlobError } from './blob-reader.js';
import { eventInfoSchema, EventInfoSchemaError } from './event-info-schema.js';
import { readEventMapInfo } from './event-map-info.js';
import { DecodingSource, readTraceEventInfo, type TraceEventInfo } from './trace-event-info.js';

export const EVENT_METADATA_EVENT_INFO = 32;
export const EVENT_METADATA_MAP_INFO = 33;

/** A record of the EventMetadata class (a classic event, so its type is the record's opcode). */
export function isEventMetadataRecord(r: EtlRecord): boolean {
  return (r.kind === 'trace' || r.kind === 'instance') && r.providerId === EVENT_METADATA_CLASS;
}

/** What the source made of one metadata event that could not be used. */
export interface EventMetadataProblem {
  /** Which input file (EtlRecord.fileIndex). */
  fileIndex: number;
  /** File offset of the record (its buffer's, for a compressed buffer). */
  fileOffset: number;
  reason: string;
}

interface Described {
  info: TraceEventInfo;
  key: SchemaKey;
  /** Maps it refers to that were not known when it was last registered. */
  missingMaps: string[];
}

export class EventMetadataCollector implements SchemaSource {
  readonly kind = 'EventMetadata events in the trace';
  /** EventMetadata events are classic records (isEventMetadataRecord). */
  readonly observedKinds = ['trace', 'instance'] as const;
  readonly rank = SchemaRank.IN_TRACE;
  /** Maps per provider GUID, by map name. */
  private readonly maps = new Map<string, Map<string, MapDef>>();
  /** Events described, per provider GUID, by their key text (a repeated description replaces the earlier one). */
  private readonly described = new Map<string, Map<string, Described>>();
  /** Payloads already handled (the same description may come more than once); as many as the trace carries. */
  private readonly seen = new Set<string>();
  private readonly problemList: EventMetadataProblem[] = [];
  private registered = 0;

  /** `onProblem`: told of each metadata event that cannot be used (it is also kept in `problems`). */
  constructor(private readonly onProblem?: (problem: EventMetadataProblem) => void) {}

  observe(record: EtlRecord, registry: SchemaTarget): void {
    if (!isEventMetadataRecord(record)) return;
    const type = record.opcode;
    if (type !== EVENT_METADATA_EVENT_INFO && type !== EVENT_METADATA_MAP_INFO) return;
    const payload = record.payload;
    const identity = `${type}:${payload.toString('latin1')}`;
    if (this.seen.has(identity)) return;
    this.seen.add(identity);
    try {
      if (type === EVENT_METADATA_EVENT_INFO) this.eventInfo(Buffer.from(payload), registry);
      else this.mapInfo(payload, registry);
    } catch (e) {
      if (!(e instanceof TdhBlobError) && !(e instanceof EventInfoSchemaError)) throw e;
      const problem = { fileIndex: record.fileIndex, fileOffset: record.fileOffset, reason: e.message };
      this.problemList.push(problem);
      this.onProblem?.(problem);
    }
  }

  /** Events registered so far (a re-registration after a late map counts again). */
  get eventsRegistered(): number {
    return this.registered;
  }

  /** Metadata events that could not be used, and why. */
  get problems(): readonly EventMetadataProblem[] {
    return this.problemList;
  }

  private eventInfo(blob: Buffer, registry: SchemaTarget): void {
    const info = readTraceEventInfo(blob);
    if (info.decodingSource === DecodingSource.TLG) return; // TraceLogging events carry their own metadata
    const provider = info.providerGuid;
    const d = this.register(info, registry);
    let byKey = this.described.get(provider);
    if (byKey === undefined) this.described.set(provider, (byKey = new Map()));
    byKey.set(keyText(d.key), d);
  }

  private mapInfo(payload: Buffer, registry: SchemaTarget): void {
    if (payload.length < 16) throw new TdhBlobError('EventMapInfo', 0, `${payload.length} bytes cannot hold the provider GUID`);
    const provider = readGuid(payload, 0);
    const map = readEventMapInfo(Buffer.from(payload.subarray(16)));
    let byName = this.maps.get(provider);
    if (byName === undefined) this.maps.set(provider, (byName = new Map()));
    byName.set(map.name, map);
    // Events met before this map was: register them again with it.
    for (const d of this.described.get(provider)?.values() ?? []) {
      if (d.missingMaps.includes(map.name)) Object.assign(d, this.register(d.info, registry));
    }
  }

  private register(info: TraceEventInfo, registry: SchemaTarget): Described {
    const maps = this.maps.get(info.providerGuid);
    const made = eventInfoSchema(info, (name) => maps?.get(name) ?? null);
    // Registered at the in-trace rank (the registry's observe): a schema file given for this
    // event (-import, --mof, --schemas) is kept over the trace's copy (schema-rank.ts).
    registry.add(made.schema, made.key);
    this.registered++;
    return { info, key: made.key, missingMaps: made.missingMaps };
  }
}


function keyText(k: SchemaKey): string {
  return k.kind === 'manifest' ? `m:${k.providerId}:${k.id}:${k.version}` : `c:${k.classGuid}:${k.eventType}:${k.version ?? ''}`;
}
