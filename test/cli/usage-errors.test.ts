/**
 * The command line as a user meets it: every usage error of every command is
 * one line naming the problem and pointing to --help, exit 2 (none of oclif's
 * notes about hidden flags, no help dump); the help and version habits work;
 * an unknown command gets the nearest one suggested; the root help lists each
 * command once. Runs the built CLI in a child process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestName } from '../../src/cli/nearest-name.js';
import { ROOT, runCli } from '../support/run-cli.js';

function expectUsageLine(args: string[], command: string, problem: RegExp) {
  const r = runCli(args);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  const prefix = `etwkit ${command}: `.replace('etwkit : ', 'etwkit: ');
  expect(lines[0]!.startsWith(prefix), lines[0]).toBe(true);
  expect(lines[0]!.endsWith(`; see '${prefix.slice(0, -2)} --help'`), lines[0]).toBe(true);
  expect(lines[0]).toMatch(problem);
  expect(r.stderr).not.toMatch(/compat-error|argument-error|USAGE|Note:|›/);
}

describe('usage errors: one line, exit 2, on every command', () => {
  it.each([
    [['start', '-ets'], 'start', /missing NAME/],
    [['start', 'S', '-bs', 'abc', '-ets'], 'start', /--buffer-size: expected an integer but received: abc/],
    [['start', 'S', '--level', '3', '-ets'], 'start', /--provider/],
    [['start', 'S', '-zz', '-ets'], 'start', /-zz: unknown option/],
    [['stop'], 'stop', /missing NAME/],
    [['stop', 'S'], 'stop', /add -ets/],
    [['update', '-ets'], 'update', /missing NAME/],
    [['update', 'S', '--bogus', '-ets'], 'update', /unknown option --bogus/],
    [['query', '--bogus'], 'query', /unknown option --bogus/],
    [['query', 'providers', '--bogus'], 'query providers', /unknown option --bogus/],
    [['query', 'providers', 'a', 'b'], 'query providers', /unexpected argument: b/],
    [['report', '--bogus'], 'report', /unknown option --bogus/],
    [['report', '-bogus', 'x.etl'], 'report', /unknown option -bogus/],
    [['report'], 'report', /no input file/],
    [['report', 'x.etl', '-of'], 'report', /-of needs a value/],
  ])('%j', (args, command, problem) => expectUsageLine(args, command, problem));
});

describe('help and version habits', () => {
  const rootHelp = runCli(['--help']);
  const commandLines = (text: string) => text.split('\n').filter((l) => /^ {2}(query|query providers|report|start|stop|update) {2,}/.test(l));

  it('the root help lists each command once, query providers included', () => {
    expect(rootHelp.status).toBe(0);
    expect(rootHelp.stdout).not.toContain('TOPICS');
    expect(commandLines(rootHelp.stdout).map((l) => l.trim().split(/ {2,}/)[0])).toEqual(['query', 'query providers', 'report', 'start', 'stop', 'update']);
  });

  it.each([[['-h']], [['help']], [[]], [['-?']]])('etwkit %j is the root help', (args) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(rootHelp.stdout);
  });

  it.each([[['report', '-h']], [['help', 'report']], [['report', '-?']], [['report', 'x.etl', '-h']]])('etwkit %j is the report help', (args) => {
    const want = runCli(['report', '--help']);
    expect(want.stdout).toContain('EXAMPLES');
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(want.stdout);
  });

  it('help works for the two-word command and the logman commands', () => {
    expect(runCli(['help', 'query', 'providers']).stdout).toBe(runCli(['query', 'providers', '--help']).stdout);
    expect(runCli(['stop', '-h']).stdout).toBe(runCli(['stop', '--help']).stdout);
    expect(runCli(['stop', '-h']).stdout).toContain('USAGE');
  });

  it.runIf(process.platform !== 'win32')('help read by a reader that stops early (| head -1) still exits 0', () => {
    const script = `"${process.execPath}" "${join(ROOT, 'bin', 'run.js')}" report --help | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).not.toContain('unsettled');
    expect(r.stderr.trim()).toBe('status 0');
  });

  it.each([[['-v']], [['version']], [['--version']]])('etwkit %j prints the version', (args) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^etwkit\/\d+\.\d+\.\d+ \S+ node-v\d+/);
  });
});

describe('unknown commands', () => {
  it('suggests the nearest command in one line, exit 2', () => {
    const r = runCli(['repot', 'x.etl']);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'etwkit: unknown command "repot" (did you mean "report"?); see \'etwkit --help\'\n']);
    expect(runCli(['qurey']).stderr).toContain('(did you mean "query"?)');
  });

  it('a word near nothing gets no suggestion; an unknown top-level option is named', () => {
    expect(runCli(['xyzzy']).stderr).toBe('etwkit: unknown command "xyzzy"; see \'etwkit --help\'\n');
    expect(runCli(['--bogus']).stderr).toBe('etwkit: unknown option --bogus; see \'etwkit --help\'\n');
  });

  it('logman verbs for saved Data Collector Sets say why they are not here', () => {
    const r = runCli(['delete', 'MySet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^etwkit: logman delete removes saved Data Collector Sets.*; see 'etwkit --help'\n$/);
  });

  it('nearestName: close names only', () => {
    const names = ['query', 'report', 'start', 'stop', 'update', 'help', 'version'];
    expect(nearestName('repot', names)).toBe('report');
    expect(nearestName('REPROT', names)).toBe('report');
    expect(nearestName('stpo', names)).toBe('stop');
    expect(nearestName('updat', names)).toBe('update');
    expect(nearestName('x', names)).toBeNull();
    expect(nearestName('xyzzy', names)).toBeNull();
  });
});
