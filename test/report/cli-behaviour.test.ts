/**
 * The command as a user meets it (real CLI in a child process where it
 * matters): tracerpt's console text, overwrite rules, the documented exit
 * codes, damaged input, lost events, and SIGINT leaving no partial file.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askOverwrite } from '../../src/cli/overwrite-prompt.js';
import { ProgressDisplay } from '../../src/cli/progress-display.js';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const P = '0e7a3b2c-1111-4222-8333-944455556666';

function smallEtl(dir: string, name = 'small.etl', options: ConstructorParameters<typeof EtlBuilder>[0] = {}): string {
  const b = new EtlBuilder({ cpus: 2, bufferSize: 0x400, ...options });
  for (let i = 0; i < 40; i++) b.stringEvent({ cpu: i % 2, raw: 5_000_000_100n + BigInt(i * 10), provider: P, text: `line ${i}` });
  const path = join(dir, name);
  writeFileSync(path, b.build());
  return path;
}

function expectOneLine(stderr: string, ...parts: Array<string | RegExp>) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  for (const p of parts) expect(lines[0]).toMatch(p);
  expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('console text (docs/tracerpt.md §2)', () => {
  it('tracerpt -y FILE: Input block, 100.00%, Output block, success line; dumpfile.xml and summary.txt', () => {
    const dir = scratchDir();
    const etl = smallEtl(dir);
    const r = runCli(['report', '-y', etl], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      '\nInput\n----------------\nFile(s):\n     ' + etl + '\n\n100.00%\n\n'
      + 'Output\n----------------\nDumpFile:           dumpfile.xml\nSummary:            summary.txt\n\n'
      + 'The command completed successfully.\n\n');
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, 'dumpfile.xml'))).toBe(true);
    expect(existsSync(join(dir, 'summary.txt'))).toBe(true);
  });

  it('-report adds a Report line; --quiet prints nothing', () => {
    const dir = scratchDir();
    const etl = smallEtl(dir);
    const r = runCli(['report', etl, '-o', '-report', '-y'], { cwd: dir });
    expect(r.stdout).toContain('DumpFile:           dumpfile.xml\nReport:             workload.xml\n');
    const q = runCli(['report', etl, '-y', '--quiet'], { cwd: dir });
    expect(q.status).toBe(0);
    expect(q.stdout + q.stderr).toBe('');
  });

  it('several files are listed and merged', () => {
    const dir = scratchDir();
    const a = smallEtl(dir, 'a.etl');
    const b = smallEtl(dir, 'b.etl');
    const r = runCli(['report', '-l', a, b, '-summary', '-y'], { cwd: dir });
    expect(r.stdout).toContain(`File(s):\n     ${a}\n     ${b}\n`);
    const summary = readFileSync(join(dir, 'summary.txt'), 'utf8');
    expect(summary).toContain(`Files Processed:\n\t${a}\n\t${b}\n`);
    expect(summary).toContain('Total Events  Processed 82\n');
  });

  it('the progress display: rewritten in place on a TTY, only the final line elsewhere', () => {
    let tty = '';
    let clock = 0;
    const live = new ProgressDisplay({ write: (t) => { tty += t; }, isTTY: true }, () => clock);
    live.update(512 * 1024, 4 * 1024 * 1024, 1000);
    clock = 50;
    live.update(1024 * 1024, 4 * 1024 * 1024, 2000); // too soon: not drawn
    clock = 1000;
    live.update(2 * 1024 * 1024, 4 * 1024 * 1024, 1_000_000);
    live.finish();
    expect(tty.split('\r').filter(Boolean)).toEqual([
      expect.stringMatching(/^12\.50% {2}512 KiB of 4\.0 MiB, [\d,]+ events\/s\x1b\[K$/),
      expect.stringMatching(/^50\.00% {2}2\.0 MiB of 4\.0 MiB, 1,000,000 events\/s\x1b\[K$/),
      '100.00%\x1b[K\n',
    ]);
    let pipe = '';
    const quiet = new ProgressDisplay({ write: (t) => { pipe += t; }, isTTY: false });
    quiet.update(1, 2, 3);
    quiet.finish();
    expect(pipe).toBe('100.00%\n');
  });
});

describe('overwriting', () => {
  it('without -y and without a terminal: one line naming the file, exit 4, nothing written', () => {
    const dir = scratchDir();
    const etl = smallEtl(dir);
    writeFileSync(join(dir, 'summary.txt'), 'keep me');
    const r = runCli(['report', etl], { cwd: dir });
    expect(r.status).toBe(ExitCode.OUTPUT);
    expectOneLine(r.stderr, /summary\.txt exists; use -y to overwrite it/);
    expect(readFileSync(join(dir, 'summary.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'dumpfile.xml'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['small.etl', 'summary.txt']);
  });

  it('-y overwrites', () => {
    const dir = scratchDir();
    const etl = smallEtl(dir);
    writeFileSync(join(dir, 'summary.txt'), 'old');
    expect(runCli(['report', etl, '-y'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, 'summary.txt'), 'utf8')).toMatch(/^Files Processed:/);
  });

  it('on a terminal it asks, and a no writes nothing', async () => {
    const dir = scratchDir();
    const etl = smallEtl(dir);
    const out = join(dir, 'x.csv');
    writeFileSync(out, 'old');
    const ttyIo = (answers: string[]) => ({
      stdinIsTTY: true,
      stdout: { write: (t: string) => { asked += t; return true; }, isTTY: true },
      readAnswer: () => answers.shift() ?? null,
    });
    let asked = '';
    const no = await reportInProcess([etl, '-o', out, '-of', 'CSV'], ttyIo(['maybe', 'n']));
    expect(no.code).toBe(ExitCode.OUTPUT);
    expect(asked.split(`${out} already exists. Overwrite? [y/n] `).length - 1).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('old');
    asked = '';
    const yes = await reportInProcess([etl, '-o', out, '-of', 'CSV'], ttyIo(['y']));
    expect(yes.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^Event Name,Type/);
  });

  it('askOverwrite: end of input is no', () => {
    expect(askOverwrite('f', () => {}, () => null)).toBe(false);
    expect(askOverwrite('f', () => {}, () => ' YES ')).toBe(true);
  });
});

describe('exit codes and one-line errors', () => {
  const dir = scratchDir();
  const etl = smallEtl(dir);

  it.each([
    [['-rt', 'NT Kernel Logger', etl, '-o', 'x.csv', '-of', 'CSV'], /-rt reads running sessions, not files/],
    [[etl, '-of', 'EVTX', '-o', '-'], /-of EVTX cannot go to standard output/],
    [[etl, '-o', 'x.xml', '--prefix', '%4!s! '], /--prefix applies only to -of TXT/],
    [[etl, '-bogus'], /unknown option -bogus/],
    [[etl, '--bogus'], /--bogus/],
    [[etl, '-of'], /-of needs a value/],
  ])('usage: %j → exit 2', (args, message) => {
    const r = runCli(['report', ...args], { cwd: dir });
    expect(r.status).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stdout).toBe('');
  });

  it('a missing input: exit 1, nothing written', () => {
    const sub = scratchDir();
    const r = runCli(['report', join(sub, 'nope.etl'), '-y'], { cwd: sub });
    expect(r.status).toBe(ExitCode.INPUT);
    expectOneLine(r.stderr, /nope\.etl: no such file/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('a missing -import manifest: exit 1 naming it, nothing written', () => {
    const sub = scratchDir();
    const r = runCli(['report', etl, '-import', join(sub, 'missing.man'), '-y'], { cwd: sub });
    expect(r.status).toBe(ExitCode.INPUT);
    expectOneLine(r.stderr, /missing\.man: no such file/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('--help shows the examples, including the Docker recipe', () => {
    const r = runCli(['report', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('report -y trace.etl');
    expect(r.stdout).toContain('--docker -of CSV -o logs.csv');
    expect(runCli(['report', '-?']).stdout).toContain('--docker');
  });
});

describe('damaged input and lost events', () => {
  it('a damaged buffer: every readable event written, a warning naming the offset, exit 3 (0 with -lr)', () => {
    const dir = scratchDir();
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 30; i++) b.stringEvent({ raw: 5_000_000_100n + BigInt(i), provider: P, text: `line ${i}` });
    const full = b.build('sequence');
    const etl = join(dir, 'cut.etl');
    writeFileSync(etl, full.subarray(0, full.length - 0x100));
    const r = runCli(['report', etl, '-of', 'CSV', '-o', 'cut.csv', '-y'], { cwd: dir });
    expect(r.status).toBe(ExitCode.DAMAGED);
    expect(r.stderr).toMatch(/^warning: .*cut\.etl: at offset 0x[0-9a-f]+: /m);
    expect(r.stderr).toMatch(/the input is damaged/);
    expect(r.stdout).not.toContain('The command completed successfully.');
    const rows = readFileSync(join(dir, 'cut.csv'), 'utf8').trim().split('\r\n');
    expect(rows.length).toBeGreaterThan(5);
    const lr = runCli(['report', etl, '-of', 'CSV', '-o', 'cut.csv', '-y', '-lr'], { cwd: dir });
    expect(lr.status).toBe(0);
    expect(lr.stderr).toMatch(/^warning: .*at offset 0x/m);
  });

  it('lost events and buffers from the log-file header: stderr warning and summary lines', () => {
    const dir = scratchDir();
    const etl = smallEtl(dir, 'lossy.etl', { eventsLost: 17, buffersLost: 3 });
    const r = runCli(['report', etl, '-summary', '-y'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`warning: ${etl}: 17 events lost, 3 buffers lost (from the log-file header)`);
    const s = readFileSync(join(dir, 'summary.txt'), 'utf8');
    expect(s).toContain('Total Events  Lost      17\n');
    expect(s).toContain('Total Buffers Lost      3\n');
  });
});

describe.skipIf(!haveCorpus)('SIGINT', () => {
  it('an interrupted run exits 130 and leaves neither the output nor a temporary file', async () => {
    const dir = scratchDir();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'report', etlPath('perfview-net452-x64-compressed'), '-o', 'big.xml', '-y'], { cwd: dir, stdio: 'ignore' });
    // Wait until the temporary file exists (the run is under way), then interrupt.
    for (let i = 0; i < 200 && !readdirSync(dir).some((f) => f.endsWith('.tmp')); i++) await new Promise((res) => setTimeout(res, 10));
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    expect(code).toBe(ExitCode.INTERRUPTED);
    expect(readdirSync(dir)).toEqual([]);
  });
});
