/**
 * Schema files are not trusted blindly (issue 11, item 5): `-import` and `--mof`
 * take regular files of a sane size only — a device (/dev/zero), a FIFO or a
 * huge file stop the run (a directory after -import is an input folder) with one line naming the file and the limit, exit 1 —
 * and the parsers are bounded in depth and size, so a manifest nested 200,000
 * deep is one clear line, not a stack overflow.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { MAX_SCHEMA_FILE_BYTES } from '../../src/etw/schema/schema-file-bytes.js';
import { MAX_MOF_TOKENS } from '../../src/etw/schema/mof/mof-lexer.js';
import { MAX_XML_DEPTH, MAX_XML_ELEMENTS } from '../../src/etw/schema/manifest/xml-parser.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-schema-limits-');
const etl = join(dir, 'small.etl');
const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
b.stringEvent({ cpu: 0, raw: 5_000_000_100n, provider: '0e7a3b2c-1111-4222-8333-944455556666', text: 'hello' });
writeFileSync(etl, b.build());

/** A run with one schema option must stop with exactly one line naming `path` and matching `why`, exit 1, nothing written. */
async function refused(option: string, path: string, why: RegExp): Promise<void> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.xml`);
  const r = await reportInProcess([etl, option, path, '-o', out, '-y']);
  expect(r.code, r.stderr).toBe(ExitCode.INPUT);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^etwkit report: /);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(why);
  expect(existsSync(out)).toBe(false);
}

describe('schema inputs must be regular files of a sane size', () => {
  it.skipIf(!existsSync('/dev/zero'))('-import /dev/zero and --mof /dev/zero: refused at once, not read until memory runs out', async () => {
    const start = Date.now();
    await refused('-import', '/dev/zero', /not a regular file/);
    await refused('--mof', '/dev/zero', /not a regular file/);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it.skipIf(process.platform === 'win32')('a FIFO is refused, never opened (opening one blocks for ever)', async () => {
    const fifo = join(dir, 'schema.fifo');
    execFileSync('mkfifo', [fifo]);
    await refused('-import', fifo, /not a regular file \(a FIFO/);
    await refused('--mof', fifo, /not a regular file/);
  });

  it('a file over the limit is refused, the limit stated', async () => {
    const big = join(dir, 'big.man');
    writeFileSync(big, Buffer.alloc(MAX_SCHEMA_FILE_BYTES + 1, 0x20));
    await refused('-import', big, new RegExp(`is ${MAX_SCHEMA_FILE_BYTES + 1} bytes; schema files are read up to 16 MiB`));
  });
});

describe('the parsers are bounded', () => {
  it('a manifest nested 200,000 deep: one line, no stack overflow', async () => {
    const deep = join(dir, 'deep.man');
    writeFileSync(deep, '<a>'.repeat(200_000) + '</a>'.repeat(200_000));
    await refused('-import', deep, new RegExp(`not a usable manifest \\(XML 1:\\d+: elements nested deeper than ${MAX_XML_DEPTH} levels\\)`));
  });

  it('a manifest of too many elements: one line', async () => {
    const wide = join(dir, 'wide.man');
    writeFileSync(wide, '<a>' + '<b/>'.repeat(MAX_XML_ELEMENTS + 1) + '</a>');
    await refused('-import', wide, new RegExp(`more than ${MAX_XML_ELEMENTS} elements`));
  });

  it('a MOF file of too many tokens: one line', async () => {
    const many = join(dir, 'many.mof');
    writeFileSync(many, ';'.repeat(MAX_MOF_TOKENS + 10));
    await refused('--mof', many, new RegExp(`not a usable MOF file \\(MOF line 1: more than ${MAX_MOF_TOKENS} tokens\\)`));
  });
});
