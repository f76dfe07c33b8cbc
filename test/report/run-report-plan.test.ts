/**
 * The report run without the command line (src/etw/report/run-report-plan.ts):
 * everything it says goes through its ReportHost, and the outcome, not an exit
 * code, comes back — so cli/ only prints. Checked on a real corpus trace and on
 * a damaged synthetic one (the count pass gives up and the ordered pass reports
 * the damage once).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlInputError } from '../../src/etw/etl/errors.js';
import { planReport, type ReportOptions } from '../../src/etw/report/report-plan.js';
import { runReportPlan, type ReportHost } from '../../src/etw/report/run-report-plan.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { scratchDir } from '../render/report-run.js';

/** A host that records every call in order; `replace` answers the overwrite question. */
function recordingHost(replace = true): ReportHost & { calls: string[]; records: number } {
  const host = {
    calls: [] as string[],
    records: 0,
    env: {},
    warn: (text: string) => { host.calls.push(`warn ${text}`); },
    mayReplace: (path: string) => { host.calls.push(`mayReplace ${path}`); return replace; },
    onInputsOpen: () => { host.calls.push('open'); },
    onProgress: (p: { records: number }) => { host.records = p.records; },
  };
  return host;
}

const plan = (o: Partial<ReportOptions> & { files: string[] }) => planReport({ yes: false, ...o } as ReportOptions);

describe.skipIf(!haveCorpus)('runReportPlan on a real trace', () => {
  const input = etlPath('hw3d-single-tl-event');

  it('writes the dump, opens the inputs once and reports every record through the host', async () => {
    const dir = scratchDir();
    const out = join(dir, 'dump.jsonl');
    const host = recordingHost();
    const outcome = await runReportPlan(plan({ files: [input], output: out, format: 'JSONL' }), host);
    expect(outcome).toEqual({ kind: 'files', damagedRegions: 0 });
    expect(host.calls).toEqual(['open']);
    const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
    expect(host.records).toBeGreaterThan(0);
    expect(lines.length).toBe(host.records);
    expect(readdirSync(dir)).toEqual(['dump.jsonl']); // no temporary file left
  });

  it('asks before replacing a file; a no writes nothing and opens no input', async () => {
    const dir = scratchDir();
    const out = join(dir, 'summary.txt');
    writeFileSync(out, 'keep me');
    const host = recordingHost(false);
    const outcome = await runReportPlan(plan({ files: [input], summary: out }), host);
    expect(outcome).toEqual({ kind: 'refused' });
    expect(host.calls).toEqual([`mayReplace ${out}`]);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['summary.txt']);
  });

  it('a missing input is thrown as EtlInputError before any output exists', async () => {
    const dir = scratchDir();
    const out = join(dir, 'dump.xml');
    await expect(runReportPlan(plan({ files: [input, join(dir, 'absent.etl')], output: out }), recordingHost()))
      .rejects.toThrow(EtlInputError);
    expect(existsSync(out)).toBe(false);
  });
});

describe('runReportPlan on damaged input', () => {
  it('summary only: the count pass gives up on a stream that goes back in time; the damage is warned once and counted', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 30; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i % 2 === 0 ? 100 + i : i), hookId: 0x0524, payload: Buffer.alloc(40) });
    const bytes = Buffer.from(b.build('sequence'));
    const at = 0x400 + 0x48 + 0x48; // second record of the second data buffer
    bytes.writeUInt32LE(0x12345678, at);
    const dir = scratchDir();
    const input = join(dir, 'damaged.etl');
    writeFileSync(input, bytes);
    const host = recordingHost();
    const outcome = await runReportPlan(plan({ files: [input], summary: join(dir, 'summary.txt') }), host);
    expect(outcome).toEqual({ kind: 'files', damagedRegions: 1 });
    const damage = host.calls.filter((c) => c.includes('unknown record marker 0x12345678'));
    expect(damage).toEqual([`warn ${input}: at offset 0x${at.toString(16)}: unknown record marker 0x12345678; the rest of this buffer is skipped`]);
    expect(host.calls[0]).toBe('open');
    expect(readFileSync(join(dir, 'summary.txt'), 'utf8')).toContain('Total Events');
  });

  it('an input that is not a trace: the error is thrown and the outputs opened for it are removed', async () => {
    const dir = scratchDir();
    const input = join(dir, 'not-a-trace.etl');
    writeFileSync(input, 'this is text, not an .etl file');
    await expect(runReportPlan(plan({ files: [input], output: join(dir, 'dump.csv'), format: 'CSV', summary: join(dir, 'summary.txt') }), recordingHost()))
      .rejects.toThrow(/not-a-trace\.etl/);
    expect(readdirSync(dir)).toEqual(['not-a-trace.etl']);
  });
});
