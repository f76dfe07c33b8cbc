// LiveSessions (events mode) against the recording fake: a failure inside the record callback is not thrown
// into ETW's thread but stops the sessions and comes back from process(); closing twice calls
// CloseTrace once; the losses of a session never sampled come from what OpenTraceW wrote.
import { describe, expect, it } from 'vitest';
import { hostTraceLogfileLayout } from '../../src/etw/control/api/trace-logfile.js';
import { LiveSessionError, LiveSessions } from '../../src/etw/live/live-sessions.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { deliveredEvent } from '../support/event-record-builder.js';
import { DOCKER_PROVIDER } from '../support/docker-etl.js';
import { liveEvents, SESSION } from './live-events.js';

async function machine(): Promise<RecordingEtwApi> {
  const api = new RecordingEtwApi();
  await runEtwkit(['start', SESSION, '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api);
  return api;
}

describe('LiveSessions', () => {
  it('a throwing record handler: the sessions are closed, process() rejects with that error, later events are not handed on', async () => {
    const api = await machine();
    api.deliverRealTime(SESSION, liveEvents().slice(0, 4).map((e) => deliveredEvent(e)));
    const live = LiveSessions.open(api, [SESSION], { mode: 'events' });
    let seen = 0;
    const failure = new Error('sink broke');
    await expect(live.process(() => { seen++; if (seen === 2) throw failure; })).rejects.toBe(failure);
    expect(seen).toBe(2);
    expect(api.callsOf('CloseTrace')).toHaveLength(1);
    live.close();
    expect(api.callsOf('CloseTrace')).toHaveLength(1);
  });

  it('losses of a session stopped before any sample: what OpenTraceW wrote into the logfile', async () => {
    const api = await machine();
    const header = Buffer.alloc(hostTraceLogfileLayout().headerSize);
    header.writeUInt32LE(4, 0x0c);
    header.writeUInt32LE(3, hostTraceLogfileLayout().headerSize - 4); // BuffersLost, the header's last field
    api.realTimeHeaders.set(SESSION.toLowerCase(), header);
    const live = LiveSessions.open(api, [SESSION], { mode: 'events' });
    expect(live.files[0]!.header.numberOfProcessors).toBe(4);
    expect(live.files[0]!.path).toBe(SESSION);
    await runEtwkit(['stop', SESSION, '-ets'], api);
    expect(await live.process(() => undefined)).toBe(0);
    expect(live.losses()).toEqual([{ session: SESSION, eventsLost: 0, buffersLost: 3, source: 'consumer' }]);
  });

  it('a session that is not running: LiveSessionError naming it and the Win32 code', async () => {
    const api = new RecordingEtwApi();
    let error: unknown;
    try { LiveSessions.open(api, ['Nope']); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(LiveSessionError);
    expect((error as LiveSessionError).session).toBe('Nope');
    expect((error as LiveSessionError).code).toBe(4201);
  });
});
