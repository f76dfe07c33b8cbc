/**
 * What a plain file report loads: the modules of -rt (the ETW API, live sessions),
 * --threads, the count pass, EVTX, csv-stringify, cli-table3 and oclif's index are
 * imported only by the runs that use them, since loading them is most of a small
 * report's start-up. The child runs with a preload that lists every module loaded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlBuilder } from '../support/etl-builder.js';
import { ROOT } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

const PRELOAD = join(ROOT, 'test', 'support', 'record-modules.mjs');

function loadedBy(args: string[], cwd: string): string[] {
  const list = join(cwd, 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', PRELOAD, join(ROOT, 'bin', 'run.js'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ETWKIT_TEST_MODULES: list },
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  return readFileSync(list, 'utf8').trim().split('\n');
}

describe('start-up: a file report loads only what it uses', () => {
  const dir = scratchDir();
  const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
  b.stringEvent({ cpu: 0, raw: 5_000_000_000n, provider: '0e7a3b2c-1111-4222-8333-944455556666', text: 'hello' });
  writeFileSync(join(dir, 'in.etl'), b.build());
  const unused = [
    '/dist/etw/live/', '/dist/etw/report/live-start.js', '/dist/etw/report/threads/run-sliced-report.js', '/dist/etw/report/threads/slice-render.js',
    '/dist/etw/report/run-live-report.js', '/dist/etw/report/count-pass.js', '/dist/cli/tracerpt-live.js',
    '/dist/etw/render/evtx/', '/node_modules/csv-stringify/', '/node_modules/cli-table3/', '/node_modules/@oclif/core/lib/index.js',
  ];

  it('one thread, XML and summary: none of -rt, --threads, the count pass, EVTX, csv-stringify, cli-table3, oclif\'s index', () => {
    const loaded = loadedBy(['report', 'in.etl', '-of', 'XML', '-o', 'out.xml', '-summary', 'out.txt', '--threads', '1', '-y', '--quiet'], dir);
    expect(loaded.some((u) => u.endsWith('/dist/etw/render/xml-dump.js'))).toBe(true);
    expect(loaded.filter((u) => unused.some((part) => u.includes(part)))).toEqual([]);
  });

  it('each is loaded when used: EVTX by -of EVTX, the count pass by a summary alone, csv-stringify by a CSV dump', () => {
    const evtx = loadedBy(['report', 'in.etl', '-of', 'EVTX', '-o', 'out.evtx', '--threads', '1', '-y', '--quiet'], dir);
    expect(evtx.some((u) => u.endsWith('/dist/etw/render/evtx/evtx-sink.js'))).toBe(true);
    const summary = loadedBy(['report', 'in.etl', '-summary', 'only.txt', '-y', '--quiet'], dir);
    expect(summary.some((u) => u.endsWith('/dist/etw/report/count-pass.js'))).toBe(true);
    const csv = loadedBy(['report', 'in.etl', '-of', 'CSV', '-o', 'out.csv', '--threads', '1', '-y', '--quiet'], dir);
    expect(csv.some((u) => u.includes('/node_modules/csv-stringify/'))).toBe(true);
  });
});
