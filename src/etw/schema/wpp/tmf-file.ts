/**
 * Trace message format (TMF) files as tracepdb writes them. A header line
 * `GUID component // SRC=file.cpp …` opens the messages of one message GUID;
 * each message is a `#typev file_line N "format" // LEVEL=… FLAGS=… FUNC=…`
 * line followed by its argument block `{ name, ItemType -- N … }`, and
 * `#enumv NAME { Symbol,0xValue … }` blocks name the values of ItemEnum /
 * ItemFlagsEnum arguments. `//` lines are comments. One file may hold several
 * GUIDs. A line that fits none of these stops the file with a TmfSyntaxError
 * naming the line.
 */
import { compileFormat, type FormatPiece } from './format-string.js';
import { parseItemType, type ItemType } from './item-type.js';

export interface TmfArgument {
  /** The source expression tracepdb recorded (for people; not used to decode). */
  expression: string;
  /** The type as spelled; `type` is null when WPP defines no such item type. */
  typeSpelling: string;
  type: ItemType | null;
  /** The argument's number in the format string (10 for the first). */
  n: number;
}

export interface TmfMessage {
  guid: string;
  /** Component name from the header line (tracefmt's %1 and %!COMPNAME!). */
  component: string;
  /** The `#typev` name: source file and line, e.g. `driver_c123` (tracefmt's %2). */
  fileLine: string;
  number: number;
  format: string;
  pieces: FormatPiece[];
  level: string;
  flags: string;
  func: string;
  /** Arguments in the order their bytes follow each other. */
  args: TmfArgument[];
  /** The `#enumv` blocks of the file, by name: value → symbol, in file order. */
  enums: ReadonlyMap<string, ReadonlyArray<readonly [number, string]>>;
}

export interface TmfFile {
  path: string;
  /** Messages by lower-case GUID, then by message number. */
  messages: Map<string, Map<number, TmfMessage>>;
}

export class TmfSyntaxError extends Error {
  constructor(readonly path: string, readonly line: number, detail: string) {
    super(`${path}:${line}: ${detail}`);
    this.name = 'TmfSyntaxError';
  }
}

const HEADER = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s+(\S+)?\s*(?:\/\/.*)?$/;
const TYPEV = /^#typev\s+(\S+)\s+(\d+)\s+"(.*)"\s*(?:\/\/(.*))?$/;
const ARGUMENT = /^(.*?),?\s*(Item\w+(?:\(.*\))?)\s*--\s*(\d+)\s*$/;
const ENUMV = /^#enumv\s+(\S+)/;
const ENUM_VALUE = /^([^,\s]+)\s*,\s*(-?(?:0[xX][0-9a-fA-F]+|\d+))\s*$/;

function comment(text: string | undefined, key: string): string {
  const m = text === undefined ? null : new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(text);
  return m === null ? '' : m[1]!;
}

/** Parse a TMF file's text; `path` names it in errors. */
export function parseTmf(text: string, path: string): TmfFile {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const messages = new Map<string, Map<number, TmfMessage>>();
  const enums = new Map<string, Array<readonly [number, string]>>();
  let guid: string | null = null;
  let component = '';
  let message: TmfMessage | null = null;
  let enumList: Array<readonly [number, string]> | null = null;
  /** 'top', or inside an argument block / enum block, or expecting its `{`. */
  let state: 'top' | 'args' | 'enum' | 'open-enum' = 'top';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const no = i + 1;
    const fail = (detail: string): never => { throw new TmfSyntaxError(path, no, detail); };
    if (line === '' || line.startsWith('//')) continue;
    if (state === 'args') {
      if (line === '}') { state = 'top'; continue; }
      const m = ARGUMENT.exec(line);
      if (m === null) fail(`not an argument line (name, ItemType -- N): ${line.slice(0, 80)}`);
      const [, expression, typeSpelling, n] = m!;
      message!.args.push({ expression: expression!.trim(), typeSpelling: typeSpelling!, type: parseItemType(typeSpelling!), n: Number(n) });
      continue;
    }
    if (state === 'open-enum') {
      if (line !== '{') fail('expected { after #enumv');
      state = 'enum';
      continue;
    }
    if (state === 'enum') {
      if (line === '}') { state = 'top'; continue; }
      const m = ENUM_VALUE.exec(line);
      if (m === null) fail(`not an enum value line (Symbol,0xValue): ${line.slice(0, 80)}`);
      const raw = m![2]!;
      enumList!.push([Number(BigInt.asUintN(32, raw.startsWith('-') ? -BigInt(raw.slice(1)) : BigInt(raw))), m![1]!]);
      continue;
    }
    if (line === '{') {
      if (message === null || message.args.length > 0) fail('{ without a #typev line before it');
      state = 'args';
      continue;
    }
    const header = HEADER.exec(line);
    if (header !== null) {
      guid = header[1]!.toLowerCase();
      component = header[2] ?? '';
      if (!messages.has(guid)) messages.set(guid, new Map());
      message = null;
      continue;
    }
    const typev = TYPEV.exec(line);
    if (typev !== null) {
      if (guid === null) fail('#typev before the GUID header line');
      const [, fileLine, number, format, rest] = typev;
      message = {
        guid: guid!, component, fileLine: fileLine!, number: Number(number), format: format!, pieces: compileFormat(format!),
        level: comment(rest, 'LEVEL'), flags: comment(rest, 'FLAGS'), func: comment(rest, 'FUNC'), args: [], enums,
      };
      messages.get(guid!)!.set(message.number, message);
      continue;
    }
    const enumv = ENUMV.exec(line);
    if (enumv !== null) {
      enumList = [];
      enums.set(enumv[1]!, enumList);
      state = 'open-enum';
      message = null;
      continue;
    }
    if (line.startsWith('#')) continue; // other directives (#typeset, #define …) do not describe messages
    fail(`not a TMF line: ${line.slice(0, 80)}`);
  }
  if (state !== 'top') throw new TmfSyntaxError(path, lines.length, 'the file ends inside a { } block');
  return { path, messages };
}
