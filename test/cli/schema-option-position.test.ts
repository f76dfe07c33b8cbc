/**
 * Schema options (`-import`, `--import`, `-mof`, `--mof`) before or after the
 * input files: the list of schema files ends at the first input (an `.etl`
 * name or a directory), so the input is never taken for a schema — through the
 * translator and through oclif's parser in the real CLI.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateTracerptArgs } from '../../src/cli/tracerpt-args.js';
import { CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { runCli } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

describe('list options end at the first input', () => {
  it('a .etl name in any case, before or after the option', () => {
    expect(translateTracerptArgs(['-import', 'a.man', 'b.man', 'X.ETL'])).toEqual(['--import', 'a.man', '--import', 'b.man', 'X.ETL']);
    expect(translateTracerptArgs(['x.etl', '-mof', 'k.mof'])).toEqual(['x.etl', '--mof', 'k.mof']);
    expect(translateTracerptArgs(['-import', 'a.man', '*.etl'])).toEqual(['--import', 'a.man', '*.etl']);
  });

  it('the native spellings --import and --mof take lists the same way', () => {
    expect(translateTracerptArgs(['--mof', 'a.mof', 'b.mof', 'x.etl', '-y'])).toEqual(['--mof', 'a.mof', '--mof', 'b.mof', 'x.etl', '--yes']);
    expect(translateTracerptArgs(['--import', 'a.man', 'x.etl'])).toEqual(['--import', 'a.man', 'x.etl']);
  });

  it('an existing directory is an input, not a schema file', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'traces'));
    expect(translateTracerptArgs(['-import', 'a.man', join(dir, 'traces')])).toEqual(['--import', 'a.man', join(dir, 'traces')]);
  });

  it('a schema option followed only by an input has no value', () => {
    expect(translateTracerptArgs(['-import', 'x.etl'])).toEqual(['--argument-error', '-import needs a value', 'x.etl']);
    expect(translateTracerptArgs(['x.etl', '--mof'])).toEqual(['x.etl', '--argument-error', '--mof needs a value']);
  });
});

describe.skipIf(!haveCorpus)('the real CLI decodes with the schema wherever the option stands', () => {
  const cases = [
    { options: ['-import', 'ClrEtwAll.man'], etl: 'perfview-clr-rundown', output: '-summary' },
    { options: ['--import', 'ClrEtwAll.man'], etl: 'perfview-clr-rundown', output: '-summary' },
    // The built-in kernel classes already name this trace's events, so the summary is the same
    // with wmicore.mof; the XML dump shows the MOF's layouts (e.g. PartitionInfoExtensionV2).
    { options: ['-mof', 'wmicore.mof'], etl: 'sonde-relogged-mof-tl', output: '-o' },
    { options: ['--mof', 'wmicore.mof'], etl: 'sonde-relogged-mof-tl', output: '-o' },
  ];
  for (const c of cases) {
    it(`${c.options[0]} before and after the input give the same decoded ${c.output === '-o' ? 'dump' : 'summary'}`, () => {
      const dir = scratchDir();
      const schema = join(CORPUS_SCHEMAS, c.options[1]!);
      const input = etlPath(c.etl);
      const plain = runCli(['report', input, c.output, 'plain.txt', '-y'], { cwd: dir });
      const before = runCli(['report', c.options[0]!, schema, input, c.output, 'before.txt', '-y'], { cwd: dir });
      const after = runCli(['report', input, c.options[0]!, schema, c.output, 'after.txt', '-y'], { cwd: dir });
      expect(plain.status, plain.stderr).toBe(0);
      expect(before.status, before.stderr).toBe(0);
      expect(after.status, after.stderr).toBe(0);
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      expect(read('before.txt')).toBe(read('after.txt'));
      // The schema changes what the trace alone gives (names events, or lays out their fields).
      expect(read('before.txt')).not.toBe(read('plain.txt'));
    });
  }
});
