/**
 * `report --threads N` (issue 13 §2): whatever the number of threads, the dump
 * (XML, CSV, JSON lines, text, --docker tables), the summary, the warnings (each
 * once, in the same order) and the exit code are those of one thread. The slices
 * are made as small as allowed (one 4 KiB step) so that every trace is cut in
 * many places; each case also checks that the trace really was cut.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { planReport } from '../../src/etw/report/report-plan.js';
import { planSlices } from '../../src/etw/report/threads/slice-plan.js';
import { EVENT_METADATA_CLASS } from '../../src/etw/schema/builtin/kernel-trace-control.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { traceEventInfo } from '../support/tdh-blob-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const SLICE = 4096;
const dir = scratchDir('etwkit-threads-');

interface Run {
  code: number;
  stderr: string;
  dump: Buffer;
  summary: Buffer;
}

let runs = 0;
/** One run with `threads` threads: the dump in `format` and the summary, as files. */
async function run(inputs: string[], threads: number, args: string[]): Promise<Run> {
  const n = runs++;
  const dump = join(dir, `dump-${n}`);
  const summary = join(dir, `summary-${n}.txt`);
  const r = await reportInProcess([...inputs, '-o', dump, '-summary', summary, '-y', '--quiet', ...args, '--threads', String(threads), '--thread-slice-bytes', String(SLICE)]);
  return { code: r.code, stderr: r.stderr, dump: readFileSync(dump), summary: readFileSync(summary) };
}

/** Runs with 1 and each of `counts` threads agree byte for byte; returns the one-thread run. */
async function sameForEveryThreadCount(inputs: string[], args: string[], counts = [2, 3]): Promise<Run> {
  const one = await run(inputs, 1, args);
  for (const threads of counts) {
    const many = await run(inputs, threads, args);
    expect(many.code, `exit code, ${threads} threads, ${args.join(' ')}`).toBe(one.code);
    expect(many.stderr, `warnings, ${threads} threads, ${args.join(' ')}`).toBe(one.stderr);
    expect(many.dump.equals(one.dump), `dump, ${threads} threads, ${args.join(' ')}`).toBe(true);
    expect(many.summary.toString('utf8'), `summary, ${threads} threads, ${args.join(' ')}`).toBe(one.summary.toString('utf8'));
  }
  return one;
}

/** How many slices the inputs are cut into at the tests' slice size (0: not cut, one thread renders). */
function slices(inputs: string[]): number {
  const reader = EtlReader.open(inputs);
  try {
    return (planSlices(reader.streams(), SLICE)?.bounds.length ?? -1) + 1;
  } finally {
    reader.close();
  }
}

/** Each format with the thread counts compared to one thread (every count is met; every pair would double the time). */
const FORMATS: Array<[string[], number[]]> = [[['-of', 'CSV'], [2, 3]], [['-of', 'XML'], [3]], [['-of', 'JSONL'], [2]], [['-of', 'TXT'], [3]]];

describe.skipIf(!haveCorpus)('every corpus trace, every dump format and the summary: the same bytes with 1, 2 or 3 threads', () => {
  for (const stem of corpusStems()) {
    it(stem, async () => {
      expect(slices([etlPath(stem)])).toBeGreaterThan(1);
      for (const [format, counts] of FORMATS) await sameForEveryThreadCount([etlPath(stem)], ['-lr', ...format], counts);
    });
  }

  it('--docker tables and -en Unicode CSV of the largest kernel trace', async () => {
    await sameForEveryThreadCount([etlPath('diaghub-kernel')], ['-of', 'CSV', '--docker']);
    await sameForEveryThreadCount([etlPath('diaghub-kernel')], ['-of', 'CSV', '-en', 'Unicode']);
  });

  it('several input files merged', async () => {
    const inputs = [etlPath('diaghub-kernel'), etlPath('sonde-relogged-mof-tl')];
    expect(slices(inputs)).toBeGreaterThan(1);
    await sameForEveryThreadCount(inputs, ['-of', 'CSV', '-lr']);
  });

  it('with a filter (the summary counts what it dropped)', async () => {
    const one = await sameForEveryThreadCount([etlPath('diaghub-kernel')], ['-of', 'JSONL', '--pid', '4']);
    expect(one.summary.toString('utf8')).toMatch(/Events Filtered Out\s+[1-9]/);
  });
});

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('synthetic edge cases: the same bytes and warnings with 1, 2 and 3 threads', () => {
  it('equal timestamps on two processors across many slice boundaries keep the order file, buffer sequence, position', async () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
    for (let i = 0; i < 400; i++) {
      const raw = 5_000_000_000n + BigInt(Math.floor(i / 40)); // runs of 40 records share a time
      b.system({ cpu: i % 2, raw, hookId: 0x0524, pid: i, payload: Buffer.alloc(24) });
    }
    const path = write('equal-times.etl', b.build());
    expect(slices([path])).toBeGreaterThan(4);
    const one = await sameForEveryThreadCount([path], ['-of', 'CSV']);
    // Within one time, records alternate processors in buffer-sequence order: pids stay in the builder's order per processor.
    const pids = one.dump.toString('utf8').split('\r\n').slice(2).filter((l) => l !== '').map((l) => parseInt(l.split(',')[9]!, 16));
    expect(pids).toHaveLength(400);
  });

  it('damaged buffers: each warning once and in the same order, exit 3', async () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
    for (let i = 0; i < 200; i++) b.system({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i * 10), hookId: 0x0524, payload: Buffer.alloc(40) });
    const bytes = Buffer.from(b.build('sequence'));
    const damaged: number[] = [];
    for (const buffer of [3, 9, 14]) {
      const at = buffer * 0x200 + 0x48 + 0x48; // the second record of the buffer
      bytes.writeUInt32LE(0x12345678, at);
      damaged.push(at);
    }
    const path = write('damaged.etl', bytes);
    expect(slices([path])).toBeGreaterThan(2);
    const one = await sameForEveryThreadCount([path], ['-of', 'XML']);
    expect(one.code).toBe(3);
    const warnings = one.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings.map((w) => w.match(/at offset (0x[0-9a-f]+)/)?.[1])).toEqual(damaged.map((at) => `0x${at.toString(16)}`));
    expect(one.summary.toString('utf8')).toMatch(/Damaged Regions\s+3/);
  });

  it('a stream that goes back in time: one thread takes over and the output is the same', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    // One record a little back in time: the buffers' first records stay in order (the trace is cut), the records are not.
    for (let i = 0; i < 120; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i === 91 ? 100 + 87 : 100 + i), hookId: 0x0524, payload: Buffer.alloc(40) });
    const path = write('backwards.etl', b.build('sequence'));
    expect(slices([path])).toBeGreaterThan(1);
    await sameForEveryThreadCount([path], ['-of', 'CSV']);
  });

  it('EventMetadata in the trace decodes the later events it describes, in every slice', async () => {
    const provider = 'a1b2c3d4-0000-4000-8000-123456789abc';
    const blob = traceEventInfo({ provider, id: 1, properties: [{ name: 'Count', inType: InType.UINT32 }] });
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
    b.classic({ cpu: 0, raw: 5_000_000_001n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: blob });
    for (let i = 0; i < 150; i++) {
      const payload = Buffer.alloc(4);
      payload.writeUInt32LE(i);
      b.event({ cpu: i % 2, raw: 5_000_000_100n + BigInt(i), provider, id: 1, payload });
    }
    const path = write('event-metadata.etl', b.build());
    expect(slices([path])).toBeGreaterThan(2);
    const one = await sameForEveryThreadCount([path], ['-of', 'JSONL']);
    const events = one.dump.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)).filter((e) => e.provider === `{${provider}}`);
    const counts = events.map((e) => e.fields?.Count);
    expect(counts).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });
});

describe('how the slices are shared out (--verbose)', () => {
  const shared = /--threads (\d+): (\d+) time slices; of the (\d+) written, (\d+) rendered by the main thread and (\d+) by (\d+) worker thread\(s\)(.*)/;

  it('the main thread renders slices beside the workers, and --verbose says how many', async () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
    for (let i = 0; i < 600; i++) b.system({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i * 10), hookId: 0x0524, pid: i, payload: Buffer.alloc(24) });
    const path = write('shared-out.etl', b.build());
    const cut = slices([path]);
    expect(cut).toBeGreaterThan(4);
    const r = await reportInProcess([path, '-of', 'CSV', '-o', join(dir, 'shared-out.csv'), '-y', '--verbose', '--threads', '2', '--thread-slice-bytes', String(SLICE)]);
    expect(r.code).toBe(0);
    const m = (r.stdout + r.stderr).match(shared);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    const [, threads, total, written, byMain, byWorkers, workers, rest] = m!.map((x, i) => (i < 7 ? Number(x) : x)) as [string, number, number, number, number, number, number, string];
    expect([threads, total, written, workers, rest]).toEqual([2, cut, cut, 1, '']);
    expect(byMain, 'slices the main thread rendered').toBeGreaterThan(0);
    expect(byMain + byWorkers).toBe(written);
  });

  it('says when the main thread went on alone, and why', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 120; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i === 91 ? 100 + 87 : 100 + i), hookId: 0x0524, payload: Buffer.alloc(40) });
    const path = write('backwards-verbose.etl', b.build('sequence'));
    const r = await reportInProcess([path, '-of', 'CSV', '-o', join(dir, 'backwards.csv'), '-y', '--verbose', '--threads', '2', '--thread-slice-bytes', String(SLICE)]);
    const m = (r.stdout + r.stderr).match(shared);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(m![7]).toMatch(/^; slice \d+ has a processor stream out of time order, so the main thread rendered the rest alone$/);
  });
});

describe('--threads N', () => {
  it('takes a whole number from 1 to 64; anything else is one usage line and exit 2, nothing written', async () => {
    for (const bad of ['0', '65', '1.5', 'all']) {
      const out = join(dir, `never-${bad}.xml`);
      const r = await reportInProcess(['in.etl', '-o', out, '-y', '--threads', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--threads ${bad}: give a whole number from 1 to 64`);
    }
  });
});

describe('the default thread count', () => {
  it('is every core, at most 2 (memory), for inputs of 512 MiB or more; a number given is used for any size', () => {
    const byDefault = planReport({ files: ['a.etl'] });
    expect(byDefault.threads).toBe(Math.max(1, Math.min(availableParallelism(), 2)));
    expect(byDefault.minThreadedBytes).toBe(512 * 1024 * 1024);
    const given = planReport({ files: ['a.etl'], threads: '2' });
    expect(given.threads).toBe(2);
    expect(given.minThreadedBytes).toBe(0);
  });

  it('cuts slices by the dump format: less input per slice for the formats that write more per input byte', () => {
    const slice = (format: string) => planReport({ files: ['a.etl'], format }).sliceBytes;
    expect([slice('XML'), slice('JSONL'), slice('TXT'), slice('CSV')]).toEqual([1 << 20, 1 << 20, 1 << 20, 2 << 20]);
    expect(planReport({ files: ['a.etl'], format: 'XML', threadSliceBytes: '8192' }).sliceBytes).toBe(8192);
  });
});
