/**
 * The table of logman's options as etwkit understands them: how many values
 * each takes on a logman command line, and the native --long flags it becomes.
 * Options that only make sense for saved Data Collector Sets, counters or remote
 * machines are listed so they get a clear message instead of "unknown option".
 * docs/architecture.md F11.
 */

/** How many following tokens an option consumes: a fixed count, or "until the next option". */
export type Arity = 0 | 1 | 2 | 'list';

export interface LogmanOption {
  arity: Arity;
  /** Native tokens for the values given; null ⇒ the option is accepted and has no effect here. */
  native: ((values: string[]) => string[]) | null;
}

const flag = (name: string) => () => [`--${name}`];
const value = (name: string) => (v: string[]) => (v[0] === undefined ? [`--${name}`] : [`--${name}`, v[0]]);

/** `-p provider [keywords [level]]`. */
function providerTokens(v: string[]): string[] {
  const [provider, keywords, level] = v;
  const out = provider !== undefined ? ['--provider', provider] : ['--provider'];
  if (keywords !== undefined) out.push('--keywords', keywords);
  if (level !== undefined) out.push('--level', level);
  return out;
}

/** `-nb min max`. */
function bufferCountTokens(v: string[]): string[] {
  const out: string[] = [];
  if (v[0] !== undefined) out.push('--min-buffers', v[0]);
  if (v[1] !== undefined) out.push('--max-buffers', v[1]);
  return out.length > 0 ? out : ['--min-buffers'];
}

export const LOGMAN_OPTIONS: Record<string, LogmanOption> = {
  ets: { arity: 0, native: flag('ets') },
  n: { arity: 1, native: null }, // the name; handled by the translator as a positional
  p: { arity: 'list', native: providerTokens },
  pf: { arity: 1, native: value('provider-file') },
  o: { arity: 1, native: value('output') },
  bs: { arity: 1, native: value('buffer-size') },
  nb: { arity: 2, native: bufferCountTokens },
  max: { arity: 1, native: value('max-size') },
  mode: { arity: 'list', native: (v) => v.flatMap((m) => ['--mode', m]) },
  f: { arity: 1, native: value('format') },
  ct: { arity: 1, native: value('clock-type') },
  ft: { arity: 1, native: value('flush-timer') },
  rt: { arity: 0, native: flag('real-time') },
  ow: { arity: 0, native: flag('overwrite') },
  a: { arity: 0, native: flag('append') },
  ul: { arity: 0, native: flag('user-mode') },
  fd: { arity: 0, native: flag('flush') },
  y: { arity: 0, native: null },
  as: { arity: 0, native: null },
};

/** `--x` negations (logman's `-[-]x` toggles) and what they become. */
export const LOGMAN_NEGATIONS: Record<string, { arity: Arity; native: ((values: string[]) => string[]) | null }> = {
  rt: { arity: 0, native: flag('no-real-time') },
  ow: { arity: 0, native: flag('no-overwrite') },
  a: { arity: 0, native: flag('no-append') },
  ul: { arity: 0, native: flag('no-user-mode') },
  max: { arity: 0, native: () => ['--max-size', '0'] },
  p: { arity: 1, native: value('disable-provider') },
  // Negations of things etwkit never does for live sessions: accepted, no effect.
  v: { arity: 0, native: null },
  u: { arity: 0, native: null },
  r: { arity: 0, native: null },
  rc: { arity: 0, native: null },
  cnf: { arity: 0, native: null },
};

/** logman options etwkit rejects, with the reason. */
export const UNSUPPORTED_OPTIONS: Record<string, string> = {
  s: 'remote computers (-s) are not supported; run etwkit on that machine',
  config: 'settings files (-config) are not supported; put the options on the command line',
  u: 'run-as accounts (-u) apply to saved Data Collector Sets, which etwkit does not manage',
  m: 'manual start/stop (-m) applies to saved Data Collector Sets, which etwkit does not manage',
  rf: 'run durations (-rf) apply to saved Data Collector Sets, which etwkit does not manage',
  b: 'scheduled begin times (-b) apply to saved Data Collector Sets, which etwkit does not manage',
  e: 'scheduled end times (-e) apply to saved Data Collector Sets, which etwkit does not manage',
  r: 'daily repeats (-r) apply to saved Data Collector Sets, which etwkit does not manage',
  v: 'file versioning (-v) applies to saved Data Collector Sets, which etwkit does not manage',
  rc: 'close commands (-rc) apply to saved Data Collector Sets, which etwkit does not manage',
  cnf: 'new-file timers (-cnf) apply to saved Data Collector Sets; use -mode newfile -max <MB> with -ets',
  ln: 'a logger name different from the session name (-ln) is not supported; name the session itself',
  pid: 'listing the providers of one process (-pid) is not supported yet',
  xml: 'XML import/export (-xml) applies to saved Data Collector Sets, which etwkit does not manage',
  sc: 'sample counts (-sc) belong to counter collectors, which etwkit does not manage',
  si: 'sample intervals (-si) belong to counter collectors, which etwkit does not manage',
  c: 'counters (-c) belong to counter collectors, which etwkit does not manage',
  cf: 'counter files (-cf) belong to counter collectors, which etwkit does not manage',
  th: 'thresholds (-th) belong to alert collectors, which etwkit does not manage',
};

/** Native long flags of start/stop/update/query and whether each takes a value (so values pass through untouched). */
export const NATIVE_VALUE_FLAGS = new Set([
  'provider', 'keywords', 'level', 'provider-file', 'output', 'buffer-size', 'min-buffers', 'max-buffers', 'max-size',
  'mode', 'format', 'clock-type', 'flush-timer', 'disable-provider', 'compat-error',
]);
