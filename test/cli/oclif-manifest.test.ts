// The build writes oclif.manifest.json so that a run does not import every command to
// discover them; it must list every command with the flags its class declares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {
  version: string;
  commands: Record<string, { flags: Record<string, unknown> }>;
};

describe('oclif.manifest.json written by the build', () => {
  it('has the package version', () => {
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it.each([
    ['report', 'report.js'],
    ['start', 'start.js'],
    ['stop', 'stop.js'],
    ['update', 'update.js'],
    ['query', 'query.js'],
    ['query:providers', 'query/providers.js'],
  ])('lists %s with the flags of dist/commands/%s', async (id, file) => {
    const cls = (await import(join(root, 'dist', 'commands', file))).default as { flags: Record<string, unknown> };
    expect(Object.keys(manifest.commands[id]!.flags).sort()).toEqual(Object.keys(cls.flags).sort());
  });
});
