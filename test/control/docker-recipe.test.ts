// The Docker recipe through etwkit: exact Windows calls and argument bytes for start, stop and query.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTraceProperties } from '../../src/etw/control/session/trace-properties.js';
import { RecordingEtwApi } from './support/recording-etw-api.js';
import { runEtwkit } from './support/run-etwkit.js';

const DOCKER_GUID = 'a3693192-9ed6-46d2-a981-f8226c8363bd';
const START = ['start', '-ets', 'DockerContainerLogs', '-p', `{${DOCKER_GUID}}`, '0x0', '-o', 'trace.etl'];
const STOP = ['stop', '-ets', 'DockerContainerLogs'];

describe('Docker recipe', () => {
  it('start: StartTraceW with logman defaults, then EnableTraceEx2 for the provider with keywords 0x0 and level 255', async () => {
    const api = new RecordingEtwApi();
    const r = await runEtwkit(START, api);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('\nThe command completed successfully.\n');
    expect(api.calls.map((c) => c.fn)).toEqual(['StartTraceW', 'EnableTraceEx2']);

    const start = api.callsOf('StartTraceW')[0]!;
    expect(start.name).toBe('DockerContainerLogs');
    const b = start.properties;
    expect(b.length).toBe(4216);
    expect(b.readUInt32LE(0)).toBe(4216); // Wnode.BufferSize
    expect(b.subarray(24, 40).equals(Buffer.alloc(16))).toBe(true); // Wnode.Guid: zero, ETW assigns one
    expect(b.readUInt32LE(40)).toBe(1); // ClientContext: QPC (-ct perf)
    expect(b.readUInt32LE(44)).toBe(0x20000); // WNODE_FLAG_TRACED_GUID
    expect(b.readUInt32LE(48)).toBe(8); // BufferSize KB
    expect([52, 56, 60].map((o) => b.readUInt32LE(o))).toEqual([0, 0, 0]); // min/max buffers, max file size
    expect(b.readUInt32LE(64)).toBe(0x1); // EVENT_TRACE_FILE_MODE_SEQUENTIAL
    expect(b.readUInt32LE(68)).toBe(0); // FlushTimer
    expect(b.readUInt32LE(72)).toBe(0); // EnableFlags
    expect(b.readUInt32LE(116)).toBe(120); // LoggerNameOffset
    expect(b.readUInt32LE(112)).toBe(2168); // LogFileNameOffset
    expect(decodeTraceProperties(b).logFileName).toBe(path.win32.resolve(process.cwd(), 'trace.etl'));

    const enable = api.callsOf('EnableTraceEx2')[0]!;
    expect(enable).toMatchObject({ provider: DOCKER_GUID, controlCode: 1, level: 255, matchAny: 0n, matchAll: 0n, timeout: 0 });
    expect(enable.handle).toBe(0xffffc000_00000021n); // the handle StartTraceW returned
    const params = enable.parameters!;
    expect(params.length).toBe(48);
    expect(params.readUInt32LE(0)).toBe(2); // ENABLE_TRACE_PARAMETERS_VERSION_2
    expect(params.subarray(4).equals(Buffer.alloc(44))).toBe(true);
  });

  it('stop: ControlTraceW(0, name, query-sized buffer, EVENT_TRACE_CONTROL_STOP)', async () => {
    const api = new RecordingEtwApi();
    await runEtwkit(START, api);
    const r = await runEtwkit(STOP, api);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('\nThe command completed successfully.\n');
    const stop = api.callsOf('ControlTraceW')[0]!;
    expect(stop).toMatchObject({ handle: 0n, name: 'DockerContainerLogs', controlCode: 1 });
    expect(stop.properties.length).toBe(4216);
    expect([0, 44, 112, 116].map((o) => stop.properties.readUInt32LE(o))).toEqual([4216, 0x20000, 2168, 120]);
    expect(api.sessions.size).toBe(0);
  });

  it('start twice: "Data Collector Set already exists." with PLA_E_DCS_ALREADY_EXISTS as exit code', async () => {
    const api = new RecordingEtwApi();
    await runEtwkit(START, api);
    const r = await runEtwkit(START, api);
    expect(r.stdout).toBe('\nError:\nData Collector Set already exists.\n');
    expect(r.exitCode).toBe(-2144337737);
    expect(api.callsOf('EnableTraceEx2')).toHaveLength(1);
  });

  it('stop of a session that is not running: "Data Collector Set was not found." and -2144337918', async () => {
    const r = await runEtwkit(STOP, new RecordingEtwApi());
    expect(r.stdout).toBe('\nError:\nData Collector Set was not found.\n');
    expect(r.exitCode).toBe(-2144337918);
  });

  it('query NAME -ets after start shows the session and the provider as enabled', async () => {
    const api = new RecordingEtwApi();
    await runEtwkit(START, api);
    api.calls.length = 0;
    const r = await runEtwkit(['query', 'DockerContainerLogs', '-ets'], api);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Name:                 DockerContainerLogs\n');
    expect(r.stdout).toContain(`Name:                 {${DOCKER_GUID.toUpperCase()}}\nProvider Guid:        {${DOCKER_GUID.toUpperCase()}}\nLevel:                255\nKeywordsAll:          0x0 \nKeywordsAny:          0x0 \n`);
    expect(api.calls[0]).toMatchObject({ fn: 'ControlTraceW', handle: 0n, name: 'DockerContainerLogs', controlCode: 0 });
    expect(api.callsOf('EnumerateTraceGuidsEx').map((c) => [c.infoClass, c.input])).toEqual([
      [0, null], [0, null], [1, DOCKER_GUID], [1, DOCKER_GUID],
    ]);
  });
});
