/**
 * The TMF files of a report run, in tracerpt's and tracefmt's order: `-tmf
 * FILE`, then the `-tp` search path (folders or files, `;`-separated), then the
 * TRACE_FORMAT_SEARCH_PATH variable, then the `.tmf` files of the schema folders
 * (`--schemas`, ETWKIT_SCHEMA_PATH). A path named on the command line that does
 * not exist stops the run (SchemaFileError); one from the variable only warns.
 * Null when none is given (or the schema folders hold no TMF): WPP messages then
 * stay undecoded (error 1168, the payload as hex).
 */
import { existsSync } from 'node:fs';
import { SchemaFileError } from '../schema/schema-files.js';
import { TmfIndex } from '../schema/wpp/tmf-index.js';

export interface TmfSources {
  tmfFiles: string[];
  tmfPaths: string[];
  /** The TRACE_FORMAT_SEARCH_PATH value, if set. */
  searchPathVariable?: string;
  /** The run's schema folders; their `.tmf` files are TMF sources too (the folder index warns about missing ones). */
  schemaFolders?: readonly string[];
}

function add(index: TmfIndex, path: string): void {
  try {
    index.addPath(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SchemaFileError(path, code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code})`);
  }
}

export function buildTmfIndex(s: TmfSources, onWarning: (text: string) => void): TmfIndex | null {
  const fromVariable = (s.searchPathVariable ?? '').split(';').map((p) => p.trim()).filter((p) => p !== '');
  const folders = s.schemaFolders ?? [];
  if (s.tmfFiles.length === 0 && s.tmfPaths.length === 0 && fromVariable.length === 0 && folders.length === 0) return null;
  const index = new TmfIndex(onWarning);
  for (const f of s.tmfFiles) add(index, f);
  for (const list of s.tmfPaths) for (const p of list.split(';').map((x) => x.trim()).filter((x) => x !== '')) add(index, p);
  for (const p of fromVariable) {
    try {
      add(index, p);
    } catch (e) {
      onWarning(`TRACE_FORMAT_SEARCH_PATH: ${(e as Error).message}; skipped`);
    }
  }
  for (const f of folders) if (existsSync(f)) index.addPath(f);
  // Schema folders alone, with no TMF in them, are no TMF source.
  const named = s.tmfFiles.length + s.tmfPaths.length + fromVariable.length > 0;
  return named || !index.empty ? index : null;
}
