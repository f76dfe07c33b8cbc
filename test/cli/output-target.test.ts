/**
 * Output paths that cannot become files: a directory (with or without -y, as
 * dump, summary or report) or a path in a folder that does not exist. One line
 * naming the path, exit 4, no `-y` advice (it would not help), and nothing left
 * behind: no temporary file, no other output of the same run.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

function traceIn(dir: string): string {
  const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
  for (let i = 0; i < 5; i++) b.stringEvent({ cpu: 0, raw: 5_000_000_000n + BigInt(i), provider: '0e7a3b2c-1111-4222-8333-944455556666', text: `line ${i}` });
  const path = join(dir, 'in.etl');
  writeFileSync(path, b.build());
  return path;
}

describe('an output path that is a directory', () => {
  const lines = [
    ['-o', 'outdir', '-y'],
    ['-o', 'outdir'],
    ['-summary', 'outdir', '-y'],
    ['-report', 'outdir'],
    ['-o', 'dump.xml', '-summary', 'outdir', '-y'],
    ['-o', '-', '-report', 'outdir', '-y'],
  ];
  for (const options of lines) {
    it(`report in.etl ${options.join(' ')}: one line, exit 4, nothing left behind`, () => {
      const dir = scratchDir();
      const etl = traceIn(dir);
      mkdirSync(join(dir, 'outdir'));
      const r = runCli(['report', etl, ...options], { cwd: dir });
      expect(r.status, r.stderr).toBe(ExitCode.OUTPUT);
      const err = r.stderr.trim().split('\n');
      expect(err, r.stderr).toHaveLength(1);
      expect(err[0]).toBe('etwkit report: outdir: cannot write (it is a directory; name a file)');
      expect(readdirSync(dir).sort()).toEqual(['in.etl', 'outdir']);
      expect(readdirSync(join(dir, 'outdir'))).toEqual([]);
      expect(r.stdout).toBe('');
    });
  }
});

describe('an output path that ends with a separator', () => {
  it('is refused as a file name, exit 4, nothing left behind', () => {
    const dir = scratchDir();
    const etl = traceIn(dir);
    const r = runCli(['report', etl, '-o', 'newdir/', '-y'], { cwd: dir });
    expect(r.status).toBe(ExitCode.OUTPUT);
    expect(r.stderr).toBe('etwkit report: newdir/: cannot write (it ends with a path separator; name a file)\n');
    expect(readdirSync(dir)).toEqual(['in.etl']);
  });
});

describe('an output in a folder that does not exist', () => {
  it('names the path and the reason, exit 4', () => {
    const dir = scratchDir();
    const etl = traceIn(dir);
    const r = runCli(['report', etl, '-o', 'missing/dump.xml', '-y'], { cwd: dir });
    expect(r.status).toBe(ExitCode.OUTPUT);
    expect(r.stderr).toBe('etwkit report: missing/dump.xml: cannot write (its folder does not exist, ENOENT)\n');
    expect(readdirSync(dir)).toEqual(['in.etl']);
  });
});
