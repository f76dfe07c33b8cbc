/**
 * The summary's count of events whose payload does not match the schema that
 * describes them (15005 ERROR_EVT_INVALID_EVENT_DATA: the dump shows them as
 * ProcessingErrorData). Plain kernel records are checked only when their class
 * has a schema, which is known from their identity without building them, so a
 * kernel trace without MOF classes costs nothing; other records are decoded, or
 * the pipeline's decoding of them is reused.
 */
import type { EtlRecord } from '../etl/record.js';
import { ERROR_EVT_INVALID_EVENT_DATA } from '../schema/payload-decoder.js';
import type { SchemaRegistry } from '../schema/registry.js';
import type { DecodedPayload, PayloadDecoder } from '../schema/types.js';

export class SchemaMismatchCheck {
  /** Per class GUID and event type: has a schema (cleared when the registry changes). */
  private readonly classic = new Map<string, Map<number, boolean>>();
  private seenGeneration: number;

  constructor(private readonly decoder: PayloadDecoder, private readonly registry: SchemaRegistry) {
    this.seenGeneration = registry.generation;
  }

  /** Grows when a schema is registered during the pass (a manifest carried by the trace). */
  get generation(): number {
    return this.registry.generation;
  }

  /** Whether classic records of this class and event type have a schema to be checked against. */
  classHasSchema(classGuid: string | null, eventType: number): boolean {
    if (classGuid === null) return false;
    if (this.seenGeneration !== this.registry.generation) {
      this.classic.clear();
      this.seenGeneration = this.registry.generation;
      this.lastGuid = null;
    }
    if (classGuid === this.lastGuid && eventType === this.lastType) return this.lastHas;
    let types = this.classic.get(classGuid);
    if (types === undefined) this.classic.set(classGuid, (types = new Map()));
    let has = types.get(eventType);
    if (has === undefined) types.set(eventType, (has = this.registry.hasClassicSchema(classGuid, eventType)));
    this.lastGuid = classGuid;
    this.lastType = eventType;
    this.lastHas = has;
    return has;
  }

  /** The last class and type asked about, and the answer (records of one type come in runs). */
  private lastGuid: string | null = null;
  private lastType = -1;
  private lastHas = false;

  /** Does the record's payload not fit its schema? `decoded`: the pipeline's decoding of it, if any. */
  mismatch(r: EtlRecord, decoded: DecodedPayload | null): boolean {
    if (r.kind !== 'event' && r.kind !== 'wpp' && !this.classHasSchema(r.providerId, r.opcode ?? 0)) return false;
    const e = (decoded ?? this.decoder.decode(r)).error;
    return e !== null && e.code === ERROR_EVT_INVALID_EVENT_DATA;
  }
}
