/**
 * The schema registry of a report run: TraceLogging and string-only events
 * need nothing; .NET EventSource manifests carried in the trace (ManifestData
 * events) decode the later events of their providers; `-import file.man` adds
 * every event of the manifests named and `--mof file.mof` every classic event
 * class of the MOF files. A schema file
 * that cannot be read or parsed stops the run with one line naming it.
 */
import { readFileSync } from 'node:fs';
import type { EtlFileInfo } from '../etl/reader.js';
import { registerBuiltinKernelClasses } from '../schema/builtin/kernel-classes.js';
import { EventSourceManifestCollector } from '../schema/eventsource-manifest.js';
import { loadManifest } from '../schema/manifest-loader.js';
import { registerManifest } from '../schema/manifest-register.js';
import { loadMof } from '../schema/mof-loader.js';
import { registerMof } from '../schema/mof-register.js';
import { SchemaRegistry } from '../schema/registry.js';

export class SchemaFileError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'SchemaFileError';
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SchemaFileError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`);
  }
}

/** Register every event of a manifest file; returns the number of events added. */
export function importManifest(registry: SchemaRegistry, path: string): number {
  const text = readText(path);
  let loaded;
  try {
    loaded = loadManifest(text);
  } catch (e) {
    throw new SchemaFileError(path, `not a usable manifest (${(e as Error).message})`);
  }
  return registerManifest(registry, loaded);
}

/** Register every event class of a MOF file; returns the number of layouts added. */
export function importMof(registry: SchemaRegistry, path: string): number {
  const text = readText(path);
  let loaded;
  try {
    loaded = loadMof(text);
  } catch (e) {
    throw new SchemaFileError(path, `not a usable MOF file (${(e as Error).message})`);
  }
  return registerMof(registry, loaded);
}

/** Check the schema files before any output is opened (so a typo writes nothing). */
export function checkSchemaFiles(paths: string[]): void {
  for (const p of paths) readText(p);
}

/**
 * The registry of a report run: the built-in NT kernel classes, then the
 * imported manifests and MOF files (a MOF layout of the same class GUID, event
 * type and version replaces the built-in one), and the EventSource manifests
 * found in the trace. Its payloads defer their fields (the pipeline writes each
 * event while its record is current). `lessRestrictive` (tracerpt -lr): a
 * payload that does not fit its schema keeps its leading fields.
 */
export function buildRegistry(files: EtlFileInfo[], manifests: string[], mofs: string[] = [], lessRestrictive = true): SchemaRegistry {
  const registry = new SchemaRegistry({ files, deferFields: true, keepPartialFields: lessRestrictive });
  registry.addInTraceSource(new EventSourceManifestCollector());
  registerBuiltinKernelClasses(registry);
  for (const m of manifests) importManifest(registry, m);
  for (const m of mofs) importMof(registry, m);
  return registry;
}
