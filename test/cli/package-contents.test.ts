/**
 * What `npm install -g etwkit` would get, from `npm pack --dry-run --json`: the
 * entry point and its Node check, the built JavaScript, the manifest and every
 * man page (listed in package.json's `man` field, so npm links them into the
 * man path) — and neither the development entry point (bin/dev.js, which needs
 * tsx) nor source maps.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

/** npm itself: the one running `npm test` (npm_execpath), else the npm on PATH. */
function npm(args: string[]) {
  const execPath = process.env.npm_execpath;
  const r = execPath !== undefined && /\.c?js$/.test(execPath)
    ? spawnSync(process.execPath, [execPath, ...args], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  return r;
}

describe('the published package', () => {
  // --ignore-scripts: `npm test` has built dist/ already; prepare would print the build to stdout.
  const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
  const files: string[] = r.status === 0 ? (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path) : [];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man: string[]; bin: Record<string, string> };
  const manPages = readdirSync(join(ROOT, 'man')).filter((f) => /\.\d$/.test(f)).sort();

  it('npm pack --dry-run succeeds', () => {
    expect(r.status, r.stderr).toBe(0);
  });

  it('holds the entry point, its Node check, the commands and the oclif manifest', () => {
    expect(files).toContain(pkg.bin.etwkit!.replace(/^\.\//, ''));
    expect(files).toContain('bin/check-node.cjs');
    expect(files).toContain('oclif.manifest.json');
    for (const c of ['report', 'start', 'stop', 'update', 'query', 'query/providers']) expect(files).toContain(`dist/commands/${c}.js`);
    expect(files).toContain('dist/cli/entry.js');
  });

  it('holds every man page, and the man field names each of them', () => {
    expect(manPages.length).toBeGreaterThan(0);
    for (const m of manPages) expect(files).toContain(`man/${m}`);
    expect(pkg.man.map((m) => m.replace(/^\.\//, '')).sort()).toEqual(manPages.map((m) => `man/${m}`));
  });

  it('leaves out bin/dev.js and source maps', () => {
    expect(files).not.toContain('bin/dev.js');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });
});
