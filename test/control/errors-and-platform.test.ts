// Win32 errors → logman's messages and exit codes; usage errors and non-Windows → one line, non-zero exit.
import { describe, expect, it } from 'vitest';
import { ELEVATION_HINT, hresultFromWin32, reportWin32Error } from '../../src/etw/control/text/error-report.js';
import { EtwPlatformError, loadEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { Win32Error } from '../../src/etw/control/api/win32-error.js';
import { fakeMachine } from './support/fake-machine.js';
import { runEtwkit } from './support/run-etwkit.js';

const DOCKER = ['start', '-ets', 'DockerContainerLogs', '-p', '{a3693192-9ed6-46d2-a981-f8226c8363bd}', '0x0', '-o', 'trace.etl'];
const noText = () => null;

describe('reportWin32Error', () => {
  it.each([
    [183, ['Data Collector Set already exists.'], 0x803000b7 | 0],
    [4201, ['Data Collector Set was not found.'], 0x80300002 | 0],
    [5, ['Access is denied.', ELEVATION_HINT], 0x80070005 | 0],
    [161, ['The specified path is invalid.'], 0x800700a1 | 0],
    [112, ['Not enough free disk space to start Data Collector Set.'], 0x80300070 | 0],
  ])('Win32 %i → logman text and HRESULT exit code', (code, lines, exit) => {
    expect(reportWin32Error(new Win32Error(code, 'StartTraceW'), noText)).toEqual({ code, messageLines: lines, exitCode: exit });
  });

  it('anything else: FormatMessageW text plus the code', () => {
    const r = reportWin32Error(new Win32Error(87, 'StartTraceW'), (c) => (c === 87 ? 'The parameter is incorrect.' : null));
    expect(r).toEqual({ code: 87, messageLines: ['The parameter is incorrect. (StartTraceW: error 87, 0x80070057)'], exitCode: -2147024809 });
  });

  it('no system text: the code alone', () => {
    expect(reportWin32Error(new Win32Error(7007, 'ControlTraceW(STOP)'), noText).messageLines).toEqual(['ControlTraceW(STOP) failed: error 7007 (0x80071B5F)']);
  });

  it('HRESULT_FROM_WIN32 is signed like $LASTEXITCODE', () => {
    expect(hresultFromWin32(5)).toBe(-2147024891);
    expect(hresultFromWin32(0)).toBe(0);
  });
});

describe('errors through the commands', () => {
  it('access denied: logman block with the elevation hint on stdout, E_ACCESSDENIED exit', async () => {
    const api = fakeMachine().failNext('StartTraceW', 5);
    const r = await runEtwkit(DOCKER, api);
    expect(r.stdout).toBe(`\nError:\nAccess is denied.\n${ELEVATION_HINT}\n`);
    expect(r.exitCode).toBe(-2147024891);
    expect(api.callsOf('EnableTraceEx2')).toEqual([]);
  });

  it('bad path and disk full', async () => {
    let r = await runEtwkit(DOCKER, fakeMachine().failNext('StartTraceW', 161));
    expect([r.stdout, r.exitCode]).toEqual(['\nError:\nThe specified path is invalid.\n', 0x800700a1 | 0]);
    r = await runEtwkit(DOCKER, fakeMachine().failNext('StartTraceW', 112));
    expect([r.stdout, r.exitCode]).toEqual(['\nError:\nNot enough free disk space to start Data Collector Set.\n', 0x80300070 | 0]);
  });

  it('an unmapped error shows FormatMessageW\'s text and the code, and asks Windows for it', async () => {
    const api = fakeMachine().failNext('StartTraceW', 1450);
    const r = await runEtwkit(DOCKER, api);
    expect(r.stdout).toBe('\nError:\nInsufficient system resources exist to complete the requested service. (StartTraceW: error 1450, 0x800705AA)\n');
    expect(api.callsOf('FormatMessageW')).toEqual([{ fn: 'FormatMessageW', code: 1450 }]);
  });

  it('EnableTraceEx2 failing after StartTraceW stops the new session again', async () => {
    const api = fakeMachine().failNext('EnableTraceEx2', 87);
    const r = await runEtwkit(DOCKER, api);
    expect(r.exitCode).toBe(-2147024809);
    expect(api.calls.map((c) => c.fn)).toEqual(['StartTraceW', 'EnableTraceEx2', 'ControlTraceW', 'FormatMessageW']);
    expect(api.callsOf('ControlTraceW')[0]).toMatchObject({ name: 'DockerContainerLogs', controlCode: 1 });
    expect(api.sessions.size).toBe(0);
  });

  it('stop answering ERROR_MORE_DATA still counts as stopped', async () => {
    const api = fakeMachine();
    await runEtwkit(DOCKER, api);
    const r = await runEtwkit(['stop', 'DockerContainerLogs', '-ets'], api.failNext('ControlTraceW', 234));
    expect(r.exitCode).toBe(0);
  });

  it.each([
    [['start', 'S', '-p', 'No-Such-Provider', '-ets'], 'etwkit start: -p: no provider named "No-Such-Provider" is registered (see: etwkit query providers)'],
    [['start', 'S', '-p', 'Microsoft-Windows-Kernel-Process', '(NOPE)', '-ets'], 'etwkit start: -p: provider Microsoft-Windows-Kernel-Process has no keyword "NOPE"'],
  ])('a name this machine does not have %j → one line on stderr, exit 1, no Windows call', async (argv, line) => {
    const api = fakeMachine();
    const r = await runEtwkit(argv, api);
    expect([r.stderr, r.stdout, r.exitCode]).toEqual([`${line}\n`, '', 1]);
    expect(api.calls.filter((c) => c.fn === 'StartTraceW' || c.fn === 'ControlTraceW')).toEqual([]);
  });

  // Usage errors exit 2 and point to --help, as on every command (issue: one line, exit 2).
  it.each([
    [['start', 'S', '-f', 'bincirc', '-ets'], "etwkit start: a circular log (-f bincirc / -mode circular) needs -max <MB>; see 'etwkit start --help'"],
    [['start', 'S', '-mode', 'bogus', '-ets'], "etwkit start: -mode: unknown trace mode \"bogus\" (known: sequential, circular, newfile, append, globalsequence, localsequence, pagedmemory, realtime); see 'etwkit start --help'"],
    [['start', 'S', '-ft', '1:x', '-ets'], "etwkit start: -ft: \"1:x\" is not a time of the form [[hh:]mm:]ss; see 'etwkit start --help'"],
    [['start', 'S', '-s', 'remote', '-ets'], "etwkit start: -s: remote computers (-s) are not supported; run etwkit on that machine; see 'etwkit start --help'"],
    [['stop', 'S'], "etwkit stop: without -ets logman manages saved Data Collector Sets through the Performance Logs and Alerts service, which etwkit does not drive; add -ets to act on the live session; see 'etwkit stop --help'"],
  ])('usage problem %j → one line on stderr, exit 2, no Windows call', async (argv, line) => {
    const api = fakeMachine();
    const r = await runEtwkit(argv, api);
    expect([r.stderr, r.stdout, r.exitCode]).toEqual([`${line}\n`, '', 2]);
    expect(api.calls.filter((c) => c.fn === 'StartTraceW' || c.fn === 'ControlTraceW')).toEqual([]);
  });
});

describe('not on Windows', () => {
  it('the loader refuses without touching a DLL', async () => {
    await expect(loadEtwApi('linux')).rejects.toBeInstanceOf(EtwPlatformError);
  });

  it.runIf(process.platform !== 'win32').each([
    [DOCKER, 'start'],
    [['stop', '-ets', 'DockerContainerLogs'], 'stop'],
    [['query', '-ets'], 'query'],
    [['query', 'providers'], 'query providers'],
    [['update', 'X', '-fd', '-ets'], 'update'],
  ])('%j prints one line naming Windows and `report`, exit 1', async (argv, verb) => {
    const r = await runEtwkit(argv, null);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`etwkit ${verb}: controlling ETW sessions needs Windows (this is ${process.platform}); 'etwkit report' reads .etl files here\n`);
  });
});
