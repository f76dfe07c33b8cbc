/**
 * The schema folders of a run: the `--schemas` folders in command-line order,
 * then those of the ETWKIT_SCHEMA_PATH environment variable, a list separated
 * by `;` or by the platform's path delimiter (`:` outside Windows).
 */
import { delimiter } from 'node:path';

export const SCHEMA_PATH_VARIABLE = 'ETWKIT_SCHEMA_PATH';

/** The folders of a path list (empty entries dropped). */
export function splitSchemaPath(value: string | undefined, pathDelimiter: string = delimiter): string[] {
  if (value === undefined) return [];
  const separators = pathDelimiter === ';' ? /;/ : new RegExp(`[;${pathDelimiter.replace(/[\\^\]-]/g, '\\$&')}]`);
  return value.split(separators).map((s) => s.trim()).filter((s) => s !== '');
}

/** Command-line folders first, then the environment's. */
export function schemaFolders(fromOptions: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return [...fromOptions, ...splitSchemaPath(env[SCHEMA_PATH_VARIABLE])];
}
