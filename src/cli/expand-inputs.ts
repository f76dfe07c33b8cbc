/**
 * Input arguments as runbooks give them to `report`. PowerShell and cmd hand
 * `*.etl` to a native program unexpanded, so the command expands `*` (any run of
 * characters) and `?` (one character) itself, in any part of the path; nothing
 * else is special (`[` is an ordinary character, as in cmd). Names starting with
 * `.` match only a pattern that starts with `.`. Matching ignores case on Windows,
 * where file names do. An argument naming an existing file is taken as it is,
 * wildcards or not; a directory stands for the `.etl` files in it (any case, not
 * its subdirectories). Matches are sorted by name. The same file reached twice
 * is read once, with a warning.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An argument that yields no input: a pattern matching nothing, a directory without .etl files. */
export class InputPatternError extends Error {
  constructor(readonly argument: string, reason: string) {
    super(`${argument}: ${reason}`);
    this.name = 'InputPatternError';
  }
}

export interface ExpandedInputs {
  paths: string[];
  /** One line per file named more than once (without the `warning: ` prefix). */
  warnings: string[];
}

const hasWildcard = (s: string) => s.includes('*') || s.includes('?');
const ignoreCase = process.platform === 'win32';

function segmentMatcher(segment: string): RegExp {
  const body = [...segment].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir === '' ? '.' : dir).sort();
  } catch {
    return [];
  }
}

/** Every existing path the pattern names: walked one path segment at a time; the last segment matches files only. */
function matchPattern(pattern: string): string[] {
  const separators = process.platform === 'win32' ? /[\\/]/ : /\//;
  const segments = pattern.split(separators);
  // The root the walk starts from: a UNC share (`\\server\share`, Windows), a leading
  // separator (`/x`) or a drive (`C:`).
  let bases = [''];
  let start = 0;
  if (process.platform === 'win32' && segments[0] === '' && segments[1] === '' && segments.length > 4) {
    bases = [`\\\\${segments[2]}\\${segments[3]}\\`];
    start = 4;
  } else if (segments[0] === '' || /^[a-z]:$/i.test(segments[0]!)) {
    bases = [`${segments[0]}/`];
    start = 1;
  }
  for (let i = start; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (segment === '' && !last) { next.push(base); continue; }
      if (!hasWildcard(segment)) {
        const path = base === '' ? segment : join(base, segment);
        if (last ? isFile(path) : isDirectory(path)) next.push(path);
        continue;
      }
      const re = segmentMatcher(segment);
      for (const name of entries(base)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (!re.test(name)) continue;
        const path = base === '' ? name : join(base, name);
        if (last ? isFile(path) : isDirectory(path)) next.push(path);
      }
    }
    bases = next;
  }
  return bases;
}

/** The .etl files directly in a directory, sorted by name. */
function etlFilesIn(dir: string): string[] {
  return entries(dir).filter((n) => n.toLowerCase().endsWith('.etl')).map((n) => join(dir, n)).filter(isFile);
}

function identity(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function expandInputs(args: string[]): ExpandedInputs {
  const paths: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  const add = (path: string) => {
    const id = identity(path);
    const first = seen.get(id);
    if (first !== undefined) {
      warnings.push(first === path ? `${path} is given more than once; it is read once` : `${path} is the same file as ${first}; it is read once`);
      return;
    }
    seen.set(id, path);
    paths.push(path);
  };
  for (const arg of args) {
    if (isDirectory(arg)) {
      const found = etlFilesIn(arg);
      if (found.length === 0) throw new InputPatternError(arg, 'is a directory without .etl files');
      found.forEach(add);
    } else if (hasWildcard(arg) && !isFile(arg)) {
      const found = matchPattern(arg);
      if (found.length === 0) throw new InputPatternError(arg, 'no file matches this pattern');
      found.forEach(add);
    } else {
      add(arg);
    }
  }
  return { paths, warnings };
}
