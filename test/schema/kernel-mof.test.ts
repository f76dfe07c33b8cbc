/**
 * End to end: the WDK's wmicore.mof loaded and registered, the NT kernel logger records of
 * diaghub-kernel.etl decoded with named fields, and the EventTrace (group 0) header records
 * of every corpus file decoded; header values checked against TraceEvent's listing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { EVENT_TRACE_GUID } from '../../src/etw/etl/kernel-groups.js';
import { loadMof, type LoadedMof } from '../../src/etw/schema/mof/mof-loader.js';
import { registerMof } from '../../src/etw/schema/mof/mof-register.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { CORPUS_SCHEMAS, corpusStems, etlPath, describeCorpus } from '../support/corpus.js';
import { compareValue, readBaseline } from './clr-traceevent-baseline.js';

const texts = (p: DecodedPayload): Record<string, string> => Object.fromEntries(p.fields.map((f) => [f.name, f.text]));

describeCorpus('wmicore.mof', () => {
  const text = readFileSync(join(CORPUS_SCHEMAS, 'wmicore.mof'), 'utf8');
  const t0 = performance.now();
  const wmicore = loadMof(text);
  const loadMs = performance.now() - t0;

  it('loads completely and quickly', () => {
    expect(loadMs).toBeLessThan(1000);
    expect(wmicore.classCount).toBe(761);
    expect(wmicore.events).toHaveLength(569);
    expect(wmicore.schemas.size).toBe(569);
    // The one layout it cannot size: LbrRecord_V2's trailing struct array has no count.
    expect(wmicore.warnings).toEqual(['class LbrRecord_V2: property Entries: array without a size (no [N], MAX or WmiSizeIs)']);
    const kernel = wmicore.providers.find((p) => p.className === 'MSNT_SystemTrace')!;
    expect(kernel.guid).toBe('9e814aad-3204-11d2-9a82-006008a86939');
    expect(kernel.flags).toHaveLength(23);
    expect(kernel.flags[0]).toEqual({ value: 1n, name: 'process', description: 'Process creations/deletions', symbol: 'EVENT_TRACE_FLAG_PROCESS' });
    expect(kernel.flags[22]).toMatchObject({ value: 0x04000000n, name: 'fileio' });
  });

  it('describes the log-file header record (EventTrace_Header) with pointer-sized name fields', () => {
    const header = wmicore.schemas.find(EVENT_TRACE_GUID, 0, 2)!;
    expect(header.className).toBe('EventTrace_Header');
    const props = header.schema.properties;
    expect(props).toHaveLength(23);
    expect(props.find((p) => p.name === 'LoggerName')!.inType).toBe(16); // POINTER
    expect(props.find((p) => p.name === 'TimeZoneInformation')).toMatchObject({ noPrint: true, count: { fixed: 176 } });
    expect(wmicore.schemas.find(EVENT_TRACE_GUID, 0, 1)!.className).toBe('EventTrace_V1_Header');
  });

  describe('diaghub-kernel.etl', () => {
    const { total, decoded, failures, trailing, byEvent } = decodeKernelTrace('diaghub-kernel', wmicore);

    it('decodes at least 99% of the records with named fields', () => {
      expect(total).toBe(16335);
      expect(decoded / total).toBeGreaterThanOrEqual(0.99);
      expect(decoded).toBe(16334); // 99.99 %
      // The one record left is not kernel data: a manifest event of a provider we have no manifest for.
      expect(failures).toEqual(['event {6f669bfa-816a-4204-a824-47c8e6a00474} 1168']);
      expect(trailing).toEqual([]);
    });

    it('decodes the header, process, image and system-configuration records to the right values', () => {
      expect(texts(byEvent.get('EventTrace/Header')![0]!)).toMatchObject({
        BufferSize: '65536', ProviderVersion: '19041', NumberOfProcessors: '4', PointerSize: '8', EventsLost: '0',
        LogFileMode: '0x11001', PerfFreq: '10000000', LogFileNameString: 'ReloggedFile.ETL',
      });
      expect(texts(byEvent.get('EventTrace/Extension')![0]!)).toMatchObject({ KernelEventVersion: '0x50' });
      const start = byEvent.get('Process/Start')!;
      expect(start).toHaveLength(18);
      expect(texts(start[0]!)).toMatchObject({
        UniqueProcessKey: '0xFFFFA804E5906080', ProcessId: '0x34E4', ParentId: '0x3368', SessionId: '2', ExitStatus: '259',
        UserSID: 'S-1-5-21-2127521184-1604012920-1887927527-43956499', ImageFileName: 'VsDebugConsole.exe',
      });
      expect(texts(byEvent.get('Process/DCStart')![0]!)).toMatchObject({ ProcessId: '0x0', ImageFileName: 'Idle', UserSID: 'S-1-5-18' });
      expect(byEvent.get('Image/DCStart')!.length).toBe(187);
      expect(texts(byEvent.get('Image/DCStart')![0]!)).toMatchObject({
        ImageBase: '0xFFFFF8016AA00000', ImageSize: '0x1046000', FileName: '\\SystemRoot\\system32\\ntoskrnl.exe',
      });
      expect(byEvent.get('Image/DCEnd')!.length).toBe(187 + 14830); // system and perfinfo headers
      expect(byEvent.get('Image/UnLoad')!.length).toBe(143);
      expect(texts(byEvent.get('SystemConfig/CPU')![0]!)).toMatchObject({
        MHz: '2295', NumberOfProcessors: '4', MemSize: '16384', ComputerName: 'liha-test', DomainName: 'redmond.corp.microsoft.com',
      });
      expect(texts(byEvent.get('SystemConfig/PhyDisk')![0]!)).toMatchObject({ Manufacturer: 'Virtual HD ATA Device', BootDriveLetter: 'C' });
      expect(texts(byEvent.get('SystemConfig/LogDisk')![0]!)).toMatchObject({ DriveLetterString: 'C:', FileSystem: 'NTFS', BytesPerSector: '512' });
      expect(texts(byEvent.get('SystemConfig/Processors')![0]!).ProcessorName).toBe('Intel(R) Xeon(R) CPU E5-2673 v4 @ 2.30GHz');
      expect(texts(byEvent.get('SystemConfig/TelemetryConfiguration')![0]!).MachineId).toBe('{b3b0fa5f-3c87-4542-b08d-7886ea577083}');
    });
  });

  it('decodes the EventTrace (group 0) records of every corpus file', () => {
    const seen = new Set<string>();
    for (const stem of corpusStems()) {
      const reader = EtlReader.open([etlPath(stem)]);
      const registry = new SchemaRegistry({ files: reader.files });
      registerMof(registry, wmicore);
      for (const r of reader.records()) {
        if (r.providerId !== EVENT_TRACE_GUID) continue;
        const d = registry.decode(r);
        expect(d.error, `${stem} EventTrace type ${r.opcode}`).toBeNull();
        seen.add(`${r.opcode}:${d.opcodeName}`);
      }
      reader.close();
    }
    expect([...seen].sort()).toEqual([
      '0:Header', '32:EndExtension', '5:Extension', '64:DbgIdRSDS', '66:BuildInfo', '80:PartitionInfoExtensionV2', '82:LastDroppedTimes', '8:RDComplete',
    ]);
  });

  it('matches TraceEvent\'s values for the header record', () => {
    for (const stem of ['perfview-gcevents-circular', 'perfview-clr-rundown']) {
      const expected = readBaseline(stem).find((b) => b.name === 'Windows Kernel/EventTrace')!;
      const reader = EtlReader.open([etlPath(stem)]);
      const registry = new SchemaRegistry({ files: reader.files });
      registerMof(registry, wmicore);
      let header: DecodedPayload | null = null;
      for (const r of reader.records()) {
        if (r.providerId === EVENT_TRACE_GUID && r.opcode === 0) header = registry.decode(r);
      }
      reader.close();
      const compared: string[] = [];
      // TraceEvent shows the strings under the names of the pointer fields that precede them.
      const ours: Record<string, string> = { SessionName: 'SessionNameString', LogFileName: 'LogFileNameString' };
      for (const [name, value] of expected.fields) {
        const field = header!.fields.find((f) => f.name === (ours[name] ?? name));
        if (!field || value.endsWith('...') && /^\d\d\//.test(value)) continue; // TraceEvent's own names / local dates
        expect(compareValue(value, field), `${stem} ${name}: ${value} vs ${field.text}`).toBe('equal');
        compared.push(name);
      }
      expect(compared).toEqual([
        'BufferSize', 'Version', 'ProviderVersion', 'NumberOfProcessors', 'TimerResolution', 'MaxFileSize', 'LogFileMode',
        'BuffersWritten', 'StartBuffers', 'PointerSize', 'EventsLost', 'CPUSpeed', 'PerfFreq', 'ReservedFlags', 'BuffersLost',
        'SessionName', 'LogFileName',
      ]);
    }
  });
});

function decodeKernelTrace(stem: string, mof: LoadedMof) {
  const reader = EtlReader.open([etlPath(stem)]);
  const registry = new SchemaRegistry({ files: reader.files });
  registerMof(registry, mof);
  let total = 0;
  let decoded = 0;
  const failures: string[] = [];
  const trailing: string[] = [];
  const byEvent = new Map<string, DecodedPayload[]>();
  for (const r of reader.records()) {
    total++;
    const d = registry.decode(r);
    if (d.error) {
      failures.push(`${r.kind} {${r.providerId}} ${d.error.code}`);
      continue;
    }
    decoded++;
    if (d.trailingBytes) trailing.push(`${d.eventName}/${d.opcodeName} ${d.trailingBytes}`);
    const key = `${d.eventName}/${d.opcodeName}`;
    const list = byEvent.get(key);
    if (list) list.push(d);
    else byEvent.set(key, [d]);
  }
  reader.close();
  return { total, decoded, failures, trailing, byEvent };
}
