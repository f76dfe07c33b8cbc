/**
 * koffi (native code for the ETW control API) is loaded only on Windows: `report`
 * and the control commands' "needs Windows" refusal run elsewhere without it.
 * The child runs with a preload that makes any load of koffi fail.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlBuilder } from '../support/etl-builder.js';
import { ROOT } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

const PRELOAD = join(ROOT, 'test', 'support', 'refuse-koffi.mjs');

function run(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, ['--import', PRELOAD, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe.runIf(process.platform !== 'win32')('koffi stays unloaded off Windows', () => {
  it('the preload does refuse koffi', () => {
    const r = run(['--input-type=module', '-e', "await import('koffi')"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('koffi was loaded');
  });

  it('report and the control commands run without it', () => {
    const dir = scratchDir();
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
    b.stringEvent({ cpu: 0, raw: 5_000_000_000n, provider: '0e7a3b2c-1111-4222-8333-944455556666', text: 'hello' });
    writeFileSync(join(dir, 'in.etl'), b.build());
    const report = run([join(ROOT, 'bin', 'run.js'), 'report', 'in.etl', '-y', '--quiet'], dir);
    expect([report.status, report.stderr]).toEqual([0, '']);
    for (const line of [['query', '-ets'], ['query', 'providers'], ['stop', 'S', '-ets']]) {
      const r = run([join(ROOT, 'bin', 'run.js'), ...line]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/needs Windows/);
      expect(r.stderr).not.toContain('koffi');
    }
  });
});
