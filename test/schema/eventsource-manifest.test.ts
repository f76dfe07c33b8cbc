import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import {
  EventSourceManifestCollector, isManifestDataEvent, readManifestEnvelope,
} from '../../src/etw/schema/eventsource/eventsource-manifest.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { EtlBuilder, utf16z } from '../support/etl-builder.js';
import { etlPath, describeCorpus } from '../support/corpus.js';

const SOURCE = '7e57e57e-0000-5000-a000-00000000d3e0';
const XML = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'manifests', 'etwkit-eventsource.xml'));
const T0 = 5_000_000_000n;

function envelope(total: number, chunk: number, data: Buffer, magic = 0x5b): Buffer {
  const head = Buffer.from([1, 1, 0, magic, 0, 0, 0, 0]);
  head.writeUInt16LE(total, 4);
  head.writeUInt16LE(chunk, 6);
  return Buffer.concat([head, data]);
}
const manifestData = { provider: SOURCE, id: 0xfffe, opcode: 0xfe, task: 0xfffe, version: 1 };

function orderStart(customer: string, amount: bigint, color: number): Buffer {
  const tail = Buffer.alloc(12);
  tail.writeBigInt64LE(amount, 0);
  tail.writeInt32LE(color, 8);
  return Buffer.concat([utf16z(customer), tail]);
}

/** Writes the built file, decodes every record with a registry fed by the collector. */
function decodeAll(b: EtlBuilder): { payloads: DecodedPayload[]; collector: EventSourceManifestCollector } {
  const path = join(mkdtempSync(join(tmpdir(), 'etwkit-es-')), 'es.etl');
  writeFileSync(path, b.build('sequence'));
  const reader = EtlReader.open([path]);
  const registry = new SchemaRegistry({ files: reader.files });
  const collector = new EventSourceManifestCollector();
  registry.addSource(collector);
  const payloads: DecodedPayload[] = [];
  for (const r of reader.records()) if (r.kind === 'event') payloads.push(registry.decode(r));
  reader.close();
  return { payloads, collector };
}
const fieldTexts = (p: DecodedPayload): Record<string, string> => Object.fromEntries(p.fields.map((f) => [f.name, f.text]));

describe('EventSource ManifestData envelope', () => {
  it('reads the 8-byte header and rejects a wrong magic byte', () => {
    expect(readManifestEnvelope(envelope(3, 2, Buffer.from('x')))).toEqual({
      format: 1, majorVersion: 1, minorVersion: 0, magic: 0x5b, totalChunks: 3, chunkNumber: 2,
    });
    expect(readManifestEnvelope(envelope(1, 0, Buffer.alloc(0), 0x5a))).toBeNull();
    expect(readManifestEnvelope(Buffer.alloc(7))).toBeNull();
  });
});

describe('EventSource manifests carried in the trace', () => {
  // Split the UTF-8 text in three, the second cut inside the two-byte "ü" of "Grün".
  const cut2 = XML.indexOf(Buffer.from('Grün')) + 3;
  const cut1 = Math.floor(cut2 / 2);
  const chunks = [XML.subarray(0, cut1), XML.subarray(cut1, cut2), XML.subarray(cut2)];
  const b = new EtlBuilder({ cpus: 1 });
  b.event({ raw: T0 + 1n, provider: SOURCE, id: 1, task: 1, opcode: 1, payload: orderStart('early', 1n, 0) })
    .event({ raw: T0 + 2n, ...manifestData, payload: envelope(3, 0, chunks[0]!) })
    .event({ raw: T0 + 3n, ...manifestData, payload: envelope(3, 2, chunks[2]!) }) // out of order
    .event({ raw: T0 + 4n, provider: SOURCE, id: 1, task: 1, opcode: 1, payload: orderStart('still early', 2n, 1) })
    .event({ raw: T0 + 5n, ...manifestData, payload: envelope(3, 1, chunks[1]!) })
    .event({ raw: T0 + 6n, provider: SOURCE, id: 1, task: 1, opcode: 1, payload: orderStart('Zoë', 12345678901n, 1) })
    .event({ raw: T0 + 7n, provider: SOURCE, id: 2, task: 1, opcode: 2, payload: Buffer.from([1, 0, 0, 0]) })
    .event({ raw: T0 + 8n, ...manifestData, payload: envelope(1, 0, XML) }) // sent again, unsplit
    .event({ raw: T0 + 9n, provider: SOURCE, id: 3, payload: Buffer.alloc(4) });
  const { payloads, collector } = decodeAll(b);

  it('leaves events before the last chunk undecoded (no schema yet)', () => {
    expect(payloads[0]!.error?.code).toBe(1168);
    expect(payloads[3]!.error?.code).toBe(1168);
  });

  it('assembles the chunks in chunk order and decodes the provider\'s later events', () => {
    const start = payloads[5]!;
    expect(start.error).toBeNull();
    expect(start).toMatchObject({
      source: 'eventsource', providerName: 'Etwkit-Demo-Source', taskName: 'Order', opcodeName: 'Start',
      levelName: 'Information', keywordNames: ['Shop'], message: 'Order for Zoë of 12345678901 (Grün)',
    });
    expect(fieldTexts(start)).toEqual({ customer: 'Zoë', amount: '12345678901', color: 'Grün' });
    expect(payloads[6]!.error).toBeNull();
    expect(fieldTexts(payloads[6]!)).toEqual({ ok: 'true' });
  });

  it('decodes the ManifestData events themselves as their envelope', () => {
    const first = payloads[1]!;
    expect(first.error).toBeNull();
    expect(first.eventName).toBe('ManifestData');
    const t = fieldTexts(first);
    expect([t.Format, t.MajorVersion, t.MinorVersion, t.Magic, t.TotalChunks, t.ChunkNumber]).toEqual(['1', '1', '0', '91', '3', '0']);
    expect(t.Data).toBe(chunks[0]!.toString('utf8'));
    expect(payloads[7]!.providerName).toBe('Etwkit-Demo-Source');
  });

  it('keeps events the manifest does not define undecodable', () => {
    expect(payloads[8]!.error?.code).toBe(1168);
  });

  it('reports what it loaded, once per distinct manifest', () => {
    expect(collector.manifests()).toEqual([{
      providerId: SOURCE, providerName: 'Etwkit-Demo-Source', eventsRegistered: 2, manifestsLoaded: 2, error: null, warnings: [],
    }]);
  });

  it('reports a manifest that cannot be read instead of throwing', () => {
    const broken = new EtlBuilder({ cpus: 1 });
    broken.event({ raw: T0 + 1n, ...manifestData, payload: envelope(1, 0, Buffer.from('<instrumentationManifest><oops>')) });
    const { payloads: p, collector: c } = decodeAll(broken);
    expect(p[0]!.error).toBeNull(); // the envelope still decodes
    expect(c.manifests()[0]!.error).toMatch(/could not be read: XML .*not closed/);
  });
});

describeCorpus('EventSource manifests in perfview-net452-x64-compressed.etl', () => {
  const reader = EtlReader.open([etlPath('perfview-net452-x64-compressed')]);
  const registry = new SchemaRegistry({ files: reader.files });
  const collector = new EventSourceManifestCollector();
  registry.addSource(collector);
  const byName = new Map<string, DecodedPayload[]>();
  let manifestEvents = 0;
  for (const r of reader.records()) {
    if (r.kind !== 'event') continue;
    if (isManifestDataEvent(r)) manifestEvents++;
    const d = registry.decode(r);
    if (d.source !== 'eventsource') continue;
    const key = `${d.providerName}/${d.taskName ?? ''}/${d.opcodeName ?? ''}`;
    byName.set(key, [...(byName.get(key) ?? []), d]);
  }
  reader.close();

  it('finds the four ManifestData events and loads the three EventSource manifests', () => {
    expect(manifestEvents).toBe(4);
    expect(collector.manifests().map((m) => [m.providerName, m.eventsRegistered, m.manifestsLoaded, m.error])).toEqual([
      ['PerfView', 23, 2, null],
      ['System.Threading.Tasks.TplEventSource', 12, 1, null],
      ['System.Diagnostics.Eventing.FrameworkEventSource', 128, 1, null],
    ]);
  });

  it('decodes TplEventSource and FrameworkEventSource events with the values TraceEvent shows', () => {
    // From perfview-net452-x64-compressed.traceevent-baseline.txt (first events of each kind, in time order).
    const scheduled = byName.get('System.Threading.Tasks.TplEventSource/TaskScheduled/Send')!;
    expect(scheduled.every((d) => d.error === null)).toBe(true);
    expect(scheduled.slice(0, 3).map(fieldTexts)).toEqual([6, 7, 8].map((taskId) => ({
      OriginatingTaskSchedulerID: '1', OriginatingTaskID: '5', TaskID: String(taskId), CreatingTaskID: '0', TaskCreationOptions: '8192',
    })));
    const execStart = byName.get('System.Threading.Tasks.TplEventSource/TaskExecute/Start')!;
    expect(execStart.map((d) => fieldTexts(d).TaskID)).toEqual(['6', '8', '7']);
    const execStop = byName.get('System.Threading.Tasks.TplEventSource/TaskExecute/Stop')!;
    expect(fieldTexts(execStop[0]!)).toMatchObject({ OriginatingTaskSchedulerID: '1', OriginatingTaskID: '5', TaskID: '8', IsExceptional: 'false' });
    const enqueue = [...byName].find(([k]) => k.includes('ThreadPoolEnqueueWork'))![1];
    expect(enqueue.map((d) => fieldTexts(d).workID)).toEqual(['278775272', '278775344', '278775416']);
    const dequeue = [...byName].find(([k]) => k.includes('ThreadPoolDequeueWork'))![1];
    expect(dequeue.map((d) => fieldTexts(d).workID)).toEqual(['278775272', '278775344']);
  });

  it('names events by task and opcode as the manifests define them', () => {
    // '…//' is ManifestData itself (no task or opcode); the rest come from the loaded manifests.
    expect([...byName.keys()].sort()).toEqual([
      'PerfView//', 'PerfView/ClrEnableParameters/', 'PerfView/CommandLineParameters/', 'PerfView/KernelEnableParameters/',
      'PerfView/PerfViewLog/', 'PerfView/ProviderEnableParameters/', 'PerfView/Rundown/Start', 'PerfView/Rundown/Stop',
      'PerfView/SessionParameters/', 'PerfView/StartAndStopTimes/', 'PerfView/StopReason/', 'PerfView/Tracing/Start',
      'PerfView/Tracing/Stop', 'PerfView/WaitForIdle/',
      'System.Diagnostics.Eventing.FrameworkEventSource//',
      'System.Diagnostics.Eventing.FrameworkEventSource/ThreadPoolDequeueWork/',
      'System.Diagnostics.Eventing.FrameworkEventSource/ThreadPoolEnqueueWork/',
      'System.Threading.Tasks.TplEventSource//',
      'System.Threading.Tasks.TplEventSource/TaskExecute/Start',
      'System.Threading.Tasks.TplEventSource/TaskExecute/Stop',
      'System.Threading.Tasks.TplEventSource/TaskScheduled/Send',
    ]);
  });

  it('decodes every event of the three providers', () => {
    const all = [...byName.values()].flat();
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((d) => d.error !== null)).toEqual([]);
  });
});
