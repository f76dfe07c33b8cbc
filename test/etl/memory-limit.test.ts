/**
 * Memory stays bounded whatever a file claims (issue 11, item 4). Tiny files in
 * compressed mode whose buffers, on many processor indexes, each claim (and
 * decompress to) 16 MiB: the built CLI reads them in a child process whose peak
 * RSS must stay under 150 MB, for every output, and the claim it cannot honour
 * is reported as damage (exit 3, the limit named), never an uncaught RangeError.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allotStreamMemory, STREAM_MEMORY_BUDGET } from '../../src/etw/etl/stream-memory.js';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { compressedBomb } from '../support/hostile-etl.js';
import { ROOT } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

const LIMIT = 150 * 1024 * 1024;
/** Prints the child's peak RSS (bytes) on its last stderr line. */
const PEAK_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss='+process.resourceUsage().maxRSS*1024+'\\n'))`;

/** The V8 flags bin/run.js's shebang gives node (a user's run has them). */
const SHEBANG_FLAGS = readFileSync(join(ROOT, 'bin', 'run.js'), 'utf8').split('\n')[0]!.split(' ').filter((w) => w.startsWith('--'));

function reportPeak(args: string[], cwd: string): { status: number | null; stderr: string; peak: number } {
  const r = spawnSync(process.execPath, [...SHEBANG_FLAGS, '--import', PEAK_HOOK, join(ROOT, 'bin', 'run.js'), 'report', ...args, '-y', '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const peak = Number(/peak-rss=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { status: r.status, stderr: r.stderr.replace(/peak-rss=\d+\n/, ''), peak };
}

describe('the streams share a fixed memory budget', () => {
  it('all needs when they fit; otherwise water-filled shares within the budget', () => {
    expect(allotStreamMemory([100, 200], 1000)).toEqual([100, 200]);
    expect(allotStreamMemory([100, 2000, 5000], 1000)).toEqual([100, 450, 450]);
    const shares = allotStreamMemory(new Array(2048).fill(16 << 20));
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(STREAM_MEMORY_BUDGET);
  });
});

describe('a tiny file claiming gigabytes', () => {
  const dir = scratchDir('etwkit-memory-');
  const cases = [
    { name: '32 processors × 16 MiB (512 MiB claimed)', processors: 32 },
    { name: '256 processors × 16 MiB (4 GiB claimed)', processors: 256 },
    { name: '2,048 processors × 16 MiB (32 GiB claimed)', processors: 2048 },
  ];
  it.each(cases)('$name: peak RSS under 150 MB in every output, the claim reported as damage', ({ processors }) => {
    const path = join(dir, `bomb-${processors}.etl`);
    writeFileSync(path, compressedBomb({ processors, filledBytes: 16 * 1024 * 1024 }));
    for (const out of [['-o', 'd.xml'], ['-o', 'd.jsonl', '-of', 'JSONL'], ['-summary', 's.txt']]) {
      const r = reportPeak([path, ...out], dir);
      expect(r.status, r.stderr).toBe(ExitCode.DAMAGED);
      expect(r.stderr).toMatch(new RegExp(`buffers of ${processors} processor stream\\(s\\) claim up to \\d+ bytes each; .* 40 MiB memory limit leaves each as little as \\d+: ${processors} buffer\\(s\\) skipped`));
      expect(r.stderr).not.toMatch(/RangeError|\bat .*\.js:\d+/);
      expect(r.stderr).toMatch(/etwkit report: the input is damaged: 1 region\(s\)/); // the last line, through a pipe
      expect(r.peak).toBeLessThan(LIMIT);
    }
  }, 60_000);

  it('two processors whose 1 MiB buffers fit are read whole: 65,534 records, no warning', () => {
    const path = join(dir, 'fits.etl');
    writeFileSync(path, compressedBomb({ processors: 2, filledBytes: 1024 * 1024 }));
    const r = reportPeak([path, '-summary', 's.txt'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(ExitCode.OK);
    expect(r.peak).toBeLessThan(LIMIT);
  });
});
