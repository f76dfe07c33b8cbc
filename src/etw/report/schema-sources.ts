/**
 * The schema registry of a report run: TraceLogging and string-only events
 * need nothing; .NET EventSource manifests carried in the trace (ManifestData
 * events) decode the later events of their providers; `-import file.man` adds
 * every event of the manifests named and `--mof file.mof` every classic event
 * class of the MOF files. A schema file
 * that cannot be read or parsed stops the run with one line naming it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { EtlFileInfo } from '../etl/reader.js';
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

/**
 * Largest schema file read: the biggest real ones (the .NET runtime's manifest,
 * the kernel's wmicore.mof) are under 1 MiB. The parsers bound their depth and
 * element counts too (xml-parser.ts, mof-lexer.ts).
 */
export const MAX_SCHEMA_FILE_BYTES = 16 * 1024 * 1024;

const cannotRead = (path: string, e: unknown): SchemaFileError => {
  const code = (e as NodeJS.ErrnoException).code;
  return new SchemaFileError(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code})`);
};

/** The text of a schema file: a regular file (a FIFO or device could block or never end) of a sane size. */
function readText(path: string): string {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
  if (st.isDirectory()) throw new SchemaFileError(path, 'is a directory, not a schema file');
  if (!st.isFile()) throw new SchemaFileError(path, 'is not a regular file (a FIFO, device or socket cannot be a schema file)');
  if (st.size > MAX_SCHEMA_FILE_BYTES) {
    throw new SchemaFileError(path, `is ${st.size} bytes; schema files are read up to ${MAX_SCHEMA_FILE_BYTES / 1048576} MiB`);
  }
  // Read in chunks up to one byte past the limit: a file that grows while read (or a /proc file that claims size 0) stays bounded.
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, MAX_SCHEMA_FILE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_SCHEMA_FILE_BYTES) throw new SchemaFileError(path, `is over ${MAX_SCHEMA_FILE_BYTES / 1048576} MiB; schema files are read up to that`);
    }
  } catch (e) {
    if (e instanceof SchemaFileError) throw e;
    throw cannotRead(path, e);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return Buffer.concat(chunks, total).toString('utf8').replace(/^\ufeff/, '');
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
 * The registry of a report run: the imported manifests and MOF files, and the
 * EventSource manifests found in the trace. Its payloads defer their fields (the
 * pipeline writes each event while its record is current). `lessRestrictive`
 * (tracerpt -lr): a payload that does not fit its schema keeps its leading fields.
 */
export function buildRegistry(files: EtlFileInfo[], manifests: string[], mofs: string[] = [], lessRestrictive = true): SchemaRegistry {
  const registry = new SchemaRegistry({ files, deferFields: true, keepPartialFields: lessRestrictive });
  registry.addInTraceSource(new EventSourceManifestCollector());
  for (const m of manifests) importManifest(registry, m);
  for (const m of mofs) importMof(registry, m);
  return registry;
}
