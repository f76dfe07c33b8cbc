/**
 * The schema sources of a report run, in one list (schema/schema-source.ts),
 * and the registry built from them. TraceLogging and string-only events need
 * no source. The list, in the order the registry takes them: the run's TMF files
 * for WPP messages (tmf-sources.ts), when any were given; .NET EventSource
 * manifests carried in the trace (ManifestData events), which decode the later
 * events of their providers; the built-in classes (NT kernel, and the
 * KernelTraceControl classes mergers add); the schemas merged traces'
 * EventMetadata events carry for the trace's other events; the schema folders
 * (`--schemas`, ETWKIT_SCHEMA_PATH), asked for the GUIDs the trace meets; on
 * Windows the machine's providers through TDH; and the files named on the command
 * line (`-import` manifests, `--mof` MOF files). Which schema wins where two
 * define one event is their rank's business (schema/schema-rank.ts), not the
 * order. A `--schemas` folder that does not exist stops the run with one line
 * naming it.
 */
import { statSync } from 'node:fs';
import type { EtlFileInfo } from '../etl/reader.js';
import { BuiltinSchemaSource } from '../schema/builtin/builtin-source.js';
import { EventSourceManifestCollector } from '../schema/eventsource/eventsource-manifest.js';
import { FolderSchemaSource } from '../schema/folder/folder-schema-source.js';
import type { SchemaFolderIndex } from '../schema/folder/schema-folder-index.js';
import { SchemaRegistry } from '../schema/registry.js';
import { SchemaFileError, SchemaFiles, SchemaFileSource } from '../schema/schema-files.js';
import type { SchemaSource } from '../schema/schema-source.js';
import { EventMetadataCollector } from '../schema/tdh/event-metadata-source.js';
import { MachineSchemaSource, type MachineTdh } from '../schema/tdh/machine-schema-source.js';
import type { TmfIndex } from '../schema/wpp/tmf-index.js';
import { WppDecoder } from '../schema/wpp/wpp-decoder.js';

/** Check that every `--schemas` folder exists and is a folder (before any output is opened). */
export function checkSchemaFolders(paths: string[]): void {
  for (const p of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SchemaFileError(p, code === 'ENOENT' ? 'no such schema folder' : `cannot read the schema folder (${code})`);
    }
    if (!isDirectory) throw new SchemaFileError(p, 'is not a folder (--schemas takes folders; use -import or --mof for a file)');
  }
}

/** What the schema sources of one registry are made from; everything may be left out. */
export interface SchemaSourceOptions {
  /** `-import` manifests and `--mof` MOF files, by path (their parsed text comes from `schemaFiles`). */
  manifests?: string[];
  mofs?: string[];
  /** The run's parsed schema files (read once per run); default: parsed on first use. */
  schemaFiles?: SchemaFiles;
  /** The schema folders' index (one per run, shared by its passes). */
  folders?: SchemaFolderIndex | null;
  /** The TMF files of WPP messages. */
  tmfs?: TmfIndex | null;
  /** The schemas found in the trace (EventSource manifests, EventMetadata); false with --no-trace-schemas. Default true. */
  traceSchemas?: boolean;
  /** The machine's providers through TDH (Windows). */
  machine?: MachineTdh | null;
  /** Hears of schemas the trace carries that cannot be used and of TDH that cannot be called. */
  onWarning?: (message: string) => void;
}

/**
 * The sources of one registry over `files`: the imported manifests and MOF files,
 * the schemas found in the trace (TraceLogging metadata, part of each event,
 * decodes even without them), the files of the schema folders, the built-in
 * classes, the machine's TDH and the TMF files.
 */
export function schemaSources(files: EtlFileInfo[], o: SchemaSourceOptions = {}): SchemaSource[] {
  const traceSchemas = o.traceSchemas !== false;
  const sources: SchemaSource[] = [];
  if (o.tmfs) sources.push(new WppDecoder(o.tmfs));
  if (traceSchemas) sources.push(new EventSourceManifestCollector());
  sources.push(new BuiltinSchemaSource(files));
  if (traceSchemas) sources.push(new EventMetadataCollector((p) =>
    o.onWarning?.(`${files[p.fileIndex]?.path ?? 'input'}: at offset 0x${p.fileOffset.toString(16)}: the schema this EventMetadata event carries cannot be used: ${p.reason}`)));
  if (o.folders) sources.push(new FolderSchemaSource(o.folders));
  if (o.machine) sources.push(new MachineSchemaSource(o.machine, (m) => o.onWarning?.(m)));
  sources.push(new SchemaFileSource(o.manifests ?? [], o.mofs ?? [], o.schemaFiles ?? new SchemaFiles()));
  return sources;
}

/**
 * The registry of a report run over `files`, built from schemaSources. Its payloads
 * defer their fields (the pipeline writes each event while its record is current).
 * `lessRestrictive` (tracerpt -lr, the default): a payload that does not fit its
 * schema keeps its leading fields.
 */
export function buildRegistry(files: EtlFileInfo[], o: SchemaSourceOptions & { lessRestrictive?: boolean } = {}): SchemaRegistry {
  return new SchemaRegistry({ files, deferFields: true, keepPartialFields: o.lessRestrictive !== false, sources: schemaSources(files, o) });
}
