// How report -rt chooses between whole buffers and single events, through the recording fake:
// buffers by default; where OpenTraceFromRealTimeLogger is missing (ERROR_PROC_NOT_FOUND, older
// Windows), not implemented (120, Wine) or the session's clock cannot be converted, the
// per-event path with the same outputs and no warning (one info line under --verbose);
// --rt-buffers makes the absence an error, --rt-events skips the buffer consumer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { deliveredEvent, FakeMemory } from '../support/event-record-builder.js';
import { DOCKER_PROVIDER } from '../support/docker-etl.js';
import { dataBuffers, liveEvents, liveEventsEtl, logfileHeaderOfEtl, SESSION } from './live-events.js';

afterEach(() => useEtwApi(null));

/** A session with the live events queued both ways (as events and as the buffers of their file); `clockType` 3 is the CPU cycle counter. */
async function machine(clockType = 2): Promise<{ api: RecordingEtwApi; etl: Buffer }> {
  const api = new RecordingEtwApi();
  expect((await runEtwkit(['start', SESSION, '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api)).exitCode).toBe(0);
  const etl = liveEventsEtl(liveEvents(), { clockType, perfFreq: 10_000_000n });
  api.realTimeHeaders.set(SESSION.toLowerCase(), logfileHeaderOfEtl(etl));
  const memory = new FakeMemory();
  api.deliverRealTime(SESSION, liveEvents().map((e) => deliveredEvent(e, { memory })));
  api.deliverRealTimeBuffers(SESSION, dataBuffers(etl));
  useEtwApi(api);
  return { api, etl };
}

async function run(api: RecordingEtwApi, args: string[]) {
  const dir = scratchDir('etwkit-rtmode-');
  const out = join(dir, 'live.jsonl');
  const running = reportInProcess(['-rt', SESSION, '-of', 'JSONL', '-o', out, ...args]);
  await api.drained();
  await runEtwkit(['stop', SESSION, '-ets'], api);
  const r = await running;
  return { ...r, lines: r.code === 0 ? readFileSync(out, 'utf8').trim().split('\n') : [] };
}

/** The file path's JSON lines of the same events, without the file's log-file header record. */
async function fileLines(etl: Buffer): Promise<string[]> {
  const dir = scratchDir('etwkit-rtmode-');
  writeFileSync(join(dir, 's.etl'), etl);
  const r = await reportInProcess([join(dir, 's.etl'), '-of', 'JSONL', '-o', join(dir, 'file.jsonl')]);
  expect(r.code).toBe(0);
  return readFileSync(join(dir, 'file.jsonl'), 'utf8').trim().split('\n').slice(1);
}

const fns = (api: RecordingEtwApi) => api.calls.map((c) => c.fn).filter((f) => ['OpenTraceFromRealTimeLogger', 'OpenTraceW', 'ProcessTrace', 'CloseTrace'].includes(f));

describe('report -rt: buffers or events', () => {
  it('by default: whole buffers (OpenTraceFromRealTimeLogger), no OpenTraceW', async () => {
    const { api, etl } = await machine();
    const r = await run(api, []);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(fns(api)).toEqual(['OpenTraceFromRealTimeLogger', 'ProcessTrace', 'CloseTrace']);
    expect(r.lines).toEqual(await fileLines(etl));
  });

  for (const [why, status] of [['the export is missing (older Windows)', 127], ['it answers ERROR_CALL_NOT_IMPLEMENTED (Wine)', 120]] as const) {
    it(`${why}: events one at a time, the same lines, no warning; --verbose says so in one line`, async () => {
      const { api, etl } = await machine();
      api.failNext('OpenTraceFromRealTimeLogger', status);
      const r = await run(api, []);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toContain('one at a time');
      expect(fns(api)).toEqual(['OpenTraceFromRealTimeLogger', 'OpenTraceW', 'ProcessTrace', 'CloseTrace']);
      expect(r.lines).toEqual(await fileLines(etl));

      const again = await machine();
      again.api.failNext('OpenTraceFromRealTimeLogger', status);
      const v = await run(again.api, ['--verbose']);
      expect(v.code).toBe(0);
      expect(v.stderr).toBe('');
      const info = v.stdout.split('\n').filter((l) => l.includes('one at a time'));
      expect(info).toEqual([`whole real-time buffers are not available here (OpenTraceFromRealTimeLogger: Win32 error ${status}); reading events one at a time`]);
    });
  }

  it('a session on the CPU cycle counter: the buffer consumer is closed, events are read instead (--verbose names the clock)', async () => {
    const { api } = await machine(3);
    const r = await run(api, ['--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(fns(api)).toEqual(['OpenTraceFromRealTimeLogger', 'CloseTrace', 'OpenTraceW', 'ProcessTrace', 'CloseTrace']);
    expect(r.stdout).toContain(`${SESSION}: its clock (the CPU cycle counter) cannot be converted from whole buffers; reading events one at a time\n`);
    expect(r.lines).toHaveLength(liveEvents().length);
  });

  it('--rt-buffers where the export is missing: one line with the Win32 code, exit 1, nothing opened for events', async () => {
    const { api } = await machine();
    api.failNext('OpenTraceFromRealTimeLogger', 127);
    const r = await reportInProcess(['-rt', SESSION, '--rt-buffers', '-of', 'JSONL', '-o', join(scratchDir('etwkit-rtmode-'), 'x.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`etwkit report: real-time session "${SESSION}" cannot be opened: Win32 error 127\n`);
    expect(fns(api)).toEqual(['OpenTraceFromRealTimeLogger']);
  });

  it('--rt-events: OpenTraceW only, the same lines', async () => {
    const { api, etl } = await machine();
    const r = await run(api, ['--rt-events']);
    expect(r.code).toBe(0);
    expect(fns(api)).toEqual(['OpenTraceW', 'ProcessTrace', 'CloseTrace']);
    expect(r.lines).toEqual(await fileLines(etl));
  });

  it('--rt-buffers with --rt-events, or --rt-events without -rt: usage errors', async () => {
    const both = await reportInProcess(['-rt', SESSION, '--rt-buffers', '--rt-events']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--rt-buffers and --rt-events exclude each other');
    const alone = await reportInProcess(['trace.etl', '--rt-events']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--rt-events applies only to -rt SESSION');
  });
});
