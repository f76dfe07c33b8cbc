// report -rt --rt-buffers through the recording fake: the session's raw buffers (the very
// buffers of a synthetic .etl file) are read with the .etl buffer reader, their QPC times
// converted with the clock anchored at open; the outputs equal the file path's (several
// processors too: the live merge restores the file's order). Compressed buffers, damage, an
// unconvertible clock and the usage rule.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ETW_OPEN_TRACE_OPTIONS } from '../../src/etw/control/api/koffi-types.js';
import { OPEN_TRACE_OPTIONS_X64, OPEN_TRACE_OPTIONS_X86, encodeBufferConsumerOptions } from '../../src/etw/control/api/open-trace-options.js';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { readBufferRecords } from '../../src/etw/etl/buffer-records.js';
import { ClockConverter } from '../../src/etw/etl/clock.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { runEtwkit } from '../control/support/run-etwkit.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { DOCKER_PROVIDER } from '../support/docker-etl.js';
import { dataBuffers, liveEvents, liveEventsEtl, logfileHeaderOfEtl, SESSION, START } from './live-events.js';
import koffi from 'koffi';

const MANIFEST = resolve('test/fixtures/manifests/etwkit-transfers.man');
const QPC = { clockType: 1, perfFreq: 3_579_545n, anchorRaw: 7_000_000_000n };
/** The events on QPC times: 1 ms after the anchor and on. */
const qpcEvents = (cpus: number) => liveEvents().map((e, i) => ({ ...e, cpu: i % cpus, raw: QPC.anchorRaw + 3_580n + BigInt(i) * 1_234n }));

/** The same without the 16 KiB line, so that small buffers hold several records each. */
const smallEvents = () => qpcEvents(1).filter((e) => (e.payload?.length ?? 0) < 4096);

afterEach(() => useEtwApi(null));

async function bufferMachine(etl: Buffer): Promise<RecordingEtwApi> {
  const api = new RecordingEtwApi();
  expect((await runEtwkit(['start', SESSION, '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api)).exitCode).toBe(0);
  api.realTimeHeaders.set(SESSION.toLowerCase(), logfileHeaderOfEtl(etl));
  api.clock = { qpc: QPC.anchorRaw, fileTime: START }; // QueryPerformanceCounter read at the session start
  api.deliverRealTimeBuffers(SESSION, dataBuffers(etl));
  useEtwApi(api);
  return api;
}

async function both(etl: Buffer, api: RecordingEtwApi, args: string[]) {
  const dir = scratchDir('etwkit-rtbuf-');
  writeFileSync(join(dir, 's.etl'), etl);
  const file = await reportInProcess([join(dir, 's.etl'), ...args, '-o', join(dir, 'file.out'), '-y']);
  expect(file.code).toBe(0);
  const run = reportInProcess(['-rt', SESSION, '--rt-buffers', ...args, '-o', join(dir, 'live.out'), '-y']);
  await api.drained();
  await runEtwkit(['stop', SESSION, '-ets'], api);
  const live = await run;
  return { live, fileText: readFileSync(join(dir, 'file.out'), 'utf8'), liveText: readFileSync(join(dir, 'live.out'), 'utf8') };
}

describe('ETW_OPEN_TRACE_OPTIONS and the buffer callback', () => {
  it('koffi lays it out as the x64 table (40 bytes); x86 is 20; the encoder leaves every field zero', () => {
    expect(koffi.sizeof(ETW_OPEN_TRACE_OPTIONS)).toBe(OPEN_TRACE_OPTIONS_X64.size);
    for (const [f, off] of Object.entries(OPEN_TRACE_OPTIONS_X64.offsets)) expect([f, koffi.offsetof(ETW_OPEN_TRACE_OPTIONS, f)]).toEqual([f, off]);
    expect(OPEN_TRACE_OPTIONS_X86.size).toBe(20);
    expect(Object.values(OPEN_TRACE_OPTIONS_X86.offsets)).toEqual([0, 4, 8, 12, 16]);
    expect(encodeBufferConsumerOptions(OPEN_TRACE_OPTIONS_X86).equals(Buffer.alloc(20))).toBe(true);
  });
});

describe('readBufferRecords', () => {
  it('reads each data buffer of a file as the .etl reader does (QPC clock anchored as the file is)', () => {
    const etl = liveEventsEtl(smallEvents(), QPC, 0x800);
    const dir = scratchDir('etwkit-rtbuf-');
    writeFileSync(join(dir, 's.etl'), etl);
    const reader = EtlReader.open([join(dir, 's.etl')]);
    const fromFile: ReturnType<typeof facts>[] = [];
    for (const r of reader.records()) fromFile.push(facts(r)); // while the record's buffer is current
    fromFile.shift(); // the log-file header record
    const clock = new ClockConverter(reader.files[0]!.header, reader.files[0]!.anchorRaw);
    reader.close();
    const buffers = dataBuffers(etl, 0x800);
    expect(buffers.length).toBeGreaterThan(3);
    const read: EtlRecord[] = [];
    const last = { lo: 0, hi: 0 };
    for (const b of buffers) readBufferRecords(b, { fileIndex: 0, clock, last, onRecord: (r) => read.push(copyRecord(r)), onDamage: (at, why) => { throw new Error(`${at}: ${why}`); } });
    expect(read.map(facts)).toEqual(fromFile);
  });

  it('a compressed buffer (flag 0x40) reads as its plain form; a cut record is one damage report', () => {
    const etl = liveEventsEtl(qpcEvents(1).slice(0, 6), QPC);
    const plain = dataBuffers(etl)[0]!;
    const filled = plain.readUInt32LE(0x30);
    const compressed = Buffer.concat([plain.subarray(0, 0x48), literalsOnly(plain.subarray(0x48, filled))]);
    compressed.writeUInt16LE(plain.readUInt16LE(0x34) | 0x40, 0x34);
    const clock = new ClockConverter({ ...dummyHeader(), reservedFlags: 2 }, 0n);
    const take = (b: Buffer) => {
      const out: string[] = [];
      const damage: string[] = [];
      readBufferRecords(b, { fileIndex: 0, clock, last: { lo: 0, hi: 0 }, onRecord: (r) => out.push(r.payload.toString('hex')), onDamage: (at, why) => damage.push(`${at}:${why}`) });
      return { out, damage };
    };
    const a = take(plain);
    expect(a.out).toHaveLength(6);
    expect(take(compressed)).toEqual(a);
    const cut = Buffer.from(plain);
    cut.writeUInt16LE(0xfff0, 0x48); // the first record claims more than the buffer holds
    const c = take(cut);
    expect(c.out).toEqual([]);
    expect(c.damage).toEqual(['72:record size 65520 runs past the end of valid data']);
  });
});

describe('report -rt --rt-buffers', () => {
  it('one processor: JSON lines equal the file path\'s (QPC times through the clock anchored at open)', async () => {
    const etl = liveEventsEtl(qpcEvents(1), QPC);
    const api = await bufferMachine(etl);
    const { live, fileText, liveText } = await both(etl, api, ['-of', 'JSONL', '-import', MANIFEST]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const fileLines = fileText.trim().split('\n');
    expect(liveText.trim().split('\n')).toEqual(fileLines.slice(1)); // the file's first record is its log-file header
    expect(liveText).toContain('"eventName":"Copying"');
    const open = api.callsOf('OpenTraceFromRealTimeLogger')[0]!;
    expect(open.name).toBe(SESSION);
    expect(open.options.equals(encodeBufferConsumerOptions())).toBe(true);
    expect(api.callsOf('OpenTraceW')).toHaveLength(0);
    expect(api.callsOf('QueryPerformanceCounter')).toHaveLength(1);
    expect(api.callsOf('ProcessTrace')[0]!.handles).toHaveLength(1);
  });

  it('four processors: the file path\'s records in its order (the live merge); --docker CSV too', async () => {
    const etl = liveEventsEtl(qpcEvents(4), QPC);
    const api = await bufferMachine(etl);
    const { live, fileText, liveText } = await both(etl, api, ['-of', 'JSONL']);
    expect(live.code).toBe(0);
    expect(liveText.trim().split('\n')).toEqual(fileText.trim().split('\n').filter((l) => !l.includes('"hookId":"0x0000"')));
    const api2 = await bufferMachine(etl);
    const docker = await both(etl, api2, ['--docker', '-of', 'CSV']);
    expect(docker.liveText).toBe(docker.fileText);
  });

  it('a damaged buffer: one warning naming the session, buffer and offset; the other buffers are read', async () => {
    const etl = liveEventsEtl(smallEvents(), QPC, 0x800);
    const api = new RecordingEtwApi();
    await runEtwkit(['start', SESSION, '-p', `{${DOCKER_PROVIDER}}`, '-rt', '-ets'], api);
    api.realTimeHeaders.set(SESSION.toLowerCase(), logfileHeaderOfEtl(etl));
    api.clock = { qpc: QPC.anchorRaw, fileTime: START };
    const buffers = dataBuffers(etl, 0x800);
    buffers[1]!.writeUInt16LE(0xfff0, 0x48);
    api.deliverRealTimeBuffers(SESSION, buffers);
    useEtwApi(api);
    const out = join(scratchDir('etwkit-rtbuf-'), 'live.jsonl');
    const run = reportInProcess(['-rt', SESSION, '--rt-buffers', '-of', 'JSONL', '-o', out]);
    await api.drained();
    await runEtwkit(['stop', SESSION, '-ets'], api);
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${SESSION}: buffer 2 (processor 0), offset 0x48: record size 65520 runs past the end of valid data; the rest of this buffer is skipped\n`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(smallEvents().length);
  });

  it('a session on the CPU cycle counter: one line saying to read it without --rt-buffers, exit 1, consumer closed', async () => {
    const etl = liveEventsEtl(qpcEvents(1), { ...QPC, clockType: 3 });
    const api = await bufferMachine(etl);
    const r = await reportInProcess(['-rt', SESSION, '--rt-buffers', '-o', join(scratchDir('etwkit-rtbuf-'), 'x.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`etwkit report: real-time session "${SESSION}" cannot be opened: its clock (the CPU cycle counter) cannot be converted from whole buffers; read it without --rt-buffers\n`);
    expect(api.callsOf('CloseTrace')).toHaveLength(1);
  });

  it('--rt-buffers without -rt is a usage error', async () => {
    const r = await reportInProcess(['trace.etl', '--rt-buffers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rt-buffers applies only to -rt SESSION');
  });
});

/** What a record says, without where it was stored. */
function facts(r: EtlRecord) {
  return {
    kind: r.kind, providerId: r.providerId, id: r.id, pid: r.pid, tid: r.tid, cpu: r.cpu, flags: r.flags, rawTime: r.rawTime, fileTime: r.fileTime,
    timeKey: r.timeKey, size: r.size, extended: r.extended.map((e) => [e.type, e.data.toString('hex')]), payload: r.payload.toString('hex'),
  };
}

/** A plain-LZ77 stream of literals only: a zero flag word before every 32 bytes. */
function literalsOnly(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 32) {
    out.push(0, 0, 0, 0);
    for (let j = i; j < Math.min(i + 32, data.length); j++) out.push(data[j]!);
  }
  return Buffer.from(out);
}

function dummyHeader() {
  const dir = scratchDir('etwkit-rtbuf-');
  writeFileSync(join(dir, 'h.etl'), liveEventsEtl([]));
  const reader = EtlReader.open([join(dir, 'h.etl')]);
  const h = reader.files[0]!.header;
  reader.close();
  return h;
}
