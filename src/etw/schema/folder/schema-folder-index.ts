/**
 * Schema folders (`--schemas DIR`, ETWKIT_SCHEMA_PATH): every event manifest
 * (`.man`, `.xml`), MOF (`.mof`) and WPP TMF (`.tmf`) file directly inside a
 * folder is a schema source; subfolders are not searched (a folder is a flat
 * list, like a PATH entry; name each folder you want). Other file names are
 * not looked at.
 *
 * On first use the folders are indexed by GUID with a text scan, without
 * parsing: a manifest by the `guid` attributes of its `<provider>` elements, a
 * MOF file by its `Guid("…")` class qualifiers, a TMF file by the message GUID
 * its name or first line (after `//` comments) starts with. A file is parsed in full only when a
 * trace meets one of its GUIDs, once per run (the parse is kept for the next
 * pass). A file with a schema name that holds no such GUID, cannot be read or
 * does not parse is skipped with one warning naming it. Nothing is cached on
 * disk: scanning ~100 manifests takes a few milliseconds per run.
 */
import { readdirSync } from 'node:fs';
import { readSchemaFileBytes } from '../schema-file-bytes.js';
import { basename, extname, join } from 'node:path';
import { loadManifest, type LoadedManifest } from '../manifest/manifest-loader.js';
import { loadMof, type LoadedMof } from '../mof/mof-loader.js';
import { schemaFileText } from './schema-file-text.js';

export type SchemaFileKind = 'manifest' | 'mof' | 'tmf';

export type LoadedSchemaFile = { kind: 'manifest'; manifest: LoadedManifest } | { kind: 'mof'; mof: LoadedMof };

const KIND_BY_EXTENSION: Record<string, SchemaFileKind> = { '.man': 'manifest', '.xml': 'manifest', '.mof': 'mof', '.tmf': 'tmf' };

const GUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
/** `<provider … guid="{…}" …>` (any namespace prefix, any attribute order). */
const PROVIDER_GUID = new RegExp(`<(?:[\\w.-]+:)?provider\\b[^>]*?\\sguid\\s*=\\s*["']\\s*\\{?${GUID}\\}?\\s*["']`, 'g');
/** `Guid("{…}")`, the MOF class qualifier. */
const MOF_GUID = new RegExp(`\\bguid\\s*\\(\\s*"\\s*\\{?${GUID}\\}?\\s*"\\s*\\)`, 'gi');
/** A TMF file's message GUID: its name, or the start of its first line that is not a `//` comment. */
const TMF_NAME = new RegExp(`^\\{?${GUID}\\}?\\.tmf$`, 'i');
const TMF_FIRST_LINE = new RegExp(`^\\s*\\{?${GUID}\\}?(?:\\s|$)`);
/** How far into a TMF file its first line is looked for. */
const TMF_HEAD_BYTES = 4096;

const NOT_A_SCHEMA: Record<SchemaFileKind, string> = {
  manifest: 'not an event manifest (no <provider guid="…">); skipped',
  mof: 'not a MOF event class file (no Guid("…") qualifier); skipped',
  tmf: 'not a TMF file (neither its name nor its first line starts with a message GUID); skipped',
};

interface IndexedFile {
  path: string;
  kind: SchemaFileKind;
  /** Position in the folders' order (first folder first, then by file name): the first file wins. */
  order: number;
}

export class SchemaFolderIndex {
  private byGuid: Map<string, IndexedFile[]> | null = null;
  private readonly parsed = new Map<string, LoadedSchemaFile | null>();
  private fileCount = 0;
  /** Paths parsed in full, in order (each once per run). */
  readonly parsedPaths: string[] = [];

  /**
   * @param folders the folders in order of precedence (command line first, then ETWKIT_SCHEMA_PATH)
   * @param warn called once per file skipped (and per folder that cannot be listed), with the path at fault
   */
  constructor(readonly folders: readonly string[], private readonly warn: (path: string, message: string) => void) {}

  /** Number of schema files indexed (indexing the folders if not done yet). */
  get size(): number {
    this.index();
    return this.fileCount;
  }

  /** The manifest and MOF files that name the GUID (lower case, no braces), first file first. */
  filesFor(guid: string): readonly IndexedFile[] {
    return this.index().get(guid) ?? [];
  }

  /** The parsed file (parsed on first call, then kept); null when it does not parse (warned once). */
  load(path: string): LoadedSchemaFile | null {
    const known = this.parsed.get(path);
    if (known !== undefined) return known;
    let loaded: LoadedSchemaFile | null = null;
    const text = this.read(path);
    if (text !== null) {
      this.parsedPaths.push(path);
      try {
        loaded = extname(path).toLowerCase() === '.mof'
          ? { kind: 'mof', mof: loadMof(text) }
          : { kind: 'manifest', manifest: loadManifest(text) };
      } catch (e) {
        this.warn(path, `does not parse (${(e as Error).message}); skipped`);
      }
    }
    this.parsed.set(path, loaded);
    return loaded;
  }

  private index(): Map<string, IndexedFile[]> {
    if (this.byGuid !== null) return this.byGuid;
    const byGuid = new Map<string, IndexedFile[]>();
    this.byGuid = byGuid;
    let order = 0;
    for (const folder of this.folders) {
      let names: string[];
      try {
        names = readdirSync(folder, { withFileTypes: true }).filter((d) => !d.isDirectory()).map((d) => d.name).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        this.warn(folder, code === 'ENOENT' ? 'no such schema folder; skipped' : code === 'ENOTDIR' ? 'not a folder; skipped' : `cannot be listed (${code}); skipped`);
        continue;
      }
      for (const name of names) {
        const kind = KIND_BY_EXTENSION[extname(name).toLowerCase()];
        if (kind === undefined) continue;
        const path = join(folder, name);
        const guids = this.scan(path, kind);
        if (guids === null) continue;
        if (guids.size === 0) { this.warn(path, NOT_A_SCHEMA[kind]); continue; }
        this.fileCount++;
        const file: IndexedFile = { path, kind, order: order++ };
        for (const g of guids) {
          // TMF files are read by the WPP message index (report/tmf-sources.ts); here they are only checked.
          if (kind === 'tmf') continue;
          let list = byGuid.get(g);
          if (list === undefined) byGuid.set(g, (list = []));
          list.push(file);
        }
      }
    }
    return byGuid;
  }

  /** The GUIDs a file names (lower case), found without parsing it; null when it cannot be read (warned). */
  private scan(path: string, kind: SchemaFileKind): Set<string> | null {
    const found = new Set<string>();
    if (kind === 'tmf') {
      const byName = TMF_NAME.exec(basename(path));
      if (byName !== null) { found.add(byName[1]!.toLowerCase()); return found; }
    }
    const text = this.read(path);
    if (text === null) return null;
    if (kind === 'tmf') {
      const first = text.slice(0, TMF_HEAD_BYTES).split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('//'));
      const line = first === undefined ? null : TMF_FIRST_LINE.exec(first);
      if (line !== null) found.add(line[1]!.toLowerCase());
      return found;
    }
    for (const m of text.matchAll(kind === 'mof' ? MOF_GUID : PROVIDER_GUID)) found.add(m[1]!.toLowerCase());
    return found;
  }

  private read(path: string): string | null {
    try {
      return schemaFileText(readSchemaFileBytes(path));
    } catch (e) {
      this.warn(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped`);
      return null;
    }
  }
}
