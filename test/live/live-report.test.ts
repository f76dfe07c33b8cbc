// report -rt --rt-events (the per-event path) through the recording fake: the same events delivered live as EVENT_RECORDs and
// written into an .etl file give the same JSON lines, CSV, text, XML and Docker tables; a
// session stopped with `etwkit stop` ends the report; Ctrl-C closes the consumer, completes
// the outputs, reports the session's losses from its statistics and exits 130.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { decodeTraceProperties } from '../../src/etw/control/session/trace-properties.js';
import { hostTraceLogfileLayout, readPointer } from '../../src/etw/control/api/trace-logfile.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { deliveredEvent, FakeMemory } from '../support/event-record-builder.js';
import { DOCKER_PROVIDER } from '../support/docker-etl.js';
import { runCli } from '../support/run-cli.js';
import { liveEvents, liveEventsEtl, logfileHeaderOfEtl, SESSION } from './live-events.js';

const MANIFEST = resolve('test/fixtures/manifests/etwkit-transfers.man');

afterEach(() => useEtwApi(null));

/** A fake machine with SESSION started by `etwkit start … -rt -ets` and the events queued for its consumers. */
async function liveMachine(events = liveEvents()): Promise<{ api: RecordingEtwApi; etl: Buffer }> {
  const api = new RecordingEtwApi();
  const started = await runEtwkit(['start', SESSION, '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api);
  expect(started.exitCode).toBe(0);
  const etl = liveEventsEtl(events);
  api.realTimeHeaders.set(SESSION.toLowerCase(), logfileHeaderOfEtl(etl));
  const memory = new FakeMemory();
  api.deliverRealTime(SESSION, events.map((e) => deliveredEvent(e, { memory })));
  useEtwApi(api);
  return { api, etl };
}

/** Runs `report -rt SESSION --rt-events …args` until the queued events are delivered, then ends it with `end`. */
async function liveReport(api: RecordingEtwApi, args: string[], end: () => Promise<unknown> | void) {
  const run = reportInProcess(['-rt', SESSION, '--rt-events', ...args]);
  await api.drained();
  await end();
  return run;
}

/** The file's dump without its first record, the log-file header (a record of the file, not an event of the session). */
function withoutHeaderRecord(format: string, text: string): string {
  if (format === 'JSONL') {
    const lines = text.split('\n');
    expect(lines[0]).toContain('"header":"system"');
    expect(lines[0]).toContain('"hookId":"0x0000"');
    return lines.slice(1).join('\n');
  }
  if (format === 'CSV' || format === 'TXT') {
    const lines = text.split(format === 'CSV' ? '\r\n' : '\n');
    const at = format === 'CSV' ? 1 : 0;
    expect(lines[at]).toMatch(format === 'CSV' ? /^EventTrace,/ : /MSNT_SystemTrace]BufferSize=/);
    return [...lines.slice(0, at), ...lines.slice(at + 1)].join(format === 'CSV' ? '\r\n' : '\n');
  }
  const first = text.indexOf('<Event ');
  const second = text.indexOf('<Event ', first + 1);
  expect(text.slice(first, second)).toContain('EventTrace');
  return text.slice(0, first) + text.slice(second);
}

describe('report -rt: the same outputs as the file path', () => {
  for (const [format, docker] of [['JSONL', false], ['CSV', false], ['TXT', false], ['XML', false], ['JSONL', true], ['CSV', true]] as const) {
    it(`${format}${docker ? ' --docker' : ''}`, async () => {
      const dir = scratchDir('etwkit-live-');
      const { api, etl } = await liveMachine();
      const etlPath = join(dir, 'session.etl');
      writeFileSync(etlPath, etl);
      const extra = [...(docker ? ['--docker'] : []), '-import', MANIFEST, '-of', format, '-y'];
      const fromFile = await reportInProcess([etlPath, ...extra, '-o', join(dir, `file.${format}`)]);
      expect(fromFile.code).toBe(0);
      const live = await liveReport(api, [...extra, '-o', join(dir, `live.${format}`)], () => runEtwkit(['stop', SESSION, '-ets'], api));
      expect(live.stderr).toBe('');
      expect(live.code).toBe(0);
      const fileText = readFileSync(join(dir, `file.${format}`), 'utf8');
      const liveText = readFileSync(join(dir, `live.${format}`), 'utf8');
      expect(liveText.length).toBeGreaterThan(1000);
      expect(liveText).toBe(docker ? fileText : withoutHeaderRecord(format, fileText));
      if (format === 'JSONL' && !docker) {
        const lines = liveText.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines).toHaveLength(liveEvents().length);
        // The decoders really ran: the manifest event, the TraceLogging event and a Docker line.
        expect(lines[0]).toMatchObject({ eventName: 'Copying', fields: { Label: 'nightly backup' } });
        expect(lines[1]).toMatchObject({ eventName: 'LiveTick', providerName: 'Etwkit.Live', fields: { count: 42, label: 'tick' } });
        expect((lines[2]!.extended as unknown[]).length).toBe(3);
        expect(lines.some((l) => (l.fields as Record<string, unknown> | null)?.container_name === 'backstabbing_spence')).toBe(true);
      }
    });
  }
});

describe('the live Docker recipe (README)', () => {
  it('start … -rt -ets: a real-time session without a log file (REAL_TIME_MODE only, no file name), provider enabled', async () => {
    const api = new RecordingEtwApi();
    const r = await runEtwkit(['start', 'DockerContainerLogs', '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api);
    expect(r.exitCode).toBe(0);
    const props = decodeTraceProperties(api.callsOf('StartTraceW')[0]!.properties);
    expect(props.logFileMode).toBe(0x100);
    expect(props.logFileNameOffset).toBe(0);
    expect(api.callsOf('EnableTraceEx2')[0]).toMatchObject({ provider: DOCKER_PROVIDER, controlCode: 1 });
  });
});

describe('report -rt: how it ends', () => {
  it('the session stopped with etwkit stop: ProcessTrace returns, outputs complete, losses from the last statistics, exit 0', async () => {
    const dir = scratchDir('etwkit-live-');
    const { api } = await liveMachine();
    api.sessions.get(SESSION.toLowerCase())!.stats = { buffersWritten: 9, logBuffersLost: 0, realTimeBuffersLost: 2, eventsLost: 5 };
    const out = join(dir, 'live.jsonl');
    const r = await liveReport(api, ['-of', 'JSONL', '-o', out, '-summary', join(dir, 'summary.txt')], () => runEtwkit(['stop', SESSION, '-ets'], api));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${SESSION}: 5 events lost, 2 buffers lost (from the session's last statistics before it stopped)\n`);
    expect(r.stdout).toContain(`Real-time session(s):\n     ${SESSION}\n`);
    expect(r.stdout).toContain('The command completed successfully.');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(liveEvents().length);
    const summary = readFileSync(join(dir, 'summary.txt'), 'utf8');
    expect(summary).toMatch(/Total Events  Lost      5\n/);
    expect(readdirSync(dir).sort()).toEqual(['live.jsonl', 'summary.txt']);

    const calls = api.calls.map((c) => c.fn);
    expect(calls.filter((f) => ['OpenTraceW', 'ProcessTrace', 'CloseTrace'].includes(f))).toEqual(['OpenTraceW', 'ProcessTrace', 'CloseTrace']);
    const open = api.callsOf('OpenTraceW')[0]!;
    expect(open.name).toBe(SESSION);
    const layout = hostTraceLogfileLayout();
    expect(open.logfile.length).toBe(layout.size);
    expect(open.logfile.readUInt32LE(layout.offsets.ProcessTraceMode)).toBe(0x10000100); // REAL_TIME | EVENT_RECORD
    expect(readPointer(open.logfile, layout.offsets.Context, layout.pointerSize)).toBe(0n); // the session's index
    const handle = api.callsOf('ProcessTrace')[0]!.handles;
    expect(handle).toHaveLength(1);
    expect(api.callsOf('CloseTrace')[0]!.handle).toBe(handle[0]);
  });

  it('Ctrl-C: losses from the statistics of the running session, CloseTrace, complete outputs (no temporary files), exit 130', async () => {
    const dir = scratchDir('etwkit-live-');
    const { api, etl } = await liveMachine();
    api.sessions.get(SESSION.toLowerCase())!.stats = { buffersWritten: 9, logBuffersLost: 1, realTimeBuffersLost: 2, eventsLost: 7 };
    const out = join(dir, 'live.csv');
    const r = await liveReport(api, ['-of', 'CSV', '-o', out, '-import', MANIFEST], () => { process.emit('SIGINT', 'SIGINT'); });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(`warning: ${SESSION}: 7 events lost, 3 buffers lost (from the session's statistics)\n`);
    expect(r.stdout).not.toContain('The command completed successfully.');
    expect(readdirSync(dir)).toEqual(['live.csv']);
    // The session still runs (Ctrl-C ends the report, not the session); the consumer is closed.
    expect(api.sessions.has(SESSION.toLowerCase())).toBe(true);
    const fns = api.calls.map((c) => c.fn);
    const query = api.calls.findIndex((c) => c.fn === 'ControlTraceW' && c.controlCode === 0 && c.name === SESSION);
    expect(query).toBeGreaterThan(fns.indexOf('ProcessTrace'));
    expect(fns.indexOf('CloseTrace')).toBeGreaterThan(query);
    // What was written equals the file path's CSV of the same events.
    const etlPath = join(dir, '..', `${dir.split('/').pop()}-session.etl`);
    writeFileSync(etlPath, etl);
    const fromFile = await reportInProcess([etlPath, '-of', 'CSV', '-o', join(dir, 'file.csv'), '-import', MANIFEST]);
    expect(fromFile.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(withoutHeaderRecord('CSV', readFileSync(join(dir, 'file.csv'), 'utf8')));
  });

  it('two sessions: one ProcessTrace over both handles, each event tagged with its session (UserContext), both in the summary', async () => {
    const dir = scratchDir('etwkit-live-');
    const { api } = await liveMachine();
    await runEtwkit(['start', 'Second', '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api);
    useEtwApi(api);
    const more = liveEvents().slice(0, 3).map((e) => ({ ...e, raw: e.raw + 50_000_000n }));
    api.deliverRealTime('Second', more.map((e) => deliveredEvent(e)));
    const run = reportInProcess(['-rt', SESSION, 'Second', '--rt-events', '-summary', join(dir, 'summary.txt')]);
    await api.drained();
    await runEtwkit(['stop', SESSION, '-ets'], api);
    await runEtwkit(['stop', 'Second', '-ets'], api);
    const r = await run;
    expect(r.code).toBe(0);
    expect(api.callsOf('ProcessTrace')[0]!.handles).toHaveLength(2);
    const layout = hostTraceLogfileLayout();
    expect(api.callsOf('OpenTraceW').map((c) => readPointer(c.logfile, layout.offsets.Context, layout.pointerSize))).toEqual([0n, 1n]);
    const summary = readFileSync(join(dir, 'summary.txt'), 'utf8');
    expect(summary).toContain(`\t${SESSION}\n`);
    expect(summary).toContain('\tSecond\n');
    expect(summary).toMatch(new RegExp(`Total Events  Processed ${liveEvents().length + more.length}`));
  });
});

describe('report -rt: what it refuses', () => {
  it('a session that is not real-time: one line with the Win32 text, nothing written, exit 1', async () => {
    const dir = scratchDir('etwkit-live-');
    const api = new RecordingEtwApi();
    await runEtwkit(['start', 'FileOnly', '-p', `{${DOCKER_PROVIDER}}`, '-o', join(dir, 'x.etl'), '-ets'], api);
    expect(decodeTraceProperties(api.callsOf('StartTraceW')[0]!.properties).logFileMode & 0x100).toBe(0);
    useEtwApi(api);
    const r = await reportInProcess(['-rt', 'FileOnly', '-o', join(dir, 'out.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('etwkit report: real-time session "FileOnly" cannot be opened: The instance name passed was not recognized as valid by a WMI data provider. (is it running with -rt? etwkit start NAME … -rt -ets)\n');
    expect(existsSync(join(dir, 'out.xml'))).toBe(false);
    expect(api.callsOf('ProcessTrace')).toHaveLength(0);
  });

  it('when the second session cannot be opened, the first consumer is closed', async () => {
    const { api } = await liveMachine();
    const r = await reportInProcess(['-rt', SESSION, '-rt', 'Missing', '--rt-events', '-o', join(scratchDir('etwkit-live-'), 'out.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^etwkit report: real-time session "Missing" cannot be opened/);
    expect(api.callsOf('OpenTraceW').map((c) => c.name)).toEqual([SESSION, 'Missing']);
    expect(api.callsOf('CloseTrace').map((c) => c.handle)).toEqual([0x1000n]); // the first consumer's handle
    expect(api.callsOf('ProcessTrace')).toHaveLength(0);
  });

  it('files and -rt together: a usage error', async () => {
    const r = await reportInProcess(['-rt', SESSION, 'trace.etl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-rt reads running sessions, not files');
  });

  it.skipIf(process.platform === 'win32')('off Windows: one line saying it needs Windows, exit 1 (not "not implemented")', () => {
    const r = runCli(['report', '-rt', SESSION, '-of', 'JSONL', '-o', '-']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`etwkit report: -rt reads real-time ETW sessions, which needs Windows (this is ${process.platform}); record to an .etl file there and report on that here\n`);
  });
});
