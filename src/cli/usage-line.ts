/**
 * The one line every usage error of every command ends as: the command, the
 * problem, and where the full usage is (`etwkit report: unknown option -x; see
 * 'etwkit report --help'`). Usage errors exit with 2, on every command.
 */

export const USAGE_EXIT_CODE = 2;

/** `command` is the command as typed (`report`, `query providers`), or '' for etwkit itself. */
export function usageLine(command: string, problem: string): string {
  const name = command === '' ? 'etwkit' : `etwkit ${command}`;
  return `${name}: ${problem}; see '${name} --help'`;
}
