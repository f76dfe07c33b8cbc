/**
 * The schemas merged corpus traces carry in KernelTraceControl EventMetadata
 * events, checked against what can be known without them: the oracle's count of
 * those events, the manifests of the same providers (-import must decode the
 * same fields and values), and TraceEvent's own decoding of the same events.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGuid } from '../../src/etw/etl/bytes.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import type { EventSchema, PropertyDef } from '../../src/etw/schema/event-schema.js';
import { eventInfoSchema } from '../../src/etw/schema/tdh/event-info-schema.js';
import { readEventMapInfo } from '../../src/etw/schema/tdh/event-map-info.js';
import { EVENT_METADATA_MAP_INFO, isEventMetadataRecord } from '../../src/etw/schema/tdh/event-metadata-source.js';
import { readTraceEventInfo } from '../../src/etw/schema/tdh/trace-event-info.js';
import type { DecodedField, DecodedPayload } from '../../src/etw/schema/types.js';
import { CORPUS_SCHEMAS, corpusStems, etlPath, haveCorpus, oracle } from '../support/corpus.js';
import { readBaseline } from './clr-traceevent-baseline.js';
import { compareTraceEvent } from './traceevent-compare.js';

const META = 'bbccf6c1-6cd1-48c4-80ff-839482e37671';
const MERGED = 'perfview-net452-x64-compressed';
/** The manifests, in corpus/schemas, of the providers whose EventMetadata perfview-net452 carries. */
const MANIFESTS = [
  'ClrEtwAll.man', 'Microsoft-Windows-Kernel-File.xml', 'Microsoft-Windows-Kernel-Process.xml',
  'Microsoft-Windows-DNS-Client.xml', 'Microsoft-Windows-Kernel-EventTracing.xml', 'Microsoft-Windows-Immersive-Shell.xml',
];

/** Every EventMetadata payload of a file, by event type. */
function metadataPayloads(stem: string): { type: number; payload: Buffer }[] {
  const reader = EtlReader.open([etlPath(stem)]);
  const out: { type: number; payload: Buffer }[] = [];
  for (const r of reader.records()) if (isEventMetadataRecord(r)) out.push({ type: r.opcode!, payload: Buffer.from(r.payload) });
  reader.close();
  return out;
}

describe.skipIf(!haveCorpus)('EventMetadata blobs of the corpus', () => {
  it('every one in every corpus file reads and becomes a schema; the oracle counts the same events', () => {
    let files = 0;
    for (const stem of corpusStems()) {
      const expected = Object.entries(oracle(stem).histogram as Record<string, number>)
        .filter(([k]) => k.startsWith(META)).reduce((n, [, c]) => n + c, 0);
      const blobs = metadataPayloads(stem);
      expect(blobs.length, stem).toBe(expected);
      if (blobs.length === 0) continue;
      files++;
      for (const { type, payload } of blobs) {
        if (type === EVENT_METADATA_MAP_INFO) expect(readEventMapInfo(payload.subarray(16)).entries.length).toBeGreaterThan(0);
        else expect(eventInfoSchema(readTraceEventInfo(payload), () => null).schema.properties.length).toBeGreaterThanOrEqual(0);
      }
    }
    expect(files).toBeGreaterThanOrEqual(2); // diaghub-relogged-kerneltracecontrol and perfview-net452
  });

  it('diaghub-relogged: the 1,546-byte EventInfo is .NET AssemblyLoad, and its map names the assembly flags', () => {
    const blobs = metadataPayloads('diaghub-relogged-kerneltracecontrol');
    expect(blobs.filter((b) => b.type === 32)).toHaveLength(17);
    const assemblyLoad = blobs.find((b) => b.type === 32 && b.payload.length === 1546)!;
    const info = readTraceEventInfo(assemblyLoad.payload);
    expect(info.providerName).toBe('Microsoft-Windows-DotNETRuntime');
    expect([info.descriptor.id, info.descriptor.version, info.taskName, info.opcodeName]).toEqual([154, 1, 'CLRLoader', 'AssemblyLoad']);
    expect(info.properties.map((p) => p.name)).toEqual(['AssemblyID', 'AppDomainID', 'BindingID', 'AssemblyFlags', 'FullyQualifiedAssemblyName', 'ClrInstanceID']);
    const mapBlob = blobs.find((b) => b.type === 33 && readEventMapInfo(b.payload.subarray(16)).name === 'AssemblyFlagsMap')!;
    expect(readGuid(mapBlob.payload, 0)).toBe(info.providerGuid);
    expect(readEventMapInfo(mapBlob.payload.subarray(16))).toEqual({
      name: 'AssemblyFlagsMap', kind: 'bitmap',
      entries: [{ value: 1, text: 'DomainNeutral' }, { value: 2, text: 'Dynamic' }, { value: 4, text: 'Native' }, { value: 8, text: 'Collectible' }],
    });
  });
});

interface Pair {
  record: EtlRecord;
  carried: DecodedPayload;
  carriedSchema: EventSchema;
  imported: DecodedPayload;
  importedSchema: EventSchema | null;
}

/** perfview-net452 decoded twice: with no schema option, and with -import of its providers' manifests. */
function decodeBothWays(): Pair[] {
  const reader = EtlReader.open([etlPath(MERGED)]);
  const carried = buildRegistry(reader.files);
  const imported = buildRegistry(reader.files, { manifests: MANIFESTS.map((m) => join(CORPUS_SCHEMAS, m)) });
  const out: Pair[] = [];
  for (const r of reader.records()) {
    const a = carried.decode(r);
    const b = imported.decode(r);
    const schema = carried.schemaFor(r);
    if (r.kind !== 'event' || schema === null || schema.source !== 'manifest' || a.source !== 'manifest') continue;
    out.push({ record: copyRecord(r), carried: materialize(a), carriedSchema: schema, imported: materialize(b), importedSchema: imported.schemaFor(r) });
  }
  reader.close();
  return out;
}

/** The payload's fields read now (registry payloads read their record's bytes lazily). */
function materialize(p: DecodedPayload): DecodedPayload {
  return {
    source: p.source, providerName: p.providerName, eventName: p.eventName, taskName: p.taskName, opcodeName: p.opcodeName,
    levelName: p.levelName, keywordNames: p.keywordNames, channelName: p.channelName, message: p.message,
    fields: p.fields.map(plain), error: p.error, userDataElement: p.userDataElement,
  };
}

function plain(f: DecodedField): DecodedField {
  return { name: f.name, value: f.value, text: f.text };
}

function labelOf(p: DecodedPayload): string {
  return [p.providerName, p.taskName, p.opcodeName].filter((x) => x !== null && x !== '').join('/');
}

/** Does the trace's description of a property differ from the manifest file's (another Windows build)? */
function declaredDifferently(a: PropertyDef | undefined, b: PropertyDef | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  const out = (p: PropertyDef) => p.outType || 0;
  return a.inType !== b.inType || out(a) !== out(b) || (a.map?.kind ?? null) !== (b.map?.kind ?? null);
}

describe.skipIf(!haveCorpus)(`${MERGED}: schemas from EventMetadata against -import of the same providers' manifests`, () => {
  const pairs = haveCorpus ? decodeBothWays() : [];

  it('decodes tens of thousands of events with no schema option, none of them a misfit', () => {
    expect(pairs.length).toBeGreaterThan(45000);
    expect(pairs.filter((p) => p.carried.error !== null)).toEqual([]);
  });

  it('gives the same field names, values and texts, except where the trace and the file declare a property differently', () => {
    let compared = 0;
    const explained = new Set<string>();
    for (const p of pairs) {
      if (p.imported.error !== null || p.importedSchema === null) continue;
      compared++;
      expect(p.carried.fields.map((f) => f.name)).toEqual(p.imported.fields.map((f) => f.name));
      p.carried.fields.forEach((f, i) => {
        const g = p.imported.fields[i]!;
        if (f.text === g.text && JSON.stringify(f.value) === JSON.stringify(g.value)) return;
        const a = p.carriedSchema.properties.find((x) => x.name === f.name);
        const b = p.importedSchema!.properties.find((x) => x.name === f.name);
        expect(declaredDifferently(a, b), `${p.record.providerId} ${p.record.id} v${p.record.version} ${f.name}: ${f.text} vs ${g.text}`).toBe(true);
        explained.add(`${p.carriedSchema.providerName}/${p.record.id}/${f.name}`);
      });
      if (p.imported.message !== null) expect(p.carried.message).toBe(p.imported.message);
      expect(p.carried.providerName).toBe(p.imported.providerName);
      expect(p.carried.levelName).toBe(p.imported.levelName);
    }
    expect(compared).toBeGreaterThan(45000);
    // The recording machine's manifests: hex out-types for Kernel-File's Create, a socket address in DNS-Client, a bitmap in Kernel-Process.
    expect([...explained].sort()).toEqual([
      'Microsoft-Windows-DNS-Client/1001/Address',
      'Microsoft-Windows-Kernel-File/12/CreateAttributes', 'Microsoft-Windows-Kernel-File/12/CreateOptions',
      'Microsoft-Windows-Kernel-File/12/ShareAccess',
      'Microsoft-Windows-Kernel-Process/1/Flags',
    ]);
  });

  it('with -import, the manifest file is used rather than the trace\'s copy', () => {
    const clr = pairs.find((p) => p.record.providerId === 'e13c0d23-ccbc-4e12-931b-d9cc2eee27e4' && p.record.id === 10)!;
    // The file's task is the localized "GC"; the trace's copy names it GarbageCollection.
    expect(clr.carried.taskName).toBe('GarbageCollection');
    expect(clr.imported.taskName).toBe('GC');
  });

  it('agrees with TraceEvent\'s decoding of the same events', () => {
    const used = new Set<number>();
    const tally = { equal: 0, different: 0, unverifiable: 0 };
    const differences: string[] = [];
    let matched = 0;
    for (const b of readBaseline(MERGED)) {
      // TraceEvent rewrites Kernel-File's NT paths to drive letters and splits CreateOptions: not comparable.
      if (b.name.startsWith('Microsoft-Windows-Kernel-File/')) continue;
      // The same event: TraceEvent's Provider/Task/Opcode are the manifest's names, which -import gives.
      const i = pairs.findIndex((p, j) => p.record.pid === b.pid && p.record.tid === b.tid && p.record.cpu === b.cpu
        && p.record.payloadSize === b.dataLength && !used.has(j) && labelOf(p.imported) === b.name);
      if (i < 0) continue;
      used.add(i);
      matched++;
      const p = pairs[i]!;
      for (const [name, expected] of b.fields) {
        const f = p.carried.fields.find((x) => x.name === name);
        if (f === undefined) continue;
        const result = compareTraceEvent(expected, f, p.carriedSchema.properties.find((x) => x.name === name));
        tally[result]++;
        if (result === 'different') differences.push(`${b.name} ${name}: TraceEvent ${expected}, ours ${f.text}`);
      }
    }
    // 164 events of 50 kinds; 7 values are names on one side only (maps TraceEvent knows better).
    expect(matched).toBeGreaterThanOrEqual(160);
    expect(differences).toEqual([]);
    expect(tally.equal).toBeGreaterThanOrEqual(780);
  });
});
