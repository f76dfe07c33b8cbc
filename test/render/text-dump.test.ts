/**
 * The text view (`-of TXT`): tracefmt's default prefix, a prefix from --prefix
 * or TRACE_FORMAT_PREFIX, TMF folders from TRACE_FORMAT_SEARCH_PATH, tracefmt's
 * Unknown line for a WPP message without a TMF, non-WPP events after the same
 * prefix, and the command-line rules around them (a missing -tp folder, a
 * malformed TMF, the summary's count of messages that could not be read).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { reportInProcess } from './report-run.js';

const G = '5eed5eed-0000-4000-8000-000000000001';
const MISSING = '5eed5eed-0000-4000-8000-0000000000ff';
const STRINGS = 'abcdef01-0000-4000-8000-000000000002';
const dir = mkdtempSync(join(tmpdir(), 'etwkit-text-'));
const T0 = 5_000_000_000n;

const i32 = (v: number) => { const b = Buffer.alloc(4); b.writeInt32LE(v); return b; };

const tmfDir = join(dir, 'tmf');
const etl = join(dir, 'trace.etl');
{
  mkdirSync(tmfDir);
  writeFileSync(join(tmfDir, `${G}.tmf`), `${G} mycomp // SRC=a.c\n#typev a_c42 10 "%0count=%10!d! %!FUNC!" //   LEVEL=TRACE_LEVEL_WARNING FLAGS=IO FUNC=Work\n{\nn, ItemLong -- 10\n}\n`
    + '#typev a_c50 11 "%0bad %10!s!" //   LEVEL=L FUNC=F\n{\nx, ItemFromTheFuture -- 10\n}\n');
  const b = new EtlBuilder({ cpus: 1 });
  b.wpp({ raw: T0 + 100n, messageGuid: G, messageNumber: 10, pid: 0x1a2b, tid: 0x3c, args: i32(7) })
    .stringEvent({ raw: T0 + 200n, provider: STRINGS, text: 'plain text event' })
    .wpp({ raw: T0 + 300n, messageGuid: MISSING, messageNumber: 7, args: i32(1) })
    .wpp({ raw: T0 + 400n, messageGuid: G, messageNumber: 11, args: Buffer.from([1, 2, 3]) });
  writeFileSync(etl, b.build());
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

describe('-of TXT', () => {
  it('tracefmt\'s default prefix, the message; the Unknown line alone; other events after the same prefix', async () => {
    const out = join(dir, 'a.txt');
    const r = await reportInProcess([etl, '-tp', tmfDir, '-of', 'TXT', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const l = lines(out);
    const wpp = l.filter((x) => x.includes('mycomp') || x.startsWith('Unknown'));
    expect(wpp[0]).toMatch(/^\[0\]1A2B\.003C::\d\d\/\d\d\/\d{4}-\d\d:\d\d:\d\d\.\d{3} \[mycomp\]count=7 Work$/);
    expect(wpp[1]).toBe(`Unknown(  7): GUID=${MISSING} (No Format Information found).`);
    expect(wpp[2]).toMatch(/\[mycomp\]bad 010203$/);
    expect(l.find((x) => x.endsWith('plain text event'))).toMatch(new RegExp(`^\\[0\\][0-9A-F]{4}\\.[0-9A-F]{4}::.* \\[\\{${STRINGS}\\}\\]plain text event$`));
  });

  it('without any TMF source every WPP message is the Unknown line', async () => {
    const out = join(dir, 'none.txt');
    const r = await reportInProcess([etl, '-of', 'TXT', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out).filter((x) => x.startsWith('Unknown('))).toEqual([
      `Unknown( 10): GUID=${G} (No Format Information found).`, `Unknown(  7): GUID=${MISSING} (No Format Information found).`,
      `Unknown( 11): GUID=${G} (No Format Information found).`,
    ]);
  });

  it('--format text is the same view; --prefix replaces the prefix (named fields and reserved numbers)', async () => {
    const out = join(dir, 'b.txt');
    const r = await reportInProcess([etl, '-tp', tmfDir, '--format', 'text', '--prefix', '%2!s!|%!FUNC!|%!LEVEL!|%!FLAGS!|%!COMPNAME!|%8!d!|%7!d!: ', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out)).toContain('a_c42|Work|TRACE_LEVEL_WARNING|IO|mycomp|6699|0: count=7 Work');
  });

  it('--prefix applies only to -of TXT', async () => {
    const r = await reportInProcess([etl, '--prefix', 'x', '-o', join(dir, 'c.xml'), '-y']);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('--prefix applies only to -of TXT');
  });

  it('TRACE_FORMAT_PREFIX and TRACE_FORMAT_SEARCH_PATH (the real CLI, environment variables)', () => {
    const out = join(dir, 'd.txt');
    const r = runCli(['report', etl, '-of', 'TXT', '-o', out, '-y', '--quiet'], { env: { TRACE_FORMAT_PREFIX: '<%1!s!> ', TRACE_FORMAT_SEARCH_PATH: `${join(dir, 'nowhere')};${tmfDir}` } });
    expect(r.status, r.stderr).toBe(0);
    expect(lines(out)).toContain('<mycomp> count=7 Work');
    expect(r.stderr).toMatch(/^warning: TRACE_FORMAT_SEARCH_PATH: .*nowhere: no such file or folder; skipped\n$/);
  });

  it('a -tp folder that does not exist stops the run with one line (exit 1, nothing written)', async () => {
    const r = await reportInProcess([etl, '-tp', join(dir, 'missing-folder'), '-o', join(dir, 'e.xml'), '-y']);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.stderr.trim().split('\n')).toEqual([`etwkit report: ${join(dir, 'missing-folder')}: no such file or folder`]);
  });

  it('a malformed TMF: one warning naming file and line, exit 0, the other TMFs still format', async () => {
    const folder = join(dir, 'mixed');
    mkdirSync(folder);
    writeFileSync(join(folder, `${G}.tmf`), readFileSync(join(tmfDir, `${G}.tmf`)));
    writeFileSync(join(folder, `${MISSING}.tmf`), `${MISSING} broken\n#typev b_c1 7 "%0x" // FUNC=f\n{\nno type here\n}\n`);
    const out = join(dir, 'f.txt');
    const r = await reportInProcess([etl, '-tp', folder, '-of', 'TXT', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`warning: ${join(folder, `${MISSING}.tmf`)}:4: not an argument line (name, ItemType -- N): no type here (its messages stay unformatted)\n`);
    const l = lines(out);
    expect(l.some((x) => x.endsWith('[mycomp]count=7 Work'))).toBe(true);
    expect(l).toContain(`Unknown(  7): GUID=${MISSING} (No Format Information found).`);
  });

  it('the summary counts a message whose arguments cannot be read as a payload mismatch', async () => {
    const out = join(dir, 's.txt');
    const r = await reportInProcess([etl, '-tp', tmfDir, '-summary', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/Payload Mismatches\s+1\r?\n/);
  });
});
