/**
 * tracerpt spelling → native `report` flags (docs/architecture.md F10). Options start
 * with `-` (or `/` for a known option name), are case-insensitive and may come
 * before or after the input files. `-o`, `-summary`, `-report` and `-export`
 * take an optional file name: without one, a hidden `--default-…` flag asks the
 * command for tracerpt's default name. Native `--long` flags pass through, except
 * `--import` and `--mof`, which take a list of files as `-import` does.
 * Problems (unknown option, missing value) become `--argument-error` flags so
 * the command reports them like any other usage error.
 */

import { statSync } from 'node:fs';

type Arity =
  | { kind: 'switch' }
  /** Exactly one value, which may start with `-` only when it is `-` alone. */
  | { kind: 'value' }
  /** An optional value: taken when the next token is not an option. */
  | { kind: 'optional'; defaultFlag: string }
  /**
   * One or more values, space-separated as tracerpt's `-import <file [file …]>`: up to
   * the next option or the first token that is an input (see `isInputName`).
   */
  | { kind: 'list' }
  /** `-l`: marks the input files that follow; emits nothing. */
  | { kind: 'files' };

interface TracerptOption {
  native: string;
  arity: Arity;
}

const sw = (native: string): TracerptOption => ({ native, arity: { kind: 'switch' } });
const val = (native: string): TracerptOption => ({ native, arity: { kind: 'value' } });
const opt = (native: string, defaultFlag: string): TracerptOption => ({ native, arity: { kind: 'optional', defaultFlag } });
const list = (native: string): TracerptOption => ({ native, arity: { kind: 'list' } });

/** Every option of tracerpt's usage text, plus ours (`-docker`, `-quiet`, `-mof`, `-schemas`, the filters, `-time`, `-tz`). Keys are lower case without the dash. */
export const TRACERPT_OPTIONS: Record<string, TracerptOption> = {
  l: { native: '', arity: { kind: 'files' } },
  o: opt('--output', '--default-output'),
  of: val('--format'),
  summary: opt('--summary', '--default-summary'),
  report: opt('--report', '--default-report'),
  f: val('--report-format'),
  y: sw('--yes'),
  lr: sw('--less-restrictive'),
  en: val('--encoding'),
  gmt: sw('--gmt'),
  rts: sw('--raw-timestamp'),
  config: val('--config'),
  import: list('--import'),
  tmf: val('--tmf'),
  tp: val('--tmf-path'),
  i: val('--image-path'),
  pdb: val('--pdb'),
  rt: list('--realtime'),
  df: val('--counting-schema'),
  int: val('--interpret'),
  export: opt('--export', '--default-export'),
  rl: val('--report-level'),
  '?': sw('--help'),
  docker: sw('--docker'),
  quiet: sw('--quiet'),
  mof: list('--mof'),
  schemas: val('--schemas'),
  provider: val('--provider'),
  id: val('--id'),
  level: val('--level'),
  keywords: val('--keywords'),
  pid: val('--pid'),
  tid: val('--tid'),
  since: val('--since'),
  until: val('--until'),
  'docker-container': val('--docker-container'),
  time: val('--time'),
  tz: val('--tz'),
};

/** The tracerpt option named by a token, or null when the token is not one. */
function optionOf(token: string): { name: string; spec: TracerptOption } | null {
  if (token.length < 2 || token.startsWith('--')) return null;
  if (token[0] !== '-' && token[0] !== '/') return null;
  const name = token.slice(1).toLowerCase();
  const spec = TRACERPT_OPTIONS[name];
  if (spec) return { name, spec };
  return null;
}

/** Does the token look like an option (so it cannot be a value)? A lone `-` is stdout, a value. */
function looksLikeOption(token: string): boolean {
  if (token === '-') return false;
  if (token.startsWith('-')) return true;
  return optionOf(token) !== null;
}

/**
 * Does the token name an input rather than a list value? A `.etl` name (any case, a
 * wildcard pattern included) or an existing directory (its .etl files) is an input;
 * schema and session lists never hold either.
 */
function isInputName(token: string): boolean {
  if (token.toLowerCase().endsWith('.etl')) return true;
  try {
    return statSync(token, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** Native spellings of the list options, which take values the same way (`--mof a.mof b.mof x.etl`). */
const NATIVE_LISTS = new Set(['--import', '--mof']);

/** Translate tracerpt-style arguments of `report` into native flags and positional files. */
export function translateTracerptArgs(args: string[]): string[] {
  const out: string[] = [];
  const problem = (text: string) => out.push('--argument-error', text);
  let afterDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (afterDoubleDash) { out.push(token); continue; }
    if (token === '--') { afterDoubleDash = true; out.push(token); continue; }
    const nativeList = NATIVE_LISTS.has(token.toLowerCase());
    if (token.startsWith('--') && !nativeList) { out.push(token); continue; }
    const found = nativeList ? { name: token.slice(2).toLowerCase(), spec: TRACERPT_OPTIONS[token.slice(2).toLowerCase()]! } : optionOf(token);
    if (found === null) {
      if (token.startsWith('-') && token !== '-') problem(`unknown option ${token}`);
      else out.push(token);
      continue;
    }
    const { name, spec } = found;
    const next = args[i + 1];
    switch (spec.arity.kind) {
      case 'files':
        break;
      case 'switch':
        out.push(spec.native);
        break;
      case 'value':
        if (next === undefined || looksLikeOption(next)) problem(`-${name} needs a value`);
        else { out.push(spec.native, next); i++; }
        break;
      case 'optional':
        if (next === undefined || looksLikeOption(next)) out.push(spec.arity.defaultFlag);
        else { out.push(spec.native, next); i++; }
        break;
      case 'list': {
        let taken = 0;
        while (i + 1 < args.length && !looksLikeOption(args[i + 1]!) && !isInputName(args[i + 1]!)) {
          out.push(spec.native, args[++i]!);
          taken++;
        }
        if (taken === 0) problem(`${token} needs a value`);
        break;
      }
    }
  }
  return out;
}
