/**
 * What a schema source may do with the registry it feeds (schema-source.ts):
 * file a schema under a manifest event's key or a MOF class event's key, and
 * run its additions at a rank of its own. The registry implements it; a source
 * sees no more of the registry than this.
 */
import type { EventSchema } from './event-schema.js';
import type { SchemaRank } from './schema-rank.js';

/** Where a manifest (or EventSource, or kernel-manifest) event is filed. */
export interface ManifestEventKey {
  providerId: string;
  id: number;
  version: number;
  /** Only needed when one provider reuses an id+version with different layouts (krabsetw keys on these too). */
  opcode?: number | null;
  level?: number | null;
  keywords?: bigint | null;
}

/** Where a MOF class event is filed: the event's class GUID and event type (= record opcode). */
export interface MofEventKey {
  classGuid: string;
  eventType: number;
  /** The class's EventVersion; null/absent for a class without one (the fallback for any version). */
  version?: number | null;
}

export type SchemaKey = ({ kind: 'manifest' } & ManifestEventKey) | ({ kind: 'mof' } & MofEventKey);

export interface SchemaTarget {
  /** File a schema under a manifest or MOF key; a later schema for the same key replaces it unless it has a higher rank. */
  add(schema: EventSchema, key: SchemaKey): void;
  addManifestEvent(schema: EventSchema, key: ManifestEventKey): void;
  addMofEvent(schema: EventSchema, key: MofEventKey): void;
  /** Run `register` with its additions at `rank` (a source that orders its own schemas, like the schema folders). */
  registerAs(rank: SchemaRank, register: () => void): void;
}
