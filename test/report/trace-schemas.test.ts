/**
 * `report` with no schema option on merged traces: the KernelTraceControl
 * classes and the schemas carried in EventMetadata events decode by default,
 * and a carried schema that cannot be used is one warning naming file and offset.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_METADATA_CLASS } from '../../src/etw/schema/builtin/kernel-trace-control.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { OUTPUT_CHOICES, runEveryOutput } from '../support/every-output.js';
import { runCli } from '../support/run-cli.js';
import { traceEventInfo } from '../support/tdh-blob-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-trace-schemas-'));

/** JSON lines of `report FILE -of JSONL` with no schema option. */
function jsonl(path: string): { lines: any[]; stderr: string; status: number | null } {
  const out = join(dir, 'out.jsonl');
  const r = runCli(['report', path, '-of', 'JSONL', '-o', out, '-y']);
  return { lines: readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)), stderr: r.stderr, status: r.status };
}

describe.skipIf(!haveCorpus)('merged traces decode with no schema option', () => {
  it('diaghub-relogged-kerneltracecontrol: all but one of 62,379 records have named fields', () => {
    const { lines, status } = jsonl(etlPath('diaghub-relogged-kerneltracecontrol'));
    expect(status).toBe(0);
    expect(lines).toHaveLength(62379);
    expect(lines.filter((l) => l.error !== null).map((l) => `${l.provider} ${l.type}`)).toEqual(['{9b79ee91-b5fd-41c0-a243-4248e266e9d0} 37']);
  });

  it('perfview-net452: the .NET, Kernel-Process, Kernel-File and DNS events its EventMetadata describes are decoded', () => {
    const { lines } = jsonl(etlPath('perfview-net452-x64-compressed'));
    const decoded = (provider: string) => lines.filter((l) => l.provider === `{${provider}}` && l.fields !== null && l.error === null).length;
    expect(decoded('e13c0d23-ccbc-4e12-931b-d9cc2eee27e4')).toBeGreaterThan(32000); // DotNETRuntime: 32,730 events
    expect(decoded('edd08927-9cc4-4e65-b970-c2560fb5c289')).toBe(562); // Kernel-File
    expect(decoded('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716')).toBe(2); // Kernel-Process start and stop
    expect(decoded('1c95126e-7eea-49a9-a3fe-a378b03ddb4d')).toBe(4); // DNS-Client
    const load = lines.find((l) => l.provider === '{e13c0d23-ccbc-4e12-931b-d9cc2eee27e4}' && l.id === 154)!;
    expect(load.fields.FullyQualifiedAssemblyName).toBe('mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089');
    expect(load.fields.AssemblyFlags).toBe('DomainNeutral');
  });
});

describe('a schema carried by the trace that cannot be used', () => {
  it('is one warning naming the file and the event\'s offset; the run goes on', () => {
    const blob = traceEventInfo({ provider: 'a1b2c3d4-0000-4000-8000-123456789abc', id: 1, properties: [{ name: 'X', inType: InType.UINT32 }] });
    const b = new EtlBuilder({ cpus: 1 });
    b.classic({ raw: 5_000_000_001n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: blob.subarray(0, 60) });
    const path = join(dir, 'bad-metadata.etl');
    writeFileSync(path, b.build('sequence'));
    const { lines, stderr, status } = jsonl(path);
    expect(status).toBe(0);
    expect(lines).toHaveLength(2);
    const warnings = stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([expect.stringMatching(
      new RegExp(`^warning: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: at offset 0x[0-9a-f]+: the schema this EventMetadata event carries cannot be used: TRACE_EVENT_INFO: 60 bytes is shorter than its 112-byte fixed part`))]);
  });
  it('is the same warning whatever the outputs, also those that decode nothing (-report, --docker; found by the fuzz run)', async () => {
    const blob = traceEventInfo({ provider: 'a1b2c3d4-0000-4000-8000-123456789abc', id: 1, properties: [{ name: 'X', inType: InType.UINT32 }] });
    const b = new EtlBuilder({ cpus: 1 });
    b.classic({ raw: 5_000_000_001n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: blob.subarray(0, 60) });
    const path = join(dir, 'bad-metadata-every.etl');
    writeFileSync(path, b.build('sequence'));
    const results = await runEveryOutput([path], OUTPUT_CHOICES);
    for (const r of results) {
      expect(r.code, r.name).toBe(0);
      expect(r.warnings.filter((w) => w.includes('cannot be used')), r.name).toHaveLength(1);
    }
  });
});
