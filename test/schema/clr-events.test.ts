/**
 * End to end: ClrEtwAll.man (2019) loaded and registered, the .NET runtime events of two
 * PerfView traces decoded, and their values checked against PerfView TraceEvent's listing.
 * Events newer than the manifest (corpus/schemas/README.md "ClrEtwAll gaps") must stay
 * undecoded instead of being read with another version's layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { loadManifest } from '../../src/etw/schema/manifest/manifest-loader.js';
import { registerManifest } from '../../src/etw/schema/manifest/manifest-register.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { CORPUS_SCHEMAS, etlPath, describeCorpus } from '../support/corpus.js';
import { compareValue, readBaseline, type Comparison } from './clr-traceevent-baseline.js';

const RUNTIME = 'e13c0d23-ccbc-4e12-931b-d9cc2eee27e4';
const RUNDOWN = 'a669021c-c450-4609-a035-5af59af4df18';

/** provider/id/version of the events the 2019 manifest lacks (corpus/schemas/README.md). */
const NEWER_VERSION_OF_KNOWN_EVENT = new Set([`${RUNTIME}/10/4`, `${RUNTIME}/4/2`, `${RUNTIME}/205/4`]);
const UNKNOWN_EVENT = new Set([`${RUNTIME}/208/0`, `${RUNTIME}/209/0`, `${RUNDOWN}/10/0`]);
const keyOf = (r: EtlRecord): string => `${r.providerId}/${r.id}/${r.version}`;
const isGap = (r: EtlRecord): boolean => NEWER_VERSION_OF_KNOWN_EVENT.has(keyOf(r)) || UNKNOWN_EVENT.has(keyOf(r));

interface Decoded {
  record: EtlRecord;
  payload: DecodedPayload;
  registry: SchemaRegistry;
}

function decodeTrace(stem: string): Decoded[] {
  const manifest = loadManifest(readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), 'utf8'));
  const reader = EtlReader.open([etlPath(stem)]);
  const registry = new SchemaRegistry({ files: reader.files });
  registerManifest(registry, manifest);
  const out: Decoded[] = [];
  for (const r of reader.records()) {
    if (r.kind === 'event') out.push({ record: copyRecord(r), payload: registry.decode(r), registry });
  }
  reader.close();
  return out;
}

interface BaselineCheck {
  comparisons: Record<Comparison, number>;
  differences: string[];
  /** Baseline events whose record decoded without error / was found at all. */
  decoded: number;
  unmatched: string[];
  /** TraceEvent field names our decoding lacks (TraceEvent adds synthetic or renamed fields). */
  absentNames: Set<string>;
}

/** Pairs each baseline event with the next record of the same pid/tid/cpu/size and compares fields. */
function checkAgainstBaseline(stem: string, events: Decoded[]): BaselineCheck {
  const check: BaselineCheck = {
    comparisons: { equal: 0, different: 0, unverifiable: 0 }, differences: [], decoded: 0, unmatched: [], absentNames: new Set(),
  };
  const used = new Set<number>();
  for (const b of readBaseline(stem)) {
    if (!b.name.startsWith('Microsoft-Windows-DotNETRuntime')) continue;
    const i = events.findIndex((e, j) => !used.has(j) && e.record.pid === b.pid && e.record.tid === b.tid
      && e.record.cpu === b.cpu && e.record.payload.length === b.dataLength);
    if (i < 0) {
      check.unmatched.push(b.name);
      continue;
    }
    used.add(i);
    const { record, payload, registry } = events[i]!;
    if (isGap(record)) continue; // checked separately below
    if (payload.error) continue; // counted by the caller through `decoded`
    check.decoded++;
    const schema = registry.schemaFor(record);
    for (const [name, expected] of b.fields) {
      const field = payload.fields.find((f) => f.name === name);
      if (!field) {
        check.absentNames.add(name);
        continue;
      }
      const result = compareValue(expected, field, schema?.properties.find((p) => p.name === name));
      check.comparisons[result]++;
      if (result === 'different') check.differences.push(`${b.name} ${name}: TraceEvent ${expected}, ours ${field.text}`);
    }
  }
  return check;
}

describeCorpus('ClrEtwAll.man on perfview-gcevents-circular.etl', () => {
  const events = decodeTrace('perfview-gcevents-circular');

  it('decodes every runtime event the manifest defines (51 of 69)', () => {
    const known = events.filter((e) => !isGap(e.record));
    expect(events).toHaveLength(69);
    expect(known).toHaveLength(51);
    expect(known.filter((e) => e.payload.error !== null).map((e) => keyOf(e.record))).toEqual([]);
    expect(known.every((e) => e.payload.source === 'manifest' && e.payload.providerName === 'Microsoft-Windows-DotNETRuntime')).toBe(true);
  });

  it('matches TraceEvent\'s values field by field', () => {
    const check = checkAgainstBaseline('perfview-gcevents-circular', events);
    expect(check.unmatched).toEqual([]);
    expect(check.differences).toEqual([]);
    expect(check.decoded).toBe(40);
    // unverifiable: TraceEvent names values the 2019 maps lack (StartupMode None, segment type
    // PinnedObjectHeap, Compact/ExpandMechanisms); mapped values are compared as numbers.
    expect(check.comparisons).toEqual({ equal: 142, different: 0, unverifiable: 6 });
    // TraceEvent-only names: synthesized (TypeName from a type table) or renamed (Bytes → Promoted).
    expect([...check.absentNames].sort()).toEqual(['ConcurrentCompactMechanisms', 'MemoryPressure', 'Promoted', 'TypeName']);
  });

  it('names events as the manifest does (task message / standard opcode names)', () => {
    const start = events.find((e) => e.record.id === 1)!.payload;
    expect(start).toMatchObject({ taskName: 'GC', opcodeName: 'Start', levelName: 'Information', eventName: 'GCStart_V2' });
    expect(Object.fromEntries(start.fields.map((f) => [f.name, f.text]))).toEqual({
      Count: '1', Depth: '1', Reason: 'Induced', Type: 'NonConcurrentGC', ClrInstanceID: '8', ClientSequenceNumber: '0',
    });
  });

  it('leaves events the manifest does not define undecoded, with ERROR_NOT_FOUND', () => {
    const unknown = events.filter((e) => UNKNOWN_EVENT.has(keyOf(e.record)));
    expect(unknown.map((e) => keyOf(e.record)).sort()).toEqual([`${RUNTIME}/208/0`, `${RUNTIME}/209/0`]);
    expect(unknown.every((e) => e.payload.error?.code === 1168)).toBe(true);
  });

  // TDH (and the registry) match manifest events on exact id + version.
  it('leaves newer versions of known events undecoded instead of reading an older layout', () => {
    const newer = events.filter((e) => NEWER_VERSION_OF_KNOWN_EVENT.has(keyOf(e.record)));
    expect(newer).toHaveLength(16); // 12 AllocationTick v4, 2 HeapStats v2, 2 GlobalHeapHistory v4
    expect(newer.filter((e) => e.payload.error === null)).toEqual([]);
  });
});

describeCorpus('ClrEtwAll.man on perfview-clr-rundown.etl', () => {
  const events = decodeTrace('perfview-clr-rundown');

  it('decodes 109 of the 110 rundown events; GC/SettingsRundown (10 v0) is unknown to the 2019 manifest', () => {
    expect(events).toHaveLength(110);
    const failed = events.filter((e) => e.payload.error !== null);
    expect(failed.map((e) => [keyOf(e.record), e.payload.error!.code])).toEqual([[`${RUNDOWN}/10/0`, 1168]]);
  });

  it('matches TraceEvent\'s values field by field', () => {
    const check = checkAgainstBaseline('perfview-clr-rundown', events);
    expect(check.unmatched).toEqual([]);
    expect(check.differences).toEqual([]);
    expect(check.decoded).toBe(23);
    // unverifiable: StartupMode=None and AssemblyFlags names, which the 2019 manifest does not map.
    expect(check.comparisons).toEqual({ equal: 154, different: 0, unverifiable: 7 });
    expect([...check.absentNames]).toEqual(['ModuleILFileName']); // TraceEvent derives it from the path
  });
});
