// Every example of logman's usage text and every real invocation quoted in logman.md §1.1,
// run through etwkit (argv translation + oclif + control layer) against the recording fake.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTraceProperties } from '../../src/etw/control/session/trace-properties.js';
import { fakeMachine, PROVIDERS } from './support/fake-machine.js';
import { runEtwkit } from './support/run-etwkit.js';

const KERNEL_GUID = '9e814aad-3204-11d2-9a82-006008a86939';
const ALL = 0xffffffffffffffffn;
const SUCCESS = '\nThe command completed successfully.\n';
const resolved = (p: string) => path.win32.resolve(process.cwd(), p);

async function ok(argv: string[], api = fakeMachine()) {
  const r = await runEtwkit(argv, api);
  expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stderr: '', exitCode: 0 });
  return { api, r };
}

function started(api: ReturnType<typeof fakeMachine>) {
  const call = api.callsOf('StartTraceW')[0]!;
  return { name: call.name, props: decodeTraceProperties(call.properties) };
}

describe('usage text examples (Logman.exe 10.0.19041)', () => {
  it('logman create trace trace_log -nb 16 256 -bs 64 -o c:\\logfile  (no -ets: saved sets are not managed)', async () => {
    const api = fakeMachine();
    const r = await runEtwkit(['create', 'trace', 'trace_log', '-nb', '16', '256', '-bs', '64', '-o', 'c:\\logfile'], api);
    expect(r.argv).toEqual(['start', 'trace_log', '--min-buffers', '16', '--max-buffers', '256', '--buffer-size', '64', '--output', 'c:\\logfile']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('without -ets');
    expect(api.calls).toEqual([]);
  });

  it('… and with -ets it starts: buffers 16/256, 64 KB, the file c:\\logfile', async () => {
    const { api } = await ok(['create', 'trace', 'trace_log', '-nb', '16', '256', '-bs', '64', '-o', 'c:\\logfile', '-ets']);
    const { props } = started(api);
    expect([props.minimumBuffers, props.maximumBuffers, props.bufferSizeKb, props.logFileName]).toEqual([16, 256, 64, 'c:\\logfile']);
  });

  it('logman query providers', async () => {
    const { r, api } = await ok(['query', 'providers']);
    expect(r.stdout).toContain('\nMicrosoft-Windows-Kernel-Process         {22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}\n');
    expect(api.calls.map((c) => c.fn)).toEqual(['TdhEnumerateProviders', 'TdhEnumerateProviders']);
  });

  it('logman query providers Microsoft-Windows-Diagnostics-Networking', async () => {
    const { r } = await ok(['query', 'providers', 'Microsoft-Windows-Diagnostics-Networking']);
    expect(r.stdout).toContain('0x0000000000000001  NetDiag\n');
  });

  it('logman start process_trace -p Microsoft-Windows-Kernel-Process 0x10 win:Informational -ets', async () => {
    const { api } = await ok(['start', 'process_trace', '-p', 'Microsoft-Windows-Kernel-Process', '0x10', 'win:Informational', '-ets']);
    expect(started(api).props.logFileName).toBe(resolved('process_trace.etl'));
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ provider: PROVIDERS.kernelProcess.toString(), level: 4, matchAny: 0x10n, matchAll: 0n });
  });

  it('logman start usermode_trace -p "Service Control Manager Trace" -ul -ets', async () => {
    const { api } = await ok(['start', 'usermode_trace', '-p', 'Service Control Manager Trace', '-ul', '-ets']);
    const { props } = started(api);
    expect(props.logFileMode).toBe(0x800 | 0x1); // PRIVATE_LOGGER_MODE + sequential file
    expect(props.guid.equals(PROVIDERS.scm)).toBe(true);
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ provider: PROVIDERS.scm.toString(), level: 255, matchAny: ALL });
  });

  it('logman query usermode_trace -p "Service Control Manager Trace" -ul -ets', async () => {
    const api = fakeMachine();
    await ok(['start', 'usermode_trace', '-p', 'Service Control Manager Trace', '-ul', '-ets'], api);
    const r = await runEtwkit(['query', 'usermode_trace', '-p', 'Service Control Manager Trace', '-ul', '-ets'], api);
    expect(r.argv).toEqual(['query', 'usermode_trace', '--ets']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Name:                 Service Control Manager Trace\n');
  });

  it('logman stop usermode_trace -p "Service Control Manager Trace" -ul -ets', async () => {
    const api = fakeMachine();
    await ok(['start', 'usermode_trace', '-p', 'Service Control Manager Trace', '-ul', '-ets'], api);
    api.calls.length = 0;
    await ok(['stop', 'usermode_trace', '-p', 'Service Control Manager Trace', '-ul', '-ets'], api);
    const stop = api.callsOf('ControlTraceW')[0]!;
    const props = decodeTraceProperties(stop.properties);
    expect([stop.controlCode, stop.name, props.logFileMode]).toEqual([1, 'usermode_trace', 0x800]);
    expect(props.guid.equals(PROVIDERS.scm)).toBe(true);
  });

  it('logman start process_trace -p Microsoft-Windows-Kernel-Process -mode newfile -max 1 -o output%d.etl -ets', async () => {
    const { api } = await ok(['start', 'process_trace', '-p', 'Microsoft-Windows-Kernel-Process', '-mode', 'newfile', '-max', '1', '-o', 'output%d.etl', '-ets']);
    const { props } = started(api);
    expect([props.logFileMode, props.maximumFileSizeMb, props.logFileName]).toEqual([0x8, 1, resolved('output%d.etl')]);
  });

  it('logman start "NT Kernel Logger" -o log.etl -ets  (default kernel flags)', async () => {
    const { api } = await ok(['start', 'NT Kernel Logger', '-o', 'log.etl', '-ets']);
    const { name, props } = started(api);
    expect(name).toBe('NT Kernel Logger');
    expect(props.guid.toString()).toBe(KERNEL_GUID);
    expect(props.enableFlags).toBe(0x1 | 0x2 | 0x100 | 0x10000);
    expect(api.callsOf('EnableTraceEx2')).toEqual([]);
  });

  it('logman start "NT Kernel Logger" -p "Windows Kernel Trace" (process,thread) -ets', async () => {
    const { api } = await ok(['start', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process,thread)', '-ets']);
    const { props } = started(api);
    expect(props.enableFlags).toBe(0x3);
    expect(props.guid.toString()).toBe(KERNEL_GUID);
    expect(props.logFileName).toBe(resolved('NT Kernel Logger.etl'));
    expect(api.calls.map((c) => c.fn)).toEqual(['StartTraceW']);
  });
});

describe('real invocations quoted in logman.md', () => {
  it('MsDrdaService -p {GUID} -o c:\\temp\\MsDrdaServiceETW.etl -ets: all keywords, level 255', async () => {
    const { api } = await ok(['start', 'MsDrdaService', '-p', '{3B4388CE-50E0-404C-A62B-E9C87D4F3BC4}', '-o', 'c:\\temp\\MsDrdaServiceETW.etl', '-ets']);
    expect(started(api).props.logFileName).toBe('c:\\temp\\MsDrdaServiceETW.etl');
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ provider: '3b4388ce-50e0-404c-a62b-e9c87d4f3bc4', level: 255, matchAny: ALL });
  });

  it('mysession -p {9744AD71-…} -o c:\\temp\\test.etl -ets', async () => {
    const { api } = await ok(['start', 'mysession', '-p', '{9744AD71-6D44-4462-8694-46BD49FC7C0C}', '-o', 'c:\\temp\\test.etl', '-ets']);
    expect(api.callsOf('EnableTraceEx2')[0]!.provider).toBe('9744ad71-6d44-4462-8694-46bd49fc7c0c');
  });

  it('QAgentRt … 0xFFFFFFFF 9 -o %systemroot%\\tracing\\nap\\QAgentRt.etl -ets (env var expanded when set)', async () => {
    const saved = process.env.SystemRoot;
    process.env.SystemRoot = 'C:\\Windows';
    try {
      const { api } = await ok(['start', 'QAgentRt', '-p', '{b0278a28-76f1-4e15-b1df-14b209a12613}', '0xFFFFFFFF', '9', '-o', '%systemroot%\\tracing\\nap\\QAgentRt.etl', '-ets']);
      expect(started(api).props.logFileName).toBe('C:\\Windows\\tracing\\nap\\QAgentRt.etl');
      expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ level: 9, matchAny: 0xffffffffn });
    } finally {
      if (saved === undefined) delete process.env.SystemRoot;
      else process.env.SystemRoot = saved;
    }
  });

  it('Mysession -p "…RdpCoreTS" -ets -rt: real-time only, no file', async () => {
    const { api } = await ok(['start', 'Mysession', '-p', 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', '-ets', '-rt']);
    const { props } = started(api);
    expect([props.logFileMode, props.logFileNameOffset]).toEqual([0x100, 0]);
  });

  it('update MySession -p "…NDIS-PacketCapture" -ets -rt: query, UPDATE with real-time on, enable on the session handle', async () => {
    const api = fakeMachine();
    await ok(['start', 'MySession', '-o', 'm.etl', '-ets'], api);
    api.calls.length = 0;
    await ok(['update', 'MySession', '-p', 'Microsoft-Windows-NDIS-PacketCapture', '-ets', '-rt'], api);
    expect(api.calls.map((c) => c.fn)).toEqual(['TdhEnumerateProviders', 'TdhEnumerateProviders', 'ControlTraceW', 'ControlTraceW', 'EnableTraceEx2']);
    const [query, update] = api.callsOf('ControlTraceW');
    expect([query!.controlCode, update!.controlCode]).toEqual([0, 2]);
    const u = decodeTraceProperties(update!.properties);
    expect([u.logFileMode, u.logFileNameOffset, u.flushTimerSeconds, u.maximumBuffers]).toEqual([0x101, 0, 0, 0]);
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ handle: 0xffffc000_00000021n, provider: PROVIDERS.ndisCapture.toString(), controlCode: 1 });
  });

  it('create trace "SpySession" -pf "providers.txt" -o "C:\\temp\\spy_events.etl" -ets: one enable per listed GUID', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etwkit-pf-'));
    const file = path.join(dir, 'providers.txt');
    fs.writeFileSync(file, '{1AACEA33-2593-5BEE-5746-BCEDB745CD07}\r\n{6A03660A-10F6-51E1-DAB5-343DA7A7680F} 0x1ffe 5  IIS: WWW Server\r\n\r\n');
    const { api } = await ok(['create', 'trace', 'SpySession', '-pf', file, '-o', 'C:\\temp\\spy_events.etl', '-ets']);
    expect(api.callsOf('EnableTraceEx2').map((c) => [c.provider, c.matchAny, c.level])).toEqual([
      ['1aacea33-2593-5bee-5746-bcedb745cd07', ALL, 255],
      ['6a03660a-10f6-51e1-dab5-343da7a7680f', 0x1ffen, 5],
    ]);
  });

  it('start -ets AdvancedProvider -p "…AdvancedProvider" 0 0 -o AdvancedProvider.etl', async () => {
    const { api } = await ok(['start', '-ets', 'AdvancedProvider', '-p', 'Microsoft-Windows-SDKSample-AdvancedProvider', '0', '0', '-o', 'AdvancedProvider.etl']);
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ provider: PROVIDERS.sdkSample.toString(), level: 0, matchAny: 0n });
  });

  it('"NT Kernel Logger" -p {9e814aad-…} (process,fileio,thread) -o x.etl -ets -bs 1024 -nb 200 512', async () => {
    const { api } = await ok(['start', 'NT Kernel Logger', '-p', `{${KERNEL_GUID}}`, '(process,fileio,thread)', '-o', 'x.etl', '-ets', '-bs', '1024', '-nb', '200', '512']);
    const { props } = started(api);
    expect([props.enableFlags, props.bufferSizeKb, props.minimumBuffers, props.maximumBuffers]).toEqual([0x4000003, 1024, 200, 512]);
  });
});
