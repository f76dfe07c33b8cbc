/**
 * The summary's count of events whose payload does not match the schema that
 * describes them (15005 ERROR_EVT_INVALID_EVENT_DATA: the dump shows them as
 * ProcessingErrorData). Plain kernel records are checked only when their class
 * has a schema, which is known from their identity without building them; a
 * payload whose size alone (or with its SID's size) shows that it fits
 * (payload-fit.ts) is not decoded;
 * other records are decoded, or the pipeline's decoding of them is reused.
 */
import type { RecordIdentity } from '../etl/event-header.js';
import type { EtlRecord } from '../etl/record.js';
import { ERROR_EVT_INVALID_EVENT_DATA, type CompiledSchema } from '../schema/payload-decoder.js';
import { fitsBySize, fitsByWalk } from '../schema/payload-fit.js';
import type { SchemaRegistry } from '../schema/registry.js';
import { SchemaPayload } from '../schema/schema-payload.js';
import type { DecodedPayload } from '../schema/types.js';

export class SchemaMismatchCheck {
  /** Per class GUID and event type: has a schema (cleared when the registry changes). */
  private readonly classic = new Map<string, Map<number, boolean>>();
  private seenGeneration: number;

  constructor(private readonly registry: SchemaRegistry) {
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

  /**
   * Whether a plain kernel record, known by its identity (the count pass does not build it), surely fits
   * its registered schema by its payload size alone (payload-fit.ts); false when only decoding can tell.
   */
  fitsBySize(s: RecordIdentity): boolean {
    if (s.providerId === null || s.opcode === null) return false;
    // Records of one type come in runs: the schema of the last one asked about is kept.
    if (s.providerId !== this.fitGuid || s.opcode !== this.fitType || s.version !== this.fitVersion || this.fitGeneration !== this.registry.generation) {
      this.fitSchema = this.registry.classicSchema(s.providerId, s.opcode, s.version);
      this.fitGuid = s.providerId;
      this.fitType = s.opcode;
      this.fitVersion = s.version;
      this.fitGeneration = this.registry.generation;
    }
    const c = this.fitSchema;
    return c !== null && fitsBySize(c, s.payloadSize, s.pointerSize);
  }

  /** The class, event type and version fitsBySize last looked up, and their schema. */
  private fitGuid: string | null = null;
  private fitType = -1;
  private fitVersion: number | null = null;
  private fitGeneration = -1;
  private fitSchema: CompiledSchema | null = null;

  /** Does the record's payload not fit its schema? `decoded`: the pipeline's decoding of it, if any. */
  mismatch(r: EtlRecord, decoded: DecodedPayload | null): boolean {
    if (r.kind !== 'event' && r.kind !== 'wpp' && !this.classHasSchema(r.providerId, r.opcode ?? 0)) return false;
    const d = decoded ?? this.registry.decode(r);
    // Most kernel layouts fit or not by the payload's size alone (or its SID's size): no need to decode it.
    if (d instanceof SchemaPayload && d.pending) {
      const source = r.payloadSource;
      const fits = source !== undefined
        ? fitsByWalk(d.compiled, source, r.payloadOffset!, r.payloadSize, r.pointerSize)
        : fitsByWalk(d.compiled, r.payload, 0, r.payloadSize, r.pointerSize);
      if (fits) return false;
    }
    const e = d.error;
    return e !== null && e.code === ERROR_EVT_INVALID_EVENT_DATA;
  }
}
