/**
 * The dispatch of compatible spelling to each command family.
 */
import { describe, expect, it } from 'vitest';
import { translateArgv } from '../../src/cli/translate.js';
import { translateLogmanArgs } from '../../src/cli/logman-args.js';

describe('translateArgv', () => {
  it('routes report to the tracerpt translator and the logman verbs to the logman translator', () => {
    expect(translateArgv(['report', '-y', 'trace.etl'])[0]).toBe('report');
    expect(translateArgv(['report', '-y', 'trace.etl'])).not.toContain('-y');
    expect(translateArgv(['STOP', '-ets', 'S'])).toEqual(translateLogmanArgs('stop', ['-ets', 'S']));
  });

  it('treats a verb-less line with -ets as a query, as logman does', () => {
    expect(translateArgv(['-ets'])).toEqual(translateLogmanArgs('query', ['-ets']));
    expect(translateArgv(['DockerContainerLogs', '/ETS'])).toEqual(translateLogmanArgs('query', ['DockerContainerLogs', '/ETS']));
  });

  it('leaves everything else to oclif', () => {
    expect(translateArgv(['--help'])).toEqual(['--help']);
    expect(translateArgv([])).toEqual([]);
  });
});
