/**
 * Warnings (yellow) and errors (red) on standard error, coloured by chalk only
 * where colour is wanted: FORCE_COLOR turns it on through a pipe, NO_COLOR turns
 * it off (FORCE_COLOR wins when both are set), and redirected output is plain.
 * tracerpt's console text on standard error (with -o -) is never coloured.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stderrColourLevel } from '../../src/cli/problem-colours.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { scratchDir } from '../render/report-run.js';

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[39m';
const forced = { FORCE_COLOR: '1', NO_COLOR: undefined };

function traceIn(dir: string): string {
  const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
  b.stringEvent({ cpu: 0, raw: 5_000_000_000n, provider: '0e7a3b2c-1111-4222-8333-944455556666', text: 'hello' });
  writeFileSync(join(dir, 'in.etl'), b.build());
  return 'in.etl';
}

describe('stderrColourLevel', () => {
  it('NO_COLOR (non-empty) turns colour off; FORCE_COLOR wins; otherwise chalk decides', () => {
    expect(stderrColourLevel({}, 2)).toBe(2);
    expect(stderrColourLevel({}, 0)).toBe(0);
    expect(stderrColourLevel({ NO_COLOR: '1' }, 2)).toBe(0);
    expect(stderrColourLevel({ NO_COLOR: '' }, 2)).toBe(2);
    expect(stderrColourLevel({ NO_COLOR: '1', FORCE_COLOR: '1' }, 1)).toBe(1);
  });
});

describe('coloured problems in the real CLI', () => {
  it('with FORCE_COLOR an error line is red, on every command', () => {
    expect(runCli(['report', 'nope.etl'], { env: forced }).stderr).toBe(`${RED}etwkit report: nope.etl: no such file${RESET}\n`);
    expect(runCli(['repot'], { env: forced }).stderr).toBe(`${RED}etwkit: unknown command "repot" (did you mean "report"?); see 'etwkit --help'${RESET}\n`);
    expect(runCli(['start', '-ets'], { env: forced }).stderr).toMatch(new RegExp(`^\\u001b\\[31metwkit start: missing NAME.*\\u001b\\[39m\\n$`));
    expect(runCli(['stop', 'S'], { env: forced }).stderr).toMatch(/^\u001b\[31metwkit stop: .*add -ets.*\u001b\[39m\n$/);
  });

  it('a warning line is yellow; tracerpt\'s console text on standard error stays plain', () => {
    const dir = scratchDir();
    const etl = traceIn(dir);
    const r = runCli(['report', etl, etl, '-of', 'JSONL', '-o', '-'], { cwd: dir, env: forced });
    expect(r.status).toBe(0);
    expect(r.stderr.startsWith(`${YELLOW}warning: in.etl is given more than once; it is read once${RESET}\n\nInput\n`)).toBe(true);
    expect(r.stderr.split(YELLOW)).toHaveLength(2);
    expect(r.stdout).not.toContain('\u001b');
  });

  it('NO_COLOR, or a pipe without FORCE_COLOR, gives plain text', () => {
    expect(runCli(['report', 'nope.etl'], { env: { NO_COLOR: '1' } }).stderr).toBe('etwkit report: nope.etl: no such file\n');
    expect(runCli(['report', 'nope.etl'], { env: { NO_COLOR: undefined } }).stderr).toBe('etwkit report: nope.etl: no such file\n');
  });
});
