/**
 * Where the TMF of a WPP message GUID is found: TMF files and folders given on
 * the command line (tracerpt -tmf FILE, -tp DIR;DIR, the TRACE_FORMAT_SEARCH_PATH
 * variable, or any source that knows TMF paths by GUID). A folder is listed
 * once; a file named `<GUID>.tmf` is opened only when a message of that GUID is
 * first met, other files when a GUID is not found by name. Every file is parsed
 * once; a file that is not a valid TMF gives one warning naming its line and
 * adds nothing, and the other files still work (a later file of the same GUID
 * then serves it). The first source given wins when several define a GUID. Files may be ANSI, UTF-8 or UTF-16LE (with its
 * byte-order mark).
 */
import { isUtf8 } from 'node:buffer';
import { readdirSync, statSync } from 'node:fs';
import { readSchemaFileBytes } from '../schema-file-bytes.js';
import { basename, join } from 'node:path';
import { parseTmf, TmfSyntaxError, type TmfFile, type TmfMessage } from './tmf-file.js';

const GUID_NAME = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.tmf$/i;

/** A TMF file's text: UTF-16LE or UTF-8 by their byte-order marks, else UTF-8 when the bytes are, else 8-bit ANSI. */
function tmfText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return b.toString('utf16le', 2);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}

export class TmfIndex {
  /** Files named after their GUID (several folders may each have one), in the order given. */
  private readonly byName = new Map<string, string[]>();
  /** Other files, parsed when a GUID is not found by name. */
  private readonly unnamed: string[] = [];
  private readonly parsed = new Map<string, TmfFile | null>();
  /** Messages of the files parsed so far, by GUID (the first file to define a GUID keeps it). */
  private readonly messages = new Map<string, Map<number, TmfMessage>>();
  private unnamedLoaded = 0;

  /** `onWarning` hears of files that cannot be read or parsed (once per file). */
  constructor(private readonly onWarning: (text: string) => void = () => {}) {}

  /** True when no TMF source was given. */
  get empty(): boolean {
    return this.byName.size === 0 && this.unnamed.length === 0 && this.messages.size === 0;
  }

  /** Add a TMF file or a folder of them (not recursive); throws when the path does not exist. */
  addPath(path: string): void {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name.toLowerCase().endsWith('.tmf')) this.addFile(join(path, name));
      }
    } else {
      this.addFile(path);
    }
  }

  /** Add a `;`-separated search path (tracerpt -tp, TRACE_FORMAT_SEARCH_PATH); empty parts are skipped. */
  addSearchPath(list: string): void {
    for (const part of list.split(';')) {
      const p = part.trim();
      if (p !== '') this.addPath(p);
    }
  }

  /** Add one TMF file, known to hold `guid` when given (a schema folder's index), else by its name. */
  addFile(path: string, guid?: string): void {
    const g = guid?.toLowerCase() ?? GUID_NAME.exec(basename(path))?.[1]!.toLowerCase();
    if (g === undefined) { if (!this.unnamed.includes(path)) this.unnamed.push(path); return; }
    const list = this.byName.get(g);
    if (list === undefined) this.byName.set(g, [path]);
    else if (!list.includes(path)) list.push(path);
  }

  /** The message format of a GUID and message number, or null when no TMF defines it. */
  lookup(guid: string, number: number): TmfMessage | null {
    let byNumber = this.messages.get(guid);
    if (byNumber === undefined) {
      for (const path of this.byName.get(guid) ?? []) {
        this.load(path);
        byNumber = this.messages.get(guid);
        if (byNumber !== undefined) break;
      }
      while (byNumber === undefined && this.unnamedLoaded < this.unnamed.length) {
        this.load(this.unnamed[this.unnamedLoaded++]!);
        byNumber = this.messages.get(guid);
      }
      // A miss is not remembered (a trace may name any number of GUIDs): with every file loaded it costs two map lookups.
      if (byNumber === undefined) return null;
    }
    return byNumber.get(number) ?? null;
  }

  private load(path: string): void {
    if (this.parsed.has(path)) return;
    let file: TmfFile | null = null;
    try {
      file = parseTmf(tmfText(readSchemaFileBytes(path)), path);
    } catch (e) {
      if (e instanceof TmfSyntaxError) this.onWarning(`${e.message} (its messages stay unformatted)`);
      else this.onWarning(`${path}: cannot read the TMF file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    this.parsed.set(path, file);
    if (file === null) return;
    for (const [guid, byNumber] of file.messages) {
      const known = this.messages.get(guid);
      if (known === undefined) this.messages.set(guid, new Map(byNumber));
      else for (const [n, m] of byNumber) if (!known.has(n)) known.set(n, m);
    }
  }
}
