/**
 * `report` expands its input arguments itself, since PowerShell and cmd pass
 * `*.etl` on unexpanded: `*` and `?` in any path part, a directory meaning its
 * .etl files, a file named twice read once with a warning, and a pattern that
 * matches nothing refused in one line.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, InputPatternError } from '../../src/cli/expand-inputs.js';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

function trace(path: string, events: number): void {
  const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
  for (let i = 0; i < events; i++) b.stringEvent({ cpu: 0, raw: 5_000_000_000n + BigInt(i), provider: '0e7a3b2c-1111-4222-8333-944455556666', text: `event ${i}` });
  writeFileSync(path, b.build());
}

/** A folder: a.etl, b.etl, c[1].etl, .hidden.etl, notes.txt, sub/d.etl, sub/e.ETL, empty/. */
function tree(): string {
  const dir = scratchDir();
  for (const f of ['a.etl', 'b.etl', 'c[1].etl', '.hidden.etl', 'notes.txt']) writeFileSync(join(dir, f), 'x');
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'sub', 'd.etl'), 'x');
  writeFileSync(join(dir, 'sub', 'e.ETL'), 'x');
  return dir;
}

describe('expandInputs', () => {
  const dir = tree();
  const at = (...names: string[]) => names.map((n) => join(dir, n));

  it('* and ? match within a name, sorted, dot files left out', () => {
    expect(expandInputs([join(dir, '*.etl')]).paths).toEqual(at('a.etl', 'b.etl', 'c[1].etl'));
    expect(expandInputs([join(dir, '?.etl')]).paths).toEqual(at('a.etl', 'b.etl'));
    expect(expandInputs([join(dir, '.*.etl')]).paths).toEqual(at('.hidden.etl'));
    expect(expandInputs([join(dir, '*')]).paths).toEqual(at('a.etl', 'b.etl', 'c[1].etl', 'notes.txt'));
  });

  it('[ is an ordinary character; wildcards work in folder parts too', () => {
    expect(expandInputs([join(dir, 'c[1]*')]).paths).toEqual(at('c[1].etl'));
    expect(expandInputs([join(dir, 's?b', '*')]).paths).toEqual(at('sub/d.etl', 'sub/e.ETL'));
    expect(expandInputs([join(dir, '*', 'd.etl')]).paths).toEqual(at('sub/d.etl'));
  });

  it.runIf(process.platform !== 'win32')('case counts where file names are case-sensitive', () => {
    expect(expandInputs([join(dir, 'sub', '*.etl')]).paths).toEqual(at('sub/d.etl'));
  });

  it('a directory stands for its .etl files in any case, not its subfolders', () => {
    expect(expandInputs([join(dir, 'sub')]).paths).toEqual(at('sub/d.etl', 'sub/e.ETL'));
    expect(expandInputs([dir]).paths).toEqual(at('.hidden.etl', 'a.etl', 'b.etl', 'c[1].etl'));
  });

  it('plain names pass untouched, even when missing (the reader names them)', () => {
    expect(expandInputs(['missing.etl', join(dir, 'a.etl')])).toEqual({ paths: ['missing.etl', join(dir, 'a.etl')], warnings: [] });
  });

  it('the same file twice, by any spelling, is read once with a warning', () => {
    const other = `${dir}/sub/../a.etl`;
    const r = expandInputs([join(dir, 'a.etl'), join(dir, '*.etl'), other]);
    expect(r.paths).toEqual(at('a.etl', 'b.etl', 'c[1].etl'));
    expect(r.warnings).toEqual([
      `${join(dir, 'a.etl')} is given more than once; it is read once`,
      `${other} is the same file as ${join(dir, 'a.etl')}; it is read once`,
    ]);
  });

  it('a pattern matching nothing, or a directory without .etl files, is an error naming it', () => {
    expect(() => expandInputs([join(dir, 'z*.etl')])).toThrow(new InputPatternError(join(dir, 'z*.etl'), 'no file matches this pattern'));
    expect(() => expandInputs([join(dir, 'empty')])).toThrow(/empty: is a directory without \.etl files/);
    expect(() => expandInputs([join(dir, 'nope', '*.etl')])).toThrow(InputPatternError);
  });
});

describe('report expands its inputs (child process, no shell)', () => {
  it('report *.etl reads every match in name order', () => {
    const dir = scratchDir();
    trace(join(dir, 'one.etl'), 3);
    trace(join(dir, 'two.etl'), 4);
    const r = runCli(['report', '*.etl', '-summary', 'both.txt', '-y'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('File(s):\n     one.etl\n     two.etl\n\n');
    const single = runCli(['report', 'one.etl', 'two.etl', '-summary', 'plain.txt', '-y'], { cwd: dir });
    expect(readFileSync(join(dir, 'both.txt'), 'utf8')).toBe(readFileSync(join(dir, 'plain.txt'), 'utf8'));
    expect(single.status).toBe(0);
  });

  it('a directory argument, and the same file twice: read once, with a warning, exit 0', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'traces'));
    trace(join(dir, 'traces', 'one.etl'), 3);
    const once = runCli(['report', 'traces', '-summary', 'once.txt', '-y'], { cwd: dir });
    expect(once.status, once.stderr).toBe(0);
    expect(once.stdout).toContain(`File(s):\n     ${join('traces', 'one.etl')}\n\n`);
    const twice = runCli(['report', './traces/one.etl', 'traces', '-summary', 'twice.txt', '-y'], { cwd: dir });
    expect(twice.status).toBe(0);
    expect(twice.stderr).toBe(`warning: ${join('traces', 'one.etl')} is the same file as ./traces/one.etl; it is read once\n`);
    runCli(['report', './traces/one.etl', '-summary', 'single.txt', '-y'], { cwd: dir });
    expect(readFileSync(join(dir, 'twice.txt'), 'utf8')).toBe(readFileSync(join(dir, 'single.txt'), 'utf8'));
  });

  it('a pattern that matches nothing: one line, exit 1, nothing written', () => {
    const dir = scratchDir();
    const r = runCli(['report', '*.etl', '-y'], { cwd: dir });
    expect([r.status, r.stdout, r.stderr]).toEqual([ExitCode.INPUT, '', 'etwkit report: *.etl: no file matches this pattern\n']);
  });
});
