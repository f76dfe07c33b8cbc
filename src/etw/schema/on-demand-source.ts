/**
 * A schema source the registry asks when it first meets a provider or event
 * class GUID (schema folders; on Windows the machine's providers through TDH): it
 * registers what it holds for that GUID, so only the schemas a trace uses are
 * ever loaded. The registry asks each source once per GUID, before its first
 * lookup of that GUID, and registers what the source adds at the source's rank.
 */
import type { SchemaRegistry } from './registry.js';
import type { SchemaRank } from './schema-rank.js';

export interface OnDemandSchemaSource {
  /** The rank its schemas take (schema-rank.ts). */
  readonly rank: SchemaRank;
  /** Register every schema this source holds for the GUID (lower case, no braces). */
  provide(guid: string, registry: SchemaRegistry): void;
}
