// Runs an etwkit control command the way bin/run.js does (translateArgv, then the oclif command
// class) with a given EtwApi installed, capturing stdout, stderr and the exit code.
import { Config } from '@oclif/core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import Query from '../../../src/commands/query.js';
import QueryProviders from '../../../src/commands/query/providers.js';
import Start from '../../../src/commands/start.js';
import Stop from '../../../src/commands/stop.js';
import Update from '../../../src/commands/update.js';
import { translateArgv } from '../../../src/cli/translate.js';
import { EtwApi } from '../../../src/etw/control/api/etw-api.js';
import { useEtwApi } from '../../../src/etw/control/api/load-etw-api.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let config: Config | undefined;

export interface CommandOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  argv: string[];
}

function commandFor(argv: string[]) {
  const [first, second] = argv;
  if (first === 'query' && second === 'providers') return { cls: QueryProviders, rest: argv.slice(2) };
  const table = { start: Start, stop: Stop, update: Update, query: Query } as const;
  const cls = table[first as keyof typeof table];
  if (!cls) throw new Error(`not a control command: ${argv.join(' ')}`);
  return { cls, rest: argv.slice(1) };
}

/** `api` null ⇒ the real loader (which refuses on non-Windows). */
export async function runEtwkit(argv: string[], api: EtwApi | null): Promise<CommandOutcome> {
  config ??= await Config.load({ root: ROOT });
  const translated = translateArgv(argv);
  const { cls, rest } = commandFor(translated);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  useEtwApi(api);
  let exitCode = 0;
  try {
    await cls.run(rest, config);
  } catch (e) {
    const oclif = (e as { oclif?: { exit?: number } }).oclif;
    if (oclif?.exit === undefined) throw e;
    exitCode = oclif.exit;
    if (!(e as { code?: string }).code?.startsWith('EEXIT')) stderr += `${(e as Error).message}\n`;
  } finally {
    out.mockRestore();
    err.mockRestore();
    useEtwApi(null);
  }
  return { stdout, stderr, exitCode, argv: translated };
}
