/**
 * The README as a new user reads it: its first two commands stay `npm ci` and
 * `npm test`, it says how to install (npm install -g, npx, npm ci && npm link
 * from a clone), and its command table has a row for every command etwkit has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };

describe('README.md', () => {
  it('starts with npm ci and npm test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock.split('\n').filter(Boolean).map((l) => l.split('#')[0]!.trim())).toEqual(['npm ci', 'npm test']);
  });

  it('has an install section naming the three ways', () => {
    const install = readme.slice(readme.indexOf('## Install'));
    expect(readme).toContain('## Install');
    expect(install).toContain('npm install -g etwkit');
    expect(install).toContain('npx etwkit');
    expect(install).toContain('npm ci && npm link');
  });

  it('lists every top-level command in its command table', () => {
    const table = readme.slice(readme.indexOf('## Commands'), readme.indexOf('\n\n', readme.indexOf('| command |')));
    const commands = [...new Set(Object.keys(manifest.commands).map((id) => id.split(':')[0]!))];
    expect(commands.sort()).toEqual(['query', 'report', 'start', 'stop', 'update']);
    for (const c of commands) expect(table, c).toMatch(new RegExp(`^\\| \`etwkit ${c}\\b`, 'm'));
  });
});
