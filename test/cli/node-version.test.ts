/**
 * An old Node.js is refused up front in one line that says how to get 22+:
 * by bin/run.js (users) and by the prebuild script (`npm ci` builds through
 * prepare, `npm test` builds first). Run with a Node older than 22 when the
 * machine has one on PATH or in /usr/bin (skipped, with a notice, otherwise).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

function majorOf(node: string): number {
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('.')[0]) : Infinity;
}

/** A node binary older than 22 found on PATH or in the usual system places, or null. */
function oldNode(): string | null {
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'];
  for (const d of new Set(dirs)) {
    const p = join(d, exe);
    if (d !== '' && existsSync(p) && majorOf(p) < 22) return p;
  }
  return null;
}

const old = oldNode();
if (old === null) console.warn('\n*** node-version test: no Node.js older than 22 on this machine; the refusal is not exercised ***\n');

describe('the Node.js version check', () => {
  it('passes silently on this Node', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'check-node.cjs')], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  it('runs before every build (npm ci and npm test build through it)', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prebuild).toBe('node bin/check-node.cjs');
    expect(scripts.test).toMatch(/^npm run build\b/);
    expect(scripts.prepare).toBe('npm run build');
  });

  it.runIf(old !== null)('an older Node gets one line naming 22 and where to get it, exit 1 (check and CLI)', () => {
    for (const args of [[join(ROOT, 'bin', 'check-node.cjs')], [join(ROOT, 'bin', 'run.js'), 'report', 'x.etl']]) {
      const r = spawnSync(old!, args, { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^etwkit needs Node\.js 22 or newer; this is v\d+\.\d+\.\d+\. Get it from https:\/\/nodejs\.org\/\S+ \(or: nvm install 22/);
    }
  });
});
