/**
 * Runs the built CLI (bin/run.js → dist/) in a child process, as a user would.
 * `npm test` builds first, so dist/ is current.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Colour is off (NO_COLOR=1, and the caller's FORCE_COLOR dropped) unless `env` says
 * otherwise; a variable given as undefined in `env` is removed.
 */
export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
