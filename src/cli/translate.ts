/**
 * Entry point of argv compatibility: picks the translator of the command family
 * (tracerpt for `report`, logman for `start`/`stop`/`query`/`update`) and returns
 * the native --long spelling that oclif parses.
 */
import { translateTracerptArgs } from './tracerpt-args.js';
import { translateLogmanArgs } from './logman-args.js';

const LOGMAN_COMMANDS = new Set(['start', 'stop', 'query', 'update', 'create', 'delete', 'import', 'export']);

export function translateArgv(argv: string[]): string[] {
  const [command, ...rest] = argv;
  if (command === undefined) return argv;
  const lower = command.toLowerCase();
  if (lower === 'report') return ['report', ...translateTracerptArgs(rest)];
  if (LOGMAN_COMMANDS.has(lower)) return translateLogmanArgs(lower, rest);
  // logman with no verb and -ets queries: `logman -ets`, `logman NAME -ets`.
  if (argv.some((a) => /^[-/]ets$/i.test(a))) return translateLogmanArgs('query', argv);
  return argv;
}
