// The NT Kernel Logger (EnableFlags instead of EnableTraceEx2) and `update` on running sessions.
import { describe, expect, it } from 'vitest';
import { decodeTraceProperties } from '../../src/etw/control/session/trace-properties.js';
import { fakeMachine, PROVIDERS } from './support/fake-machine.js';
import { runEtwkit } from './support/run-etwkit.js';

const KERNEL = '9e814aad-3204-11d2-9a82-006008a86939';

describe('NT Kernel Logger', () => {
  it('start with (process,thread,img): Wnode.Guid = SystemTraceControlGuid, EnableFlags 0x7, no EnableTraceEx2', async () => {
    const api = fakeMachine();
    const r = await runEtwkit(['start', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process,thread,img)', '-o', 'k.etl', '-ets', '-ct', 'system'], api);
    expect(r.exitCode).toBe(0);
    expect(api.calls.map((c) => c.fn)).toEqual(['StartTraceW']);
    const b = api.callsOf('StartTraceW')[0]!.properties;
    expect(b.subarray(24, 40).toString('hex')).toBe('ad4a819e0432d2119a82006008a86939');
    expect(b.readUInt32LE(72)).toBe(0x7);
    expect(b.readUInt32LE(40)).toBe(2);
  });

  it('a hex flag mask works too', async () => {
    const api = fakeMachine();
    await runEtwkit(['start', 'NT Kernel Logger', '-p', `{${KERNEL}}`, '0x10001', '-ets'], api);
    expect(decodeTraceProperties(api.callsOf('StartTraceW')[0]!.properties).enableFlags).toBe(0x10001);
  });

  it('rejects unknown flag names and other providers', async () => {
    let r = await runEtwkit(['start', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process,bogus)', '-ets'], fakeMachine());
    expect(r.stderr).toContain('"bogus" is not a Windows Kernel Trace keyword');
    r = await runEtwkit(['start', 'NT Kernel Logger', '-p', 'Microsoft-Windows-Kernel-Process', '-ets'], fakeMachine());
    expect(r.stderr).toContain('the NT Kernel Logger can only log "Windows Kernel Trace"');
    r = await runEtwkit(['start', 'mine', '-p', 'Windows Kernel Trace', '(process)', '-ets'], fakeMachine());
    expect(r.stderr).toContain('can only be enabled in the session named "NT Kernel Logger"');
  });

  it('update changes EnableFlags with ControlTraceW UPDATE, keeping the file', async () => {
    const api = fakeMachine();
    await runEtwkit(['start', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process)', '-o', 'k.etl', '-ets'], api);
    api.calls.length = 0;
    const r = await runEtwkit(['update', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process,thread,cswitch)', '-ets'], api);
    expect(r.exitCode).toBe(0);
    const [query, update] = api.callsOf('ControlTraceW');
    expect([query!.controlCode, update!.controlCode]).toEqual([0, 2]);
    const u = decodeTraceProperties(update!.properties);
    expect([u.enableFlags, u.logFileNameOffset, u.guid.toString()]).toEqual([0x13, 0, KERNEL]);
    expect(api.callsOf('EnableTraceEx2')).toEqual([]);
  });
});

describe('update NAME -ets', () => {
  it('-ft, -nb and -o go into one UPDATE; --rt turns real-time off', async () => {
    const api = fakeMachine();
    await runEtwkit(['start', 'S', '-rt', '-o', 'a.etl', '-ets'], api);
    api.calls.length = 0;
    await runEtwkit(['update', 'S', '-ft', '1:30', '-nb', '4', '64', '-o', 'b.etl', '--rt', '-ets'], api);
    const u = decodeTraceProperties(api.callsOf('ControlTraceW')[1]!.properties);
    expect([u.flushTimerSeconds, u.maximumBuffers, u.logFileMode]).toEqual([90, 64, 0x1]);
    expect(u.logFileName.endsWith('b.etl')).toBe(true);
  });

  it('--p disables a provider with EnableTraceEx2(DISABLE) on the session handle', async () => {
    const api = fakeMachine();
    await runEtwkit(['start', 'S', '-p', 'Microsoft-Windows-Kernel-Process', '-ets'], api);
    api.calls.length = 0;
    const r = await runEtwkit(['update', 'S', '--p', 'Microsoft-Windows-Kernel-Process', '-ets'], api);
    expect(r.exitCode).toBe(0);
    expect(api.callsOf('EnableTraceEx2')).toEqual([{
      fn: 'EnableTraceEx2', handle: 0xffffc000_00000021n, provider: PROVIDERS.kernelProcess.toString(), controlCode: 0,
      level: 0, matchAny: 0n, matchAll: 0n, timeout: 0, parameters: null,
    }]);
  });

  it('-fd flushes with ControlTraceW FLUSH and changes nothing else', async () => {
    const api = fakeMachine();
    await runEtwkit(['start', 'S', '-ets'], api);
    api.calls.length = 0;
    await runEtwkit(['update', 'S', '-fd', '-ets'], api);
    expect(api.callsOf('ControlTraceW').map((c) => c.controlCode)).toEqual([0, 3]);
  });

  it('with nothing to change: one usage line, exit 2', async () => {
    const r = await runEtwkit(['update', 'S', '-ets'], fakeMachine());
    expect([r.exitCode, r.stderr]).toEqual([2, 'etwkit update: nothing to update: give -p, --p, -ft, -nb, -o, -rt/--rt or -fd; see \'etwkit update --help\'\n']);
  });
});
