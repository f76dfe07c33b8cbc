/**
 * The schema files named on the command line (-import manifests, --mof MOF
 * files) as one schema source (SchemaRank.FILE, the highest). Each file is read
 * (schema-file-bytes.ts: regular files of a sane size only) and parsed once per
 * run: the run loads them before any output is opened, so a typo writes nothing,
 * and every registry built after that (one per pass) registers the parsed files
 * again; the registry compiles what it registers itself, so the parsed schemas
 * can be shared. A file that cannot be read or parsed is a SchemaFileError
 * naming it.
 */
import { loadManifest, type LoadedManifest } from './manifest/manifest-loader.js';
import { registerManifest } from './manifest/manifest-register.js';
import { loadMof, type LoadedMof } from './mof/mof-loader.js';
import { registerMof } from './mof/mof-register.js';
import type { SchemaTarget } from './schema-target.js';
import { readSchemaFileBytes, SchemaFileRefused } from './schema-file-bytes.js';
import { SchemaRank } from './schema-rank.js';
import type { SchemaSource } from './schema-source.js';

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

/** Every file read and parsed once, by path. */
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

/** The manifests, then the MOF files, in command-line order (within one rank the later registration wins). */
export class SchemaFileSource implements SchemaSource {
  readonly kind = 'manifest and MOF files';
  readonly rank = SchemaRank.FILE;

  constructor(private readonly manifests: readonly string[], private readonly mofs: readonly string[], private readonly files: SchemaFiles = new SchemaFiles()) {}

  load(registry: SchemaTarget): void {
    for (const m of this.manifests) registerManifest(registry, this.files.manifest(m));
    for (const m of this.mofs) registerMof(registry, this.files.mof(m));
  }
}
