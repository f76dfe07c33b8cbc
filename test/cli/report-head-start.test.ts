/**
 * The head start of a report's worker threads (src/cli/report-head-start.ts):
 * which command lines start workers before oclif loads, and that a run started
 * so takes those workers (--verbose says so) and writes what one thread writes;
 * a worker started ahead renders once given its setup by message; waiting
 * workers a run does not take are let go and do not hold the process.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { likelyReportWorkers } from '../../src/cli/report-head-start.js';
import { DEFAULT_MIN_THREADED_BYTES, defaultThreads } from '../../src/etw/report/threads/thread-defaults.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-head-start-');

/** A file of `bytes` (a hole: no disk is used). */
function sized(name: string, bytes: number): string {
  const p = join(dir, name);
  writeFileSync(p, Buffer.alloc(0));
  truncateSync(p, bytes);
  return p;
}

describe('which command lines start workers ahead', () => {
  const big = sized('big.etl', DEFAULT_MIN_THREADED_BYTES);
  const small = sized('small.etl', 3 * 1024 * 1024);
  const tiny = sized('tiny.etl', 64 * 1024);
  const byDefault = defaultThreads() - 1;

  it('a file report of the default size, or --threads N above 1 on inputs of two slices or more', () => {
    expect(likelyReportWorkers(['report', big])).toBe(byDefault);
    expect(likelyReportWorkers(['REPORT', big, '-o', 'out.csv', '-of', 'CSV', '-y'])).toBe(byDefault);
    expect(likelyReportWorkers(['report', small, '--threads', '3'])).toBe(2);
    expect(likelyReportWorkers(['report', small, '--threads=4', '-of', 'XML'])).toBe(3);
    expect(likelyReportWorkers(['report', small, tiny, '--threads', '2'])).toBe(1);
    expect(likelyReportWorkers(['report', small, '-threads', '2']), 'not an option: the report refuses it').toBe(0);
  });

  it('none for one thread, small inputs, runs never sliced (-rt, EVTX, -report, -export), help, other commands and bad values', () => {
    expect(likelyReportWorkers(['report', big, '--threads', '1'])).toBe(0);
    expect(likelyReportWorkers(['report', small])).toBe(0);
    expect(likelyReportWorkers(['report', tiny, '--threads', '2'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '-of', 'evtx'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '--format=EVTX'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '-report'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '-export', 'x.man'])).toBe(0);
    expect(likelyReportWorkers(['report', '-rt', 'Session'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '--help'])).toBe(0);
    expect(likelyReportWorkers(['report', big, '--threads', 'all'])).toBe(0);
    expect(likelyReportWorkers(['report', join(dir, 'missing.etl')])).toBe(0);
    expect(likelyReportWorkers(['query', big])).toBe(0);
    expect(likelyReportWorkers([])).toBe(0);
  });
});

describe('a report whose workers started ahead', () => {
  /** A trace of several MiB that the sliced pass cuts at its default slice size. */
  function trace(): string {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x10000 });
    for (let i = 0; i < 24000; i++) b.system({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i * 10), hookId: 0x0524, pid: i, payload: Buffer.alloc(200 + (i % 5) * 40) });
    const p = join(dir, 'several-mib.etl');
    writeFileSync(p, b.build());
    return p;
  }

  it('takes them (--verbose says so) and writes what one thread writes', () => {
    const path = trace();
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const a = runCli(['report', path, '-of', 'CSV', '-o', one, '-y', '--threads', '1']);
    expect(a.status, a.stderr).toBe(0);
    const b = runCli(['report', path, '-of', 'CSV', '-o', two, '-y', '--threads', '2', '--thread-slice-bytes', '65536', '--verbose']);
    expect(b.status, b.stderr).toBe(0);
    const m = (b.stdout + b.stderr).match(/ (\d+) by 1 worker thread\(s\) \(1 started ahead\)/);
    expect(m, b.stdout + b.stderr).not.toBeNull();
    expect(Number(m![1]), 'slices the worker started ahead rendered').toBeGreaterThan(0);
    expect(readFileSync(two).equals(readFileSync(one))).toBe(true);
  });

  it('a run that is not sliced lets them go and ends', () => {
    const path = trace();
    // --threads 2 on an EVTX dump: the head start does not guess this one; -summary alone is not sliced either.
    const r = runCli(['report', path, '-summary', join(dir, 'summary.txt'), '-y', '--threads', '2', '--verbose'], {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/started ahead/);
  });
});
