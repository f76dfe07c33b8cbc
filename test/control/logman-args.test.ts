// translateLogmanArgs: logman spelling → native flags (logman.md §1).
import { describe, expect, it } from 'vitest';
import { translateLogmanArgs } from '../../src/cli/logman-args.js';
import { translateArgv } from '../../src/cli/translate.js';

describe('translateLogmanArgs', () => {
  it('turns -p GUID keywords level into --provider/--keywords/--level', () => {
    expect(translateLogmanArgs('start', ['QAgentRt', '-p', '{b0278a28-76f1-4e15-b1df-14b209a12613}', '0xFFFFFFFF', '9', '-o', 'x.etl', '-ets']))
      .toEqual(['start', 'QAgentRt', '--provider', '{b0278a28-76f1-4e15-b1df-14b209a12613}', '--keywords', '0xFFFFFFFF', '--level', '9', '--output', 'x.etl', '--ets']);
  });

  it('accepts options in any order, -ets before the name, and upper case', () => {
    expect(translateLogmanArgs('start', ['-ETS', 'AdvancedProvider', '-P', 'X', '0', '0', '-O', 'a.etl']))
      .toEqual(['start', 'AdvancedProvider', '--ets', '--provider', 'X', '--keywords', '0', '--level', '0', '--output', 'a.etl']);
  });

  it('accepts / as option prefix, but keeps /absolute/paths as values', () => {
    expect(translateLogmanArgs('stop', ['/ets', 'X'])).toEqual(['stop', 'X', '--ets']);
    expect(translateLogmanArgs('start', ['X', '/ets', '-o', '/tmp/x.etl'])).toEqual(['start', 'X', '--ets', '--output', '/tmp/x.etl']);
  });

  it('-nb takes two values, -mode a list, -n the name', () => {
    expect(translateLogmanArgs('start', ['-n', 'S', '-nb', '16', '256', '-mode', 'globalsequence', 'pagedmemory', '-ets']))
      .toEqual(['start', 'S', '--min-buffers', '16', '--max-buffers', '256', '--mode', 'globalsequence', '--mode', 'pagedmemory', '--ets']);
  });

  it('--x negates toggles; --p disables a provider', () => {
    expect(translateLogmanArgs('update', ['S', '--rt', '--p', 'Foo', '-ets'])).toEqual(['update', 'S', '--no-real-time', '--disable-provider', 'Foo', '--ets']);
    expect(translateLogmanArgs('start', ['S', '--v', '--max', '-ets'])).toEqual(['start', 'S', '--max-size', '0', '--ets']);
  });

  it('create trace NAME → start NAME; update trace NAME → update NAME; query /providers → query providers', () => {
    expect(translateLogmanArgs('create', ['trace', 'S', '-ets'])).toEqual(['start', 'S', '--ets']);
    expect(translateLogmanArgs('update', ['trace', 'S', '-fd', '-ets'])).toEqual(['update', 'S', '--flush', '--ets']);
    expect(translateLogmanArgs('query', ['/providers', 'ASP.NET Events'])).toEqual(['query', 'providers', 'ASP.NET Events']);
  });

  it('native long flags pass through with their values', () => {
    expect(translateLogmanArgs('start', ['S', '--ets', '--provider', 'X', '--output', 'o.etl', '--real-time']))
      .toEqual(['start', 'S', '--ets', '--provider', 'X', '--output', 'o.etl', '--real-time']);
  });

  it('reports unsupported and unknown options as --compat-error, skipping their values', () => {
    expect(translateLogmanArgs('start', ['S', '-s', 'server1', '-ets'])).toEqual(['start', 'S', '--ets', '--compat-error', '-s: remote computers (-s) are not supported; run etwkit on that machine']);
    expect(translateLogmanArgs('start', ['S', '-zz', '-ets'])).toEqual(['start', 'S', '--ets', '--compat-error', '-zz: unknown option']);
    expect(translateLogmanArgs('start', ['S', '-nb', '16', '-ets'])).toEqual(['start', 'S', '--ets', '--compat-error', '-nb needs 2 values']);
    expect(translateLogmanArgs('create', ['counter', 'C'])[0]).toBe('start');
    expect(translateLogmanArgs('create', ['counter', 'C'])).toContain('--compat-error');
  });

  it('/? and -? ask for help', () => {
    expect(translateLogmanArgs('start', ['/?'])).toEqual(['start', '--help']);
  });

  it('is reached through translateArgv for any case of the verb', () => {
    expect(translateArgv(['STOP', '-ets', 'X'])).toEqual(['stop', 'X', '--ets']);
  });
});
