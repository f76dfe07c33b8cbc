// --help examples and man pages: each control command shows the Docker recipe.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Query from '../../src/commands/query.js';
import QueryProviders from '../../src/commands/query/providers.js';
import Start from '../../src/commands/start.js';
import Stop from '../../src/commands/stop.js';
import Update from '../../src/commands/update.js';
import { translateArgv } from '../../src/cli/translate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const commandsOf = (examples: unknown) => (examples as { command: string }[]).map((e) => e.command.replace('<%= config.bin %>', 'etwkit'));

describe('--help examples', () => {
  it.each([
    ['start', Start, 'etwkit start -ets DockerContainerLogs -p "{a3693192-9ed6-46d2-a981-f8226c8363bd}" 0x0 -o trace.etl'],
    ['stop', Stop, 'etwkit stop -ets DockerContainerLogs'],
    ['query', Query, 'etwkit query DockerContainerLogs -ets'],
    ['update', Update, 'etwkit update DockerContainerLogs -fd -ets'],
    ['query providers', QueryProviders, 'etwkit query providers {a3693192-9ed6-46d2-a981-f8226c8363bd} --json'],
  ])('%s shows the Docker recipe', (_name, cls, line) => {
    expect(commandsOf(cls.examples)).toContain(line);
  });

  it('every example parses: its logman spelling translates without a compat error', () => {
    for (const cls of [Start, Stop, Query, Update, QueryProviders]) {
      for (const c of commandsOf(cls.examples)) {
        const argv = c.match(/"[^"]*"|\S+/g)!.slice(1).map((t) => t.replace(/^"|"$/g, ''));
        expect(translateArgv(argv)).not.toContain('--compat-error');
      }
    }
  });
});

describe('man pages', () => {
  it.each(['start', 'stop', 'query', 'update'])('man/etwkit-%s.1 is a roff page with the Docker recipe', (name) => {
    const text = fs.readFileSync(path.join(ROOT, 'man', `etwkit-${name}.1`), 'utf8');
    expect(text.startsWith(`.TH ETWKIT-${name.toUpperCase()} 1`)).toBe(true);
    expect(text).toMatch(/\.SH NAME\n/);
    expect(text).toContain('DockerContainerLogs');
  });
});
