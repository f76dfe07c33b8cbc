/**
 * What bin/run.js runs: the help and version habits (`-h`, `help CMD`, `-v`,
 * `version`), an unknown command refused with the nearest one suggested, the
 * logman/tracerpt spelling translated (translate.ts), then oclif. oclif's own
 * parse errors (a missing argument, an unknown flag, a bad value) become one
 * usage line and exit 2 instead of oclif's message, notes and help text.
 */
// oclif's parts by their own entry points: its index loads ~50 more modules (help, ux, …) than a run needs.
import { Config } from '@oclif/core/config';
import { CLIError, ExitError, handle } from '@oclif/core/errors';
import { run } from '@oclif/core/run';
import { nearestName } from './nearest-name.js';
import { problemLine } from './problem-colours.js';
import { translateArgv } from './translate.js';
import { usageLine, USAGE_EXIT_CODE } from './usage-line.js';

const HELP_WORDS = new Set(['-h', '--help', 'help', '-?', '/?']);
const VERSION_WORDS = new Set(['-v', '-V', '--version', 'version']);

/** logman verbs translate.ts routes to a command of ours (`create trace` is `start`). */
const LOGMAN_ALIASES = ['create'];

/** logman verbs with no etwkit command, and why. */
const SAVED_SET_VERBS: Record<string, string> = {
  delete: 'logman delete removes saved Data Collector Sets, which etwkit does not manage (stop a live session with etwkit stop NAME -ets)',
  import: 'logman import loads saved Data Collector Sets from XML, which etwkit does not manage',
  export: 'logman export saves Data Collector Sets as XML, which etwkit does not manage',
};

/** `help X`, `X -h`, `-v` … → oclif's `X --help` and `--version`. */
export function normalizeHelpAndVersion(argv: string[]): string[] {
  const [first, ...rest] = argv;
  if (first === undefined) return argv;
  if (VERSION_WORDS.has(first)) return ['--version'];
  if (HELP_WORDS.has(first.toLowerCase())) return rest.length === 0 ? ['--help'] : [...rest, '--help'];
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '-h' && (end < 0 || i < end) ? '--help' : a));
}

/** The usage line for a first word that names no command; null when it does (or is logman's verb-less `-ets`). */
export function unknownCommandLine(argv: string[], commandIds: readonly string[]): string | null {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '--version') return null;
  const lower = first.toLowerCase();
  const commands = [...new Set(commandIds.map((id) => id.split(/[: ]/)[0]!))];
  if (commands.includes(lower) || LOGMAN_ALIASES.includes(lower)) return null;
  const savedSet = SAVED_SET_VERBS[lower];
  if (savedSet !== undefined) return usageLine('', savedSet);
  if (argv.some((a) => /^[-/]ets$/i.test(a))) return null; // `logman NAME -ets` queries
  if (first.startsWith('-')) return usageLine('', `unknown option ${first}`);
  const near = nearestName(first, [...commands, 'help', 'version']);
  return usageLine('', `unknown command "${first}"${near === null ? '' : ` (did you mean "${near}"?)`}`);
}

/** The command a translated argv runs, as the user types it (`query providers`). */
function commandOf(translated: string[]): string {
  const [first, second] = translated;
  if (first === 'query' && second === 'providers') return 'query providers';
  return first ?? '';
}

/** oclif's parse error as one problem phrase, without its notes, help pointer and line breaks. */
export function parseProblem(e: CLIError): string {
  const detail = e as CLIError & { args?: Array<{ name: string; description?: string }>; flags?: string[] };
  if (/^Missing \d+ required arg/.test(e.message) && Array.isArray(detail.args)) {
    return detail.args.map((a) => `missing ${a.name.toUpperCase()}${a.description ? `: ${a.description}` : ''}`).join('; ');
  }
  if (/^Nonexistent flag/.test(e.message) && Array.isArray(detail.flags)) {
    return `unknown option${detail.flags.length === 1 ? '' : 's'} ${detail.flags.join(', ')}`;
  }
  const lines: string[] = [];
  for (const raw of e.message.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('See more help') || line.startsWith('Note:')) break;
    if (line !== '' && line !== 'The following error occurred:') lines.push(line);
  }
  const text = lines.join(' ').replace(/^Parsing (--\S+) (\w)/, (_m, flag: string, c: string) => `${flag}: ${c.toLowerCase()}`);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export async function main(argv: string[], root: string): Promise<void> {
  const config = await Config.load(root);
  const line = normalizeHelpAndVersion(argv);
  const refusal = unknownCommandLine(line, config.commandIDs);
  if (refusal !== null) {
    process.stderr.write(problemLine(`${refusal}\n`));
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  const translated = translateArgv(line);
  try {
    // No flush() as oclif's execute does: the process exits on its own once stdout has
    // drained, and awaiting flush() never settles when the reader has gone (`| head`).
    await run(translated, config);
  } catch (e) {
    if (e instanceof CLIError && !(e instanceof ExitError)) {
      // No command of ours throws CLIError: this is oclif refusing the command line.
      process.stderr.write(problemLine(`${usageLine(commandOf(translated), parseProblem(e))}\n`));
      process.exitCode = USAGE_EXIT_CODE;
      return;
    }
    await handle(e as Error);
  }
}
