/**
 * The EventTrace group records of real header buffers, decoded by name.
 */
import { describe, expect, it } from 'vitest';
import { decodeEventTraceRecord } from '../../src/etw/schema/builtin/eventtrace-records.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { etlPath, haveCorpus } from '../support/corpus.js';

function groupZero(stem: string) {
  const reader = EtlReader.open([etlPath(stem)]);
  const out: Array<{ hook: number; decoded: ReturnType<typeof decodeEventTraceRecord> }> = [];
  for (const r of reader.records()) {
    if (r.hookId !== null && r.hookId >>> 8 === 0 && r.hookId !== 0) out.push({ hook: r.hookId, decoded: decodeEventTraceRecord(r) });
  }
  reader.close();
  return out;
}

describe.skipIf(!haveCorpus)('EventTrace group records', () => {
  it('findneedle-wppbin: PartitionInfoExtension (48 zero bytes), BuildInfo and DbgIdRSDS', () => {
    const recs = groupZero('findneedle-wppbin');
    const byName = Object.fromEntries(recs.map((x) => [x.decoded!.name, Object.fromEntries(x.decoded!.values)]));
    expect(Object.keys(byName)).toEqual(['PartitionInfoExtension', 'BuildInfo', 'DbgIdRSDS']);
    expect(byName.PartitionInfoExtension!.Data).toBe('0x' + '00'.repeat(48));
    expect(byName.BuildInfo!.BuildString).toMatch(/^\d{5}\.\d+\.amd64fre\./);
    expect(byName.DbgIdRSDS!.Guid).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(byName.DbgIdRSDS!.PdbName).toMatch(/\.pdb$/i);
    expect(typeof byName.DbgIdRSDS!.Age).toBe('number');
  });

  it('sonde-relogged-mof-tl: LastDroppedTimes reads as a count of 16 and 16 zero times', () => {
    const last = groupZero('sonde-relogged-mof-tl').find((x) => x.hook === 0x52)!.decoded!;
    expect(last.name).toBe('LastDroppedTimes');
    expect(last.values).toEqual([['Count', 16], ['Times', Array(16).fill('0')]]);
  });

  it('diaghub-kernel: kernel-session Extension and EndExtension group masks, RDComplete', () => {
    const names = groupZero('diaghub-kernel').map((x) => x.decoded?.name);
    expect(names).toContain('Extension');
    expect(names).toContain('EndExtension');
    const ext = groupZero('diaghub-kernel').find((x) => x.decoded?.name === 'Extension')!.decoded!;
    expect(ext.values.map((v) => v[0])).toEqual(['GroupMask1', 'GroupMask2', 'GroupMask3', 'GroupMask4', 'GroupMask5', 'GroupMask6', 'GroupMask7', 'GroupMask8', 'KernelEventVersion']);
    expect(ext.values[0]![1]).toMatch(/^0x[0-9A-F]+$/);
  });
});

describe.skipIf(!haveCorpus)('EventTrace records in report output without a schema file', () => {
  it('JSONL carries their named fields', async () => {
    const { runCli } = await import('../support/run-cli.js');
    const r = runCli(['report', etlPath('findneedle-wppbin'), '-of', 'JSONL', '-o', '-', '--quiet']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.hookId === '0x0042').fields.BuildString).toMatch(/amd64fre/);
    expect(lines.find((l) => l.hookId === '0x0040').fields.PdbName).toMatch(/\.pdb$/i);
  });
});
