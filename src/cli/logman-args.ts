/**
 * logman spelling (`-ets`, `-p GUID flags level`, options in any order, `-` or `/`,
 * case-insensitive, `--x` negations) → native flags of start/stop/query/update.
 * `create trace NAME … ` becomes `start NAME …` (identical with -ets; without it
 * the command reports that saved sets are not managed). Problems are not thrown:
 * they travel as `--compat-error <message>` for the command to report, so the
 * entry point never dies with a stack trace. See docs/architecture.md F11.
 */
import { Arity, LOGMAN_NEGATIONS, LOGMAN_OPTIONS, NATIVE_VALUE_FLAGS, UNSUPPORTED_OPTIONS } from './logman-options.js';

const COLLECTOR_ADVERBS = new Set(['counter', 'alert', 'cfg', 'api']);

/** `-x` / `/x` → `x` (lower-case) when x is an option logman knows; null otherwise. */
function optionName(token: string): string | null {
  if (token.length < 2 || token.startsWith('--')) return null;
  if (token[0] !== '-' && token[0] !== '/') return null;
  const name = token.slice(1).toLowerCase();
  if (name === '?') return '?';
  if (name in LOGMAN_OPTIONS || name in UNSUPPORTED_OPTIONS) return name;
  // A dash followed by a word logman does not know is still an option (so it is reported, not taken as a name);
  // a slash is only an option prefix for known names (absolute paths start with / on POSIX).
  return token[0] === '-' && /^[a-z]/i.test(name) ? name : null;
}

function isOptionLike(token: string): boolean {
  return token.startsWith('--') || optionName(token) !== null;
}

/** The values of an option: a fixed count, or every token up to the next option. */
function takeValues(args: string[], at: number, arity: Arity): string[] {
  if (arity === 0) return [];
  const values: string[] = [];
  const limit = arity === 'list' ? Infinity : arity;
  for (let i = at; i < args.length && values.length < limit; i++) {
    if (isOptionLike(args[i]!)) break;
    values.push(args[i]!);
  }
  return values;
}

/** The command and the leading adverb tokens it consumes. */
function verbOf(command: string, args: string[]): { verb: string[]; rest: string[]; errors: string[] } {
  const first = args[0]?.toLowerCase();
  const bare = first?.replace(/^[-/]/, '');
  if (command === 'create') {
    if (first === 'trace') return { verb: ['start'], rest: args.slice(1), errors: [] };
    if (first !== undefined && COLLECTOR_ADVERBS.has(first)) {
      return { verb: ['start'], rest: args.slice(1), errors: [`"create ${first}" makes a saved ${first} collector; etwkit only controls live trace sessions (create trace NAME … -ets)`] };
    }
    return { verb: ['start'], rest: args, errors: [] };
  }
  if (command === 'update' && first === 'trace') return { verb: ['update'], rest: args.slice(1), errors: [] };
  if (command === 'query' && bare === 'providers') return { verb: ['query', 'providers'], rest: args.slice(1), errors: [] };
  return { verb: [command], rest: args, errors: [] };
}

export function translateLogmanArgs(command: string, args: string[]): string[] {
  const { verb, rest, errors } = verbOf(command, args);
  const isQuery = verb[0] === 'query';
  const positionals: string[] = [];
  const flags: string[] = [];

  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token.startsWith('--') && token.length > 2) {
      const bare = token.slice(2).toLowerCase();
      const negation = LOGMAN_NEGATIONS[bare];
      if (negation) {
        const values = takeValues(rest, i + 1, negation.arity);
        i += values.length;
        if (negation.native) flags.push(...negation.native(values));
        continue;
      }
      // Native spelling: pass through, with its value when the flag takes one.
      flags.push(token);
      const name = token.slice(2).split('=')[0]!;
      if (!token.includes('=') && NATIVE_VALUE_FLAGS.has(name) && i + 1 < rest.length) flags.push(rest[++i]!);
      continue;
    }
    const name = optionName(token);
    if (name === null) {
      positionals.push(token);
      continue;
    }
    if (name === '?') {
      flags.push('--help');
      continue;
    }
    const option = LOGMAN_OPTIONS[name];
    if (!option) {
      const reason = UNSUPPORTED_OPTIONS[name];
      errors.push(reason ? `${token}: ${reason}` : `${token}: unknown option`);
      // Skip the values an unsupported option would take, so they are not read as a name.
      i += takeValues(rest, i + 1, 'list').length;
      continue;
    }
    const values = takeValues(rest, i + 1, option.arity);
    i += values.length;
    if (name === 'n') {
      if (values[0] !== undefined) positionals.unshift(values[0]);
      continue;
    }
    if (option.arity !== 0 && option.arity !== 'list' && values.length < option.arity) {
      errors.push(`${token} needs ${option.arity === 1 ? 'a value' : `${option.arity} values`}`);
      continue;
    }
    if (option.arity === 'list' && values.length === 0) {
      errors.push(`${token} needs a value`);
      continue;
    }
    // `query NAME -p … -ul` (logman's own usage example): query shows everything; the provider is not needed.
    if (isQuery && (name === 'p' || name === 'ul')) continue;
    if (option.native) flags.push(...option.native(values));
  }
  return [...verb, ...positionals, ...flags, ...errors.flatMap((e) => ['--compat-error', e])];
}
