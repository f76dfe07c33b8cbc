/**
 * man/etwkit-report.1 documents every tracerpt option, every exit code the
 * command defines, and the Docker recipe; man/etwkit.1 points to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACERPT_OPTIONS } from '../../src/cli/tracerpt-args.js';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { ROOT } from '../support/run-cli.js';

const page = readFileSync(join(ROOT, 'man', 'etwkit-report.1'), 'utf8');

describe('man/etwkit-report.1', () => {
  it('names every tracerpt option', () => {
    for (const name of Object.keys(TRACERPT_OPTIONS)) {
      const spelled = name === '?' ? '\\-?' : (name === 'docker' || name === 'quiet' || name === 'mof' ? `\\-\\-${name}` : `\\-${name}`);
      expect(page, name).toContain(spelled);
    }
  });

  it('lists every exit code', () => {
    const section = page.slice(page.indexOf('.SH EXIT STATUS'), page.indexOf('.SH EXAMPLES'));
    for (const code of Object.values(ExitCode)) expect(section).toContain(`.B ${code}\n`);
  });

  it('shows the Docker recipe and says the report layout is ours', () => {
    expect(page).toContain('\\-\\-docker \\-of CSV');
    expect(page).toMatch(/report's layout is etwkit's own/);
  });

  it('etwkit(1) refers to it', () => {
    expect(readFileSync(join(ROOT, 'man', 'etwkit.1'), 'utf8')).toContain('.BR etwkit-report (1)');
  });
});
