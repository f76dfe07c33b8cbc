/**
 * The in-trace source that turns KernelTraceControl EventMetadata events into
 * schemas for the same file's events, on built files: metadata before its
 * events, a map that comes after them, a repeated description, a damaged blob,
 * and a schema file that describes the same event (it wins).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { EVENT_METADATA_CLASS } from '../../src/etw/schema/builtin/kernel-trace-control.js';
import { EventMetadataCollector } from '../../src/etw/schema/tdh/event-metadata-source.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { SchemaFileSource } from '../../src/etw/schema/schema-files.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { eventMapInfoPayload, traceEventInfo } from '../support/tdh-blob-builder.js';

const PROVIDER = 'a1b2c3d4-0000-4000-8000-123456789abc';
const T0 = 5_000_000_000n;
const dir = mkdtempSync(join(tmpdir(), 'etwkit-meta-'));

const describeColor = traceEventInfo({
  provider: PROVIDER, id: 5, version: 1, providerName: 'Contoso-Paint', taskName: 'Paint',
  properties: [{ name: 'Color', inType: InType.UINT32, mapName: 'ColorMap' }, { name: 'Size', inType: InType.UINT16 }],
});
const colorMap = eventMapInfoPayload(PROVIDER, { name: 'ColorMap', flag: 1, entries: [{ value: 2, text: 'Blue ' }] });

function color(value: number, size: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt32LE(value, 0);
  b.writeUInt16LE(size, 4);
  return b;
}

function write(name: string, b: EtlBuilder): string {
  const path = join(dir, name);
  writeFileSync(path, b.build('sequence'));
  return path;
}

/** The provider events of a file, decoded in order with the metadata source (and any manifests). */
function decodeEvents(path: string, manifests: string[] = []): { texts: Record<string, string>[]; errors: (number | null)[]; collector: EventMetadataCollector } {
  const reader = EtlReader.open([path]);
  const collector = new EventMetadataCollector();
  const registry = new SchemaRegistry({ files: reader.files, sources: [new SchemaFileSource(manifests, []), collector] });
  const texts: Record<string, string>[] = [];
  const errors: (number | null)[] = [];
  for (const r of reader.records()) {
    const p: DecodedPayload = registry.decode(r);
    if (r.providerId !== PROVIDER) continue;
    texts.push(Object.fromEntries(p.fields.map((f) => [f.name, f.text])));
    errors.push(p.error?.code ?? null);
  }
  reader.close();
  return { texts, errors, collector };
}

describe('schemas from EventMetadata events', () => {
  const b = new EtlBuilder({ cpus: 1 });
  b.event({ raw: T0 + 1n, provider: PROVIDER, id: 5, version: 1, payload: color(2, 10) }) // before any metadata
    .classic({ raw: T0 + 2n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: describeColor })
    .event({ raw: T0 + 3n, provider: PROVIDER, id: 5, version: 1, payload: color(2, 11) }) // map not seen yet
    .classic({ raw: T0 + 4n, classGuid: EVENT_METADATA_CLASS, type: 33, payload: colorMap })
    .event({ raw: T0 + 5n, provider: PROVIDER, id: 5, version: 1, payload: color(2, 12) })
    .classic({ raw: T0 + 6n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: describeColor }) // repeated
    .event({ raw: T0 + 7n, provider: PROVIDER, id: 5, version: 2, payload: color(2, 13) }); // a version nobody described
  const path = write('ordered.etl', b);

  it('decodes the events after their description, and fills in a map that comes later', () => {
    const { texts, errors, collector } = decodeEvents(path);
    expect(errors).toEqual([1168, null, null, 1168]);
    expect(texts.slice(1, 3)).toEqual([{ Color: '2', Size: '11' }, { Color: 'Blue', Size: '12' }]);
    // Registered once, again when its map arrived; the repeated description is not registered again.
    expect(collector.eventsRegistered).toBe(2);
    expect(collector.problems).toEqual([]);
  });

  it('leaves an event described by a schema file (-import) to that file', () => {
    const manifest = join(dir, 'paint.man');
    writeFileSync(manifest, `<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"><instrumentation><events>
      <provider name="Contoso-Paint" guid="{${PROVIDER}}" symbol="PAINT"><events><event value="5" version="1" template="t" symbol="E5"/></events>
      <templates><template tid="t"><data name="FromFile" inType="win:UInt32"/></template></templates></provider>
      </events></instrumentation></instrumentationManifest>`);
    const { texts } = decodeEvents(path, [manifest]);
    expect(texts.slice(0, 3).map((t) => Object.keys(t))).toEqual([['FromFile'], ['FromFile'], ['FromFile']]);
  });

  it('passes over a description of a TraceLogging event without a warning (such events describe themselves)', () => {
    const tl = traceEventInfo({ provider: PROVIDER, id: 0, decodingSource: 3, properties: [{ name: 'X', inType: InType.UINT32 }] });
    const d = new EtlBuilder({ cpus: 1 });
    d.classic({ raw: T0 + 1n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: tl });
    const { collector } = decodeEvents(write('tracelogging.etl', d));
    expect([collector.eventsRegistered, collector.problems.length]).toEqual([0, 0]);
  });

  it('reports a damaged description with its file offset and goes on', () => {
    const cut = describeColor.subarray(0, describeColor.length - 20);
    const d = new EtlBuilder({ cpus: 1 });
    d.classic({ raw: T0 + 1n, classGuid: EVENT_METADATA_CLASS, type: 32, payload: cut })
      .classic({ raw: T0 + 2n, classGuid: EVENT_METADATA_CLASS, type: 33, payload: Buffer.alloc(8) })
      .event({ raw: T0 + 3n, provider: PROVIDER, id: 5, version: 1, payload: color(2, 10) });
    const { errors, collector } = decodeEvents(write('damaged.etl', d));
    expect(errors).toEqual([1168]);
    expect(collector.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^TRACE_EVENT_INFO: .* \(offset \d+\)$/),
      'EventMapInfo: 8 bytes cannot hold the provider GUID (offset 0)',
    ]);
    expect(collector.problems.every((p) => p.fileOffset > 0)).toBe(true);
  });
});
