/**
 * The count pass of summary-only runs (src/etw/report/count-pass.ts) must give the
 * same summary.txt, exit code and warnings as the ordered pass, which a run that
 * also asks for a workload report still takes. Checked on every corpus file (with
 * and without schemas), on the synthetic Docker session, on damaged files, and on
 * a file whose processor stream goes back in time (the pass must then give up),
 * and on a trace that carries EventSource manifests (likewise).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { EventCounts } from '../../src/etw/render/event-counts.js';
import { summaryEventName } from '../../src/etw/render/event-labels.js';
import { runCountPass } from '../../src/etw/report/count-pass.js';
import { SchemaMismatchCheck } from '../../src/etw/report/schema-mismatch.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { buildDockerEtl } from '../support/docker-etl.js';
import { corpusStems, CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-count-');
let n = 0;

/** The summary by the count pass (summary only) and by the ordered pass (summary with a workload report). */
async function bothSummaries(input: string, extra: string[] = []) {
  const k = n++;
  const counted = join(dir, `counted${k}.txt`);
  const ordered = join(dir, `ordered${k}.txt`);
  const a = await reportInProcess([input, '-summary', counted, '-y', '--quiet', ...extra]);
  const b = await reportInProcess([input, '-summary', ordered, '-report', join(dir, `r${k}.xml`), '-y', '--quiet', ...extra]);
  const warningLines = (s: string) => s.split('\n').filter((l) => l.startsWith('warning:')).sort();
  return {
    counted: { code: a.code, text: readFileSync(counted, 'utf8'), warnings: warningLines(a.stderr) },
    ordered: { code: b.code, text: readFileSync(ordered, 'utf8'), warnings: warningLines(b.stderr) },
  };
}

/** Does the count pass take the file (not give up)? `checked`: with the summary's payload check, as the CLI runs it. */
async function countPassTakes(path: string, checked = false): Promise<boolean> {
  const result = await runCountPass({
    paths: [path],
    makeNamer: (files) => { const d = buildRegistry(files); return (r) => summaryEventName(d.decode(r)); },
    makeMismatchCheck: checked
      ? (files) => { const registry = buildRegistry(files); return new SchemaMismatchCheck(registry); }
      : undefined,
  });
  return result !== null;
}

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe.skipIf(!haveCorpus)('count pass with the payload check', () => {
  it('gives up on a trace that carries EventSource manifests (what they decode depends on time order) and takes the others', async () => {
    expect(await countPassTakes(etlPath('perfview-net452-x64-compressed'), true)).toBe(false);
    expect(await countPassTakes(etlPath('perfview-clr-rundown'), true)).toBe(true);
    expect(await countPassTakes(etlPath('diaghub-kernel'), true)).toBe(true);
  });
});

describe.skipIf(!haveCorpus)('count pass on every corpus file', () => {
  it.each(corpusStems())('%s: the same summary as the ordered pass, and the count pass takes it', async (stem) => {
    const { counted, ordered } = await bothSummaries(etlPath(stem));
    expect(counted).toEqual(ordered);
    expect(counted.text).toMatch(/Total Events {2}Processed\s+[1-9]/);
    expect(await countPassTakes(etlPath(stem))).toBe(true);
  });

  it('diaghub-kernel with wmicore.mof: names come from the MOF classes, the same in both passes', async () => {
    const { counted, ordered } = await bothSummaries(etlPath('diaghub-kernel'), ['--mof', join(CORPUS_SCHEMAS, 'wmicore.mof')]);
    expect(counted).toEqual(ordered);
    expect(counted.text).toMatch(/\| +\d+ {3}SystemConfig {9}/);
  });

  it('perfview-clr-rundown with ClrEtwAll.man: manifest task names, the same in both passes', async () => {
    const { counted, ordered } = await bothSummaries(etlPath('perfview-clr-rundown'), ['-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man')]);
    expect(counted).toEqual(ordered);
    expect(counted.text).toMatch(/MethodRundown|Method/);
  });
});

/** Rows, total and times by the ordered reader and by the count pass, with a namer that names a type by its first record's own raw time and opcode. */
async function rowsBothWays(path: string) {
  const nameOf = (r: EtlRecord) => `${r.rawTime}/${r.opcode}`;
  const reader = EtlReader.open([path]);
  const ordered = new EventCounts(nameOf);
  for (const r of reader.records()) ordered.add(r);
  reader.close();
  const counted = (await runCountPass({ paths: [path], makeNamer: () => nameOf }))!;
  const facts = (c: EventCounts) => ({ rows: c.rows(), total: c.total, first: c.firstTime, last: c.lastTime });
  return { ordered: facts(ordered), counted: facts(counted.counts) };
}

describe.skipIf(!haveCorpus)('count pass: each type is named by its first record in time order', () => {
  it.each(['diaghub-kernel', 'perfview-net452-x64-compressed', 'airbus-lxcore-kernel-tl', 'perfview-gcevents-circular'])('%s', async (stem) => {
    const { ordered, counted } = await rowsBothWays(etlPath(stem));
    expect(counted).toEqual(ordered);
  });
});

describe('count pass on synthetic files', () => {
  it('interleaved processors: each type is named by its first record in time order', async () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
    // Processor 1 holds the earliest record of the type; processor 0 is walked first.
    for (let i = 0; i < 40; i++) b.system({ cpu: i < 20 ? 0 : 1, raw: 5_000_000_000n + BigInt(i < 20 ? 100 + i : i - 20), hookId: 0x0524, payload: Buffer.alloc(16) });
    const { ordered, counted } = await rowsBothWays(write('named.etl', b.build()));
    expect(counted).toEqual(ordered);
    expect(counted.rows.find((r) => r.count === 40)!.name).toBe('5000000000/36');
  });

  it('the Docker session (per-CPU buffers, interleaved): the same summary with and without --docker', async () => {
    const path = write('docker.etl', buildDockerEtl().etl);
    for (const extra of [[], ['--docker']]) {
      const { counted, ordered } = await bothSummaries(path, extra);
      expect(counted).toEqual(ordered);
      expect(counted.text).toContain('Docker Lines');
    }
    expect(await countPassTakes(path)).toBe(true);
  });

  const kernel = () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x400 });
    for (let i = 0; i < 200; i++) {
      b.system({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i * 10), hookId: i % 3 === 0 ? 0x0524 : 0x0a0e, headerType: i % 5 === 0 ? 0x10 : 0x02, payload: Buffer.alloc(24, i) });
    }
    return b;
  };

  it('kernel records on two processors (SYSTEM and PERFINFO headers): the same summary', async () => {
    const path = write('kernel.etl', kernel().build());
    const { counted, ordered } = await bothSummaries(path);
    expect(counted).toEqual(ordered);
    expect(counted.text).toMatch(/Total Events {2}Processed\s+201/);
  });

  it('a garbage marker: the same summary, the same one warning, the same exit code', async () => {
    const bytes = Buffer.from(kernel().build('sequence'));
    const at = 0x400 + 0x48 + 0x28; // second record of the first data buffer (after a 0x28-byte PERFINFO record)
    bytes.writeUInt32LE(0x12345678, at);
    const { counted, ordered } = await bothSummaries(write('garbage.etl', bytes));
    expect(counted).toEqual(ordered);
    expect(counted.warnings).toHaveLength(1);
    expect(counted.warnings[0]).toMatch(/0x12345678/);
    expect(counted.code).not.toBe(0);
  });

  it('a truncated file: the same summary and warning', async () => {
    const full = kernel().build('sequence');
    const { counted, ordered } = await bothSummaries(write('cut.etl', full.subarray(0, full.length - 0x300)));
    expect(counted).toEqual(ordered);
    expect(counted.warnings.join('\n')).toMatch(/truncated/);
  });

  it('a stream that goes back in time: the count pass gives up, the ordered pass writes the summary, warnings once', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x400 });
    for (const t of [50n, 10n, 60n, 20n]) b.system({ cpu: 0, raw: 5_000_000_000n + t, hookId: 0x0524, payload: Buffer.alloc(8) });
    const bytes = Buffer.from(b.build('sequence'));
    const path = write('backwards.etl', bytes);
    expect(await countPassTakes(path)).toBe(false);
    const { counted, ordered } = await bothSummaries(path);
    expect(counted).toEqual(ordered);
    expect(counted.text).toMatch(/Total Events {2}Processed\s+5/);
  });
});
