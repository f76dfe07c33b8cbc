// The buffer merge's bounds on a real trace (diaghub-kernel, four processors) through
// LiveSessions and the recording fake, with an injected clock: a processor that delivers
// nothing holds the others back only until it has been quiet for the deadline; what it
// delivers later is written late with one warning; the memory cap releases the oldest with
// one warning and still yields every record; the end flushes everything.
import { afterEach, expect, it } from 'vitest';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { LiveSessions } from '../../src/etw/live/live-sessions.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { describeCorpus, etlPath } from '../support/corpus.js';
import { corpusSession, interleave, seeded } from './corpus-buffers.js';

afterEach(() => useEtwApi(null));

const STEM = 'diaghub-kernel';
const key = (r: { timeKey: number; cpu: number; offsetInBuffer: number }) => `${r.timeKey}/${r.cpu}/${r.offsetInBuffer}`;

/** The file reader's records outside the first buffer, as keys, in its order. */
function fileKeys(): string[] {
  const reader = EtlReader.open([etlPath(STEM)]);
  const out: string[] = [];
  for (const r of reader.records()) if (r.bufferOffset !== 0) out.push(key(r));
  reader.close();
  return out;
}

/** A fake machine with session Live reporting the trace's header and clock; processors `held` deliver nothing yet. */
async function machine(held: number[]) {
  const c = corpusSession(STEM);
  const api = new RecordingEtwApi();
  await runEtwkit(['start', 'Live', '-p', '{a3693192-9ed6-46d2-a981-f8226c8363bd}', '-rt', '-ets'], api);
  api.realTimeHeaders.set('live', c.header);
  api.clock = c.clock;
  const now = new Map([...c.byCpu].filter(([cpu]) => !held.includes(cpu)));
  api.deliverRealTimeBuffers('Live', interleave(now, seeded(11)).map(([, b]) => b));
  const later = held.flatMap((cpu) => c.byCpu.get(cpu)!);
  useEtwApi(api);
  return { api, later };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeCorpus('the buffer merge\'s deadline and memory cap (real trace, injected clock)', () => {
  it('a quiet processor holds output back until the deadline, then no longer; its late records come with one warning', async () => {
    const { api, later } = await machine([3]);
    let clock = 5_000;
    const warnings: string[] = [];
    const live = LiveSessions.open(api, ['Live'], { merge: { now: () => clock, quietMs: 2000, tickMs: 5 }, onWarning: (w) => warnings.push(w) });
    const keys: string[] = [];
    const done = live.process((r) => { keys.push(key(r)); });
    await api.drained();
    await pause(30);
    expect(keys).toHaveLength(0); // processor 3 is expected (the header says 4) and has not been quiet for 2 s yet
    clock += 1999;
    await pause(30);
    expect(keys).toHaveLength(0);
    clock += 2;
    await pause(30);
    const all = fileKeys();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual(all.filter((k) => k.split('/')[1] !== '3')); // the other three, merged in order
    expect(warnings).toEqual([]);
    api.deliverRealTimeBuffers('Live', later);
    await api.drained();
    await runEtwkit(['stop', 'Live', '-ets'], api);
    expect(await done).toBe(0);
    expect([...keys].sort()).toEqual([...all].sort()); // nothing lost
    expect(warnings).toEqual(['Live: processor 3 delivered events older than ones already written (it had been quiet for over 2 s, or its buffers are not in time order); they are written as they come, out of time order']);
  });

  it('the memory cap: one warning, the oldest released early, every record still written once', async () => {
    const { api, later } = await machine([3]);
    const warnings: string[] = [];
    const live = LiveSessions.open(api, ['Live'], { merge: { now: () => 0, maxHeldBytes: 256 * 1024 }, onWarning: (w) => warnings.push(w) });
    api.deliverRealTimeBuffers('Live', later);
    const keys: string[] = [];
    const done = live.process((r) => { keys.push(key(r)); });
    await api.drained();
    await runEtwkit(['stop', 'Live', '-ets'], api);
    expect(await done).toBe(0);
    const all = fileKeys();
    expect(keys).toHaveLength(all.length);
    expect([...keys].sort()).toEqual([...all].sort());
    expect(keys).not.toEqual(all); // processor 3 came last and the cap did not wait for it
    expect(warnings).toEqual(['the real-time merge holds more than 256 KiB of records waiting for slower processors; the oldest are written now, so events may be out of time order from here on (none are dropped)']);
  });

  it('without the cap the same delivery is fully ordered (the cap, not the shuffle, broke the order above)', async () => {
    const { api, later } = await machine([3]);
    const live = LiveSessions.open(api, ['Live'], { merge: { now: () => 0 } });
    api.deliverRealTimeBuffers('Live', later);
    const keys: string[] = [];
    const done = live.process((r) => { keys.push(key(r)); });
    await api.drained();
    await runEtwkit(['stop', 'Live', '-ets'], api);
    expect(await done).toBe(0);
    expect(keys).toEqual(fileKeys());
  });
});
