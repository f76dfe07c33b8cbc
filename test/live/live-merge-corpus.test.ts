// The buffer path's time-ordered merge against the file reader, on real corpus traces: each
// file's data buffers are handed through the recording fake's buffer callback, per processor
// in sequence order, processors interleaved by a seeded shuffle; `report -rt NAME` must then
// write exactly what `report FILE` writes for the same records (JSON lines and XML), with the
// merge's clock frozen so that only the watermark releases records before the end. Two
// sessions (the same file twice) merge as two files do; Ctrl-C flushes what is held.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { LiveSessions } from '../../src/etw/live/live-sessions.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { describeCorpus, etlPath } from '../support/corpus.js';
import { corpusSession, interleave, seeded, type CorpusSession } from './corpus-buffers.js';

afterEach(() => useEtwApi(null));

/** A frozen merge clock: no stream ever counts as quiet, only watermarks (and the end) release records. */
const FROZEN = { now: () => 1_000_000 };

/** A fake machine where each named session delivers the corpus session's buffers in a shuffled order. */
async function machine(sessions: Array<[string, CorpusSession]>, seed: number): Promise<RecordingEtwApi> {
  const api = new RecordingEtwApi();
  const random = seeded(seed);
  for (const [name, c] of sessions) {
    expect((await runEtwkit(['start', name, '-p', '{a3693192-9ed6-46d2-a981-f8226c8363bd}', '-rt', '-ets'], api)).exitCode).toBe(0);
    api.realTimeHeaders.set(name.toLowerCase(), c.header);
    api.clock = c.clock;
    api.deliverRealTimeBuffers(name, interleave(c.byCpu, random).map(([, b]) => b));
  }
  useEtwApi(api);
  return api;
}

/** The file path's output without the records of the first buffer (a live session delivers no header buffer). */
function fileEvents(format: 'JSONL' | 'XML', text: string, inFirst: boolean[]): string[] {
  const events = split(format, text);
  expect(events).toHaveLength(inFirst.length);
  return events.filter((_e, i) => !inFirst[i]);
}

function split(format: 'JSONL' | 'XML', text: string): string[] {
  if (format === 'JSONL') return text.split('\n').filter((l) => l !== '');
  const body = text.slice(text.indexOf('<Event '), text.lastIndexOf('</Event>') + '</Event>'.length);
  return body.split(/(?=<Event )/);
}

async function compare(stem: string, format: 'JSONL' | 'XML', seed: number) {
  const c = corpusSession(stem);
  const dir = scratchDir('etwkit-merge-');
  const file = await reportInProcess([c.path, '-of', format, '-o', join(dir, 'file.out'), '-y', '-lr']);
  expect(file.code).toBe(0);
  const api = await machine([['Live', c]], seed);
  const run = reportInProcess(['-rt', 'Live', '-of', format, '-o', join(dir, 'live.out'), '-y'], { liveMerge: FROZEN });
  await api.drained();
  await runEtwkit(['stop', 'Live', '-ets'], api);
  const live = await run;
  expect(live.stderr).toBe('');
  expect(live.code).toBe(0);
  expect(api.callsOf('OpenTraceFromRealTimeLogger')).toHaveLength(1);
  const want = fileEvents(format, readFileSync(join(dir, 'file.out'), 'utf8'), c.inFirstBuffer);
  expect(want.length).toBeGreaterThan(0);
  expect(split(format, readFileSync(join(dir, 'live.out'), 'utf8'))).toEqual(want);
}

/** Corpus files with several processor streams (and one with compressed buffers). */
const STEMS = ['diaghub-kernel', 'sonde-relogged-mof-tl', 'perfview-gcevents-circular', 'perfview-selfdescribing-compressed'];

describeCorpus('report -rt (buffers): the file reader\'s order from shuffled processor buffers', () => {
  for (const stem of STEMS) {
    it(`${stem}: JSON lines equal report FILE's (two shuffles)`, async () => {
      await compare(stem, 'JSONL', 7);
      await compare(stem, 'JSONL', 1234);
    });
  }
  it('diaghub-kernel: XML equals report FILE\'s', async () => {
    await compare('diaghub-kernel', 'XML', 99);
  });

  it('the watermark releases records while the session runs (not only at the end), in the file reader\'s order', async () => {
    const c = corpusSession('diaghub-kernel');
    expect(c.byCpu.size).toBe(4);
    const api = await machine([['Live', c]], 42);
    const live = LiveSessions.open(api, ['Live'], { merge: FROZEN });
    expect(live.buffers).toBe(true);
    const keys: string[] = [];
    let beforeStop = -1;
    const done = live.process((r) => { keys.push(`${r.timeKey}/${r.cpu}/${r.offsetInBuffer}`); });
    await api.drained();
    beforeStop = keys.length;
    await runEtwkit(['stop', 'Live', '-ets'], api);
    expect(await done).toBe(0);
    const reader = EtlReader.open([etlPath('diaghub-kernel')]);
    const want: string[] = [];
    for (const r of reader.records()) if (r.bufferOffset !== 0) want.push(`${r.timeKey}/${r.cpu}/${r.offsetInBuffer}`);
    reader.close();
    expect(keys).toEqual(want);
    expect(beforeStop).toBeGreaterThan(want.length / 2);
    expect(beforeStop).toBeLessThan(want.length);
  });

  it('two sessions (the same trace twice) merge as report FILE FILE does', async () => {
    const c = corpusSession('sonde-relogged-mof-tl');
    const dir = scratchDir('etwkit-merge-');
    const paths = [join(dir, 'a.etl'), join(dir, 'b.etl')];
    for (const p of paths) copyFileSync(c.path, p);
    const file = await reportInProcess([...paths, '-of', 'JSONL', '-o', join(dir, 'file.jsonl'), '-y', '-lr']);
    expect(file.code).toBe(0);
    const api = await machine([['A', c], ['B', c]], 5);
    const run = reportInProcess(['-rt', 'A', '-rt', 'B', '-of', 'JSONL', '-o', join(dir, 'live.jsonl'), '-y'], { liveMerge: FROZEN });
    await api.drained();
    await runEtwkit(['stop', 'A', '-ets'], api);
    await runEtwkit(['stop', 'B', '-ets'], api);
    const live = await run;
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(api.callsOf('ProcessTrace')[0]!.handles).toHaveLength(2);
    // The file reader's order over two files interleaves them record by record; each file's first buffer is left out.
    const inFirst = mergedInFirst(paths);
    const want = fileEvents('JSONL', readFileSync(join(dir, 'file.jsonl'), 'utf8'), inFirst);
    expect(readFileSync(join(dir, 'live.jsonl'), 'utf8').trim().split('\n')).toEqual(want);
  });

  it('Ctrl-C: everything the merge holds is written (frozen clock: nothing else would release it), exit 130', async () => {
    const c = corpusSession('sonde-relogged-mof-tl'); // 16 processors expected, 8 deliver: records wait for the rest
    const dir = scratchDir('etwkit-merge-');
    await reportInProcess([c.path, '-of', 'JSONL', '-o', join(dir, 'file.jsonl'), '-y', '-lr']);
    const api = await machine([['Live', c]], 3);
    const run = reportInProcess(['-rt', 'Live', '-of', 'JSONL', '-o', join(dir, 'live.jsonl'), '-y'], { liveMerge: FROZEN });
    await api.drained();
    process.emit('SIGINT', 'SIGINT');
    const live = await run;
    expect(live.code).toBe(130);
    expect(readFileSync(join(dir, 'live.jsonl'), 'utf8').trim().split('\n')).toEqual(fileEvents('JSONL', readFileSync(join(dir, 'file.jsonl'), 'utf8'), c.inFirstBuffer));
  });
});

/** For the merged records of several files, in the reader's order: does each lie in its file's first buffer? */
function mergedInFirst(paths: string[]): boolean[] {
  const reader = EtlReader.open(paths);
  const out: boolean[] = [];
  for (const r of reader.records()) out.push(r.bufferOffset === 0);
  reader.close();
  return out;
}
