/**
 * The schema registry of a report run: TraceLogging and string-only events
 * need nothing; .NET EventSource manifests carried in the trace (ManifestData
 * events) decode the later events of their providers; `-import file.man` adds
 * every event of the manifests named and `--mof file.mof` every classic event
 * class of the MOF files; the schema folders (`--schemas`, ETWKIT_SCHEMA_PATH)
 * give the files of the GUIDs the trace meets; WPP messages are formatted with
 * the run's TMF files (tmf-sources.ts) when any were given. Built in, below all
 * files (which replace what they redefine, schema-rank.ts): the NT kernel classes
 * and the KernelTraceControl classes that mergers add; in the trace, the schemas
 * merged traces' EventMetadata events carry for the trace's other events. A schema file named on the command line that cannot be read or
 * parsed, or a `--schemas` folder that does not exist, stops the run with one
 * line naming it.
 */
import { statSync } from 'node:fs';
import type { EtlFileInfo } from '../etl/reader.js';
import { registerBuiltinKernelClasses } from '../schema/builtin/kernel-classes.js';
import { EventSourceManifestCollector } from '../schema/eventsource/eventsource-manifest.js';
import { readSchemaFileBytes, SchemaFileRefused } from '../schema/schema-file-bytes.js';
import { FolderSchemaSource } from '../schema/folder/folder-schema-source.js';
import type { SchemaFolderIndex } from '../schema/folder/schema-folder-index.js';
import { loadManifest, type LoadedManifest } from '../schema/manifest/manifest-loader.js';
import { registerManifest } from '../schema/manifest/manifest-register.js';
import { loadMof, type LoadedMof } from '../schema/mof/mof-loader.js';
import { registerMof } from '../schema/mof/mof-register.js';
import { SchemaRegistry } from '../schema/registry.js';
import { SchemaRank } from '../schema/schema-rank.js';
import { registerKernelTraceControlClasses } from '../schema/builtin/kernel-trace-control.js';
import { EventMetadataCollector } from '../schema/tdh/event-metadata-source.js';
import { MachineSchemaSource, type MachineTdh } from '../schema/tdh/machine-schema-source.js';
import type { TmfIndex } from '../schema/wpp/tmf-index.js';
import { WppDecoder } from '../schema/wpp/wpp-decoder.js';

export class SchemaFileError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'SchemaFileError';
  }
}

/** The text of a schema file, read by readSchemaFileBytes (regular files of a sane size only). */
function readText(path: string): string {
  try {
    return readSchemaFileBytes(path).toString('utf8').replace(/^\ufeff/, '');
  } catch (e) {
    if (e instanceof SchemaFileRefused) throw new SchemaFileError(path, e.message);
    throw e;
  }
}

/**
 * The schema files of a run (-import, --mof), each read and parsed once: the run
 * loads them before any output is opened (so a typo writes nothing), then every
 * pass that builds a registry (the count pass, the ordered pass after it) takes
 * the parsed files from here. The registry compiles what it registers itself, so
 * the parsed schemas can be shared.
 */
export class SchemaFiles {
  private readonly manifests = new Map<string, LoadedManifest>();
  private readonly mofs = new Map<string, LoadedMof>();

  /** Read and parse every file now; throws SchemaFileError for the first that is not usable. */
  load(manifests: readonly string[], mofs: readonly string[]): this {
    for (const m of manifests) this.manifest(m);
    for (const m of mofs) this.mof(m);
    return this;
  }

  manifest(path: string): LoadedManifest {
    let loaded = this.manifests.get(path);
    if (loaded === undefined) {
      const text = readText(path);
      try {
        loaded = loadManifest(text);
      } catch (e) {
        throw new SchemaFileError(path, `not a usable manifest (${(e as Error).message})`);
      }
      this.manifests.set(path, loaded);
    }
    return loaded;
  }

  mof(path: string): LoadedMof {
    let loaded = this.mofs.get(path);
    if (loaded === undefined) {
      const text = readText(path);
      try {
        loaded = loadMof(text);
      } catch (e) {
        throw new SchemaFileError(path, `not a usable MOF file (${(e as Error).message})`);
      }
      this.mofs.set(path, loaded);
    }
    return loaded;
  }
}

/** Register every event of a manifest file; returns the number of events added. */
export function importManifest(registry: SchemaRegistry, path: string, files: SchemaFiles = new SchemaFiles()): number {
  return registerManifest(registry, files.manifest(path));
}

/** Register every event class of a MOF file; returns the number of layouts added. */
export function importMof(registry: SchemaRegistry, path: string, files: SchemaFiles = new SchemaFiles()): number {
  return registerMof(registry, files.mof(path));
}

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

/**
 * The registry of a report run: the imported manifests and MOF files, the
 * schemas found in the trace (EventSource manifests, EventMetadata), the files of
 * the schema folders (`folders`: one index per run, shared by its passes) and the
 * built-in classes (`traceSchemas` false, --no-trace-schemas: not the schemas
 * in the trace; TraceLogging metadata, part of each event, still decodes). Its payloads defer their fields (the pipeline writes each
 * event while its record is current). `lessRestrictive` (tracerpt -lr): a payload
 * that does not fit its schema keeps its leading fields. `onWarning` hears of
 * schemas carried by the trace that cannot be used.
 */
export function buildRegistry(
  files: EtlFileInfo[], manifests: string[], mofs: string[] = [], lessRestrictive = true,
  folders: SchemaFolderIndex | null = null, tmfs: TmfIndex | null = null, onWarning?: (message: string) => void,
  traceSchemas = true, machine: MachineTdh | null = null, schemaFiles: SchemaFiles = new SchemaFiles(),
): SchemaRegistry {
  const registry = new SchemaRegistry({ files, deferFields: true, keepPartialFields: lessRestrictive });
  if (tmfs !== null) registry.setWppDecoder(new WppDecoder(tmfs));
  if (traceSchemas) registry.addInTraceSource(new EventSourceManifestCollector());
  registry.registerAs(SchemaRank.BUILT_IN, () => {
    registerBuiltinKernelClasses(registry);
    registerKernelTraceControlClasses(registry);
  });
  if (traceSchemas) registry.addInTraceSource(new EventMetadataCollector((p) =>
    onWarning?.(`${files[p.fileIndex]?.path ?? 'input'}: at offset 0x${p.fileOffset.toString(16)}: the schema this EventMetadata event carries cannot be used: ${p.reason}`)));
  if (folders !== null) registry.addOnDemandSource(new FolderSchemaSource(folders));
  if (machine !== null) registry.addOnDemandSource(new MachineSchemaSource(machine, (m) => onWarning?.(m)));
  for (const m of manifests) importManifest(registry, m, schemaFiles);
  for (const m of mofs) importMof(registry, m, schemaFiles);
  return registry;
}
