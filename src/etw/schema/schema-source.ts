/**
 * One interface for every source of schemas a registry draws on: files named on
 * the command line, the schema folders, the schemas a trace carries (EventSource
 * manifests, EventMetadata), the built-in classes, the machine's providers
 * through TDH, and the TMF files of WPP messages. A source says what it is and
 * the rank of what it registers (schema-rank.ts, the one precedence rule), and
 * takes part in one or more of three moments:
 * - `load`: when the registry takes it, register everything it holds (files,
 *   built-in tables);
 * - `provide`: when the registry first meets a provider or class GUID (before its
 *   first lookup), register what it holds for that GUID, so only the schemas a
 *   trace uses are loaded (schema folders, TDH); each GUID is asked once;
 * - `observe`: see every record, in time order, before it is decoded, and
 *   register what the trace carries as soon as it is complete (a record's
 *   payload is only valid during the call: copy what must be kept).
 * What it registers at any of these moments takes its rank; it registers through
 * the registry's SchemaTarget face (schema-target.ts), which is all a source sees. A source of WPP
 * message formats has no EventSchemas: it decodes WPP messages itself
 * (`decodeWpp`). The built-in source also decodes a few records by code:
 * ahead of every schema (`decodeAhead`: records only code can show, such as the
 * trace header) or after them (`decodeAfter`: records whose code decoding is
 * better than a lower-ranked table's). TraceLogging metadata is not a source here: it is part of each
 * event, keyed on its own bytes, so no rank applies; the registry reads it first.
 */
import type { EtlRecord, HeaderKind } from '../etl/record.js';
import type { SchemaTarget } from './schema-target.js';
import type { SchemaRank } from './schema-rank.js';
import type { DecodedPayload } from './types.js';

export interface SchemaSource {
  /** What the source is, in a few words ('manifest and MOF files', 'schema folders', …). */
  readonly kind: string;
  /** The rank its schemas take (schema-rank.ts). */
  readonly rank: SchemaRank;
  /** Register everything the source holds (called once, when the registry takes it). */
  load?(registry: SchemaTarget): void;
  /** Register every schema the source holds for the GUID (lower case, no braces). */
  provide?(guid: string, registry: SchemaTarget): void;
  /** See a record before it is decoded; register the schemas it completes. */
  observe?(record: EtlRecord, registry: SchemaTarget): void;
  /** The record kinds `observe` needs to see (every kind when absent): the registry shows it no others. */
  readonly observedKinds?: readonly HeaderKind[];
  /** Decode a WPP message (a source of TMF formats). */
  decodeWpp?(record: EtlRecord): DecodedPayload;
  /** Decode by code, ahead of every schema, a record only this source can show; null for any other record. */
  decodeAhead?(record: EtlRecord): DecodedPayload | null;
  /** What to show for a record instead of what the schemas made of it (`bySchemas` itself when nothing better). */
  decodeAfter?(record: EtlRecord, bySchemas: DecodedPayload): DecodedPayload;
}
