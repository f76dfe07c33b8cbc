/**
 * The machine's registered providers as a schema source (TDH, Windows only),
 * through EtwApi's recording fake: fed the real TRACE_EVENT_INFO and
 * EVENT_MAP_INFO bytes perfview-net452's EventMetadata events carry (what TDH
 * returned on the recording machine), it decodes the trace's Kernel-File,
 * Kernel-Process and DNS-Client events to the same fields as their manifest
 * files; TDH is asked once per provider, event and map, never per record; a
 * TDH that cannot be called is one warning and hex, not a crash; and no DLL is
 * touched off Windows without a fake.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEventDescriptor } from '../../src/etw/control/api/event-record.js';
import { useEtwApi } from '../../src/etw/control/api/load-etw-api.js';
import { readGuid } from '../../src/etw/etl/bytes.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { machineTdh } from '../../src/etw/report/machine-tdh.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { InType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { defaultOutType } from '../../src/etw/schema/tdh-property.js';
import { readEventMapInfo } from '../../src/etw/schema/tdh/event-map-info.js';
import { EVENT_METADATA_EVENT_INFO, EVENT_METADATA_MAP_INFO, isEventMetadataRecord } from '../../src/etw/schema/tdh/event-metadata-source.js';
import { readTraceEventInfo } from '../../src/etw/schema/tdh/trace-event-info.js';
import { RecordingEtwApi } from '../control/support/recording-etw-api.js';
import { CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { traceEventInfo } from '../support/tdh-blob-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const MERGED = 'perfview-net452-x64-compressed';
/** Providers with a manifest file in the corpus, and those files. */
const PROVIDERS: Record<string, string> = {
  'edd08927-9cc4-4e65-b970-c2560fb5c289': 'Microsoft-Windows-Kernel-File.xml',
  '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716': 'Microsoft-Windows-Kernel-Process.xml',
  '1c95126e-7eea-49a9-a3fe-a378b03ddb4d': 'Microsoft-Windows-DNS-Client.xml',
};

afterEach(() => useEtwApi(null));

/** A fake TDH that knows what the trace's EventMetadata events say about the given providers. */
function tdhFromTrace(stem: string, providers: string[]): RecordingEtwApi {
  const api = new RecordingEtwApi();
  const reader = EtlReader.open([etlPath(stem)]);
  for (const r of reader.records()) {
    if (!isEventMetadataRecord(r)) continue;
    const payload = Buffer.from(r.payload);
    if (r.opcode !== EVENT_METADATA_EVENT_INFO && r.opcode !== EVENT_METADATA_MAP_INFO) continue;
    // EventInfo: a TRACE_EVENT_INFO; EventMapInfo: the provider GUID, then an EVENT_MAP_INFO.
    const guid = r.opcode === EVENT_METADATA_EVENT_INFO ? readTraceEventInfo(payload).providerGuid : readGuid(payload, 0);
    if (!providers.includes(guid)) continue;
    let p = api.manifestProviders.get(guid);
    if (p === undefined) api.manifestProviders.set(guid, (p = { events: [], maps: new Map() }));
    if (r.opcode === EVENT_METADATA_EVENT_INFO) {
      const descriptor = encodeEventDescriptor(readTraceEventInfo(payload).descriptor);
      if (!p.events.some((e) => e.descriptor.equals(descriptor))) p.events.push({ descriptor, info: payload });
    } else {
      const map = payload.subarray(16);
      p.maps.set(readEventMapInfo(map).name, Buffer.from(map));
    }
  }
  reader.close();
  return api;
}


/** The out-type a property is shown with (0 stands for its in-type's default). */
const effectiveOut = (p: PropertyDef) => p.outType || defaultOutType(p.inType);

describe.skipIf(!haveCorpus)(`${MERGED}: the machine's providers (TDH through the recording fake) against their manifest files`, () => {
  it('decodes the same fields, asking TDH once per provider, event and map', () => {
    const guids = Object.keys(PROVIDERS);
    const api = tdhFromTrace(MERGED, guids);
    expect([...api.manifestProviders.keys()].sort()).toEqual([...guids].sort());
    const reader = EtlReader.open([etlPath(MERGED)]);
    const machine = buildRegistry(reader.files, { traceSchemas: false, machine: api });
    const files = buildRegistry(reader.files, { manifests: Object.values(PROVIDERS).map((m) => join(CORPUS_SCHEMAS, m)), traceSchemas: false });
    const none = buildRegistry(reader.files, { traceSchemas: false });
    const compared = new Map<string, number>();
    const differentlyDeclared = new Set<string>();
    let alike = 0;
    for (const r of reader.records()) {
      if (r.kind !== 'event' || r.providerId === null || !guids.includes(r.providerId)) continue;
      const a = machine.decode(r), b = files.decode(r);
      expect(none.decode(r).error?.code).toBe(1168); // without TDH (and the trace's schemas) nothing decodes them
      expect(a.error, `${r.providerId} ${r.id}`).toBeNull();
      // The names are TDH's own strings (no event symbol, an explicit opcode name), as for EventMetadata; the fields must agree.
      expect(a.providerName).toBe(b.providerName);
      // Names always; values and texts where both declare the property alike (the recording machine is
      // another Windows build than the corpus files: Kernel-File has some HexInt32s, DNS-Client a SocketAddress).
      expect(a.fields.map((f) => f.name)).toEqual(b.fields.map((f) => f.name));
      const pa = machine.schemaFor(r)!.properties, pb = files.schemaFor(r)!.properties;
      a.fields.forEach((f, i) => {
        const x = pa.find((p) => p.name === f.name), y = pb.find((p) => p.name === f.name);
        if (x !== undefined && y !== undefined && x.inType === y.inType && effectiveOut(x) === effectiveOut(y) && (x.map?.kind ?? null) === (y.map?.kind ?? null)) {
          expect([f.name, f.value, f.text]).toEqual([f.name, b.fields[i]!.value, b.fields[i]!.text]);
          alike++;
        }
        else differentlyDeclared.add(`${r.providerId}:${f.name}:${JSON.stringify([x?.inType, x?.outType, x?.map?.kind ?? null, y?.inType, y?.outType, y?.map?.kind ?? null])}`);
      });
      compared.set(r.providerId, (compared.get(r.providerId) ?? 0) + 1);
    }
    reader.close();
    expect(Object.fromEntries(compared)).toEqual({
      'edd08927-9cc4-4e65-b970-c2560fb5c289': 562, '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716': 2, '1c95126e-7eea-49a9-a3fe-a378b03ddb4d': 4,
    });
    expect(alike).toBeGreaterThan(2000);
    // [in, out, map] from TDH, then from the file: the recording machine's Windows declares these differently.
    expect([...differentlyDeclared].sort()).toEqual([
      '1c95126e-7eea-49a9-a3fe-a378b03ddb4d:Address:[14,25,null,14,0,null]', // SocketAddress there
      '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716:Flags:[8,8,"bitmap",8,0,null]', // a bit map there (fetched with TdhGetEventMapInformation)
      '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716:ParentProcessID:[8,20,null,8,0,null]', // win:PID there
      '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716:ProcessID:[8,20,null,8,0,null]',
      'edd08927-9cc4-4e65-b970-c2560fb5c289:CreateAttributes:[8,18,null,8,0,null]', // HexInt32 there
      'edd08927-9cc4-4e65-b970-c2560fb5c289:CreateOptions:[8,18,null,8,0,null]',
      'edd08927-9cc4-4e65-b970-c2560fb5c289:ShareAccess:[8,18,null,8,0,null]',
    ]);
    // Once per provider GUID the trace holds (asked for every GUID it meets); once per described event; once per map.
    const enumerated = api.callsOf('TdhEnumerateManifestProviderEvents').filter((c) => c.size > 0).map((c) => c.provider);
    expect(enumerated.sort()).toEqual([...guids].sort());
    const described = api.callsOf('TdhGetManifestEventInformation').filter((c) => c.size > 0);
    expect(described).toHaveLength([...api.manifestProviders.values()].reduce((n, p) => n + p.events.length, 0));
    const mapped = api.callsOf('TdhGetEventMapInformation').filter((c) => c.size > 0);
    expect(new Set(mapped.map((c) => c.mapName)).size).toBe(mapped.length);
    // The EVENT_RECORD handed to TdhGetEventMapInformation names the provider (EventHeader.ProviderId @24) and the event (@40).
    for (const c of mapped) {
      expect(c.event.length).toBe(112);
      expect(c.event.readUInt16LE(0)).toBe(80);
      expect(guids).toContain(readGuid(c.event, 24));
      expect(c.event.readUInt16LE(40)).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('ranks below the trace\'s own schemas and the built-in classes: without --no-trace-schemas the output is as without TDH', async () => {
    const dir = scratchDir('etwkit-machine-');
    useEtwApi(tdhFromTrace(MERGED, Object.keys(PROVIDERS)));
    const withTdh = await reportInProcess([etlPath(MERGED), '-of', 'JSONL', '-o', join(dir, 'a.jsonl'), '-y']);
    useEtwApi(null);
    const without = await reportInProcess([etlPath(MERGED), '-of', 'JSONL', '-o', join(dir, 'b.jsonl'), '-y']);
    expect([withTdh.code, without.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'));
  }, 60_000);
});

describe('a TDH that cannot be called', () => {
  const provider = 'a1b2c3d4-0000-4000-8000-123456789abc';
  function trace(): string {
    const b = new EtlBuilder({ cpus: 1 });
    for (let i = 0; i < 3; i++) b.event({ raw: 5_000_000_001n + BigInt(i), provider, id: 1 + i, payload: Buffer.from([1, 0, 0, 0]) });
    const path = join(scratchDir('etwkit-machine-'), 't.etl');
    writeFileSync(path, b.build('sequence'));
    return path;
  }

  it('(Wine\'s stubs answer ERROR_CALL_NOT_IMPLEMENTED) is one warning, and the events stay hex; the run succeeds', async () => {
    const api = new RecordingEtwApi();
    api.failNext('TdhEnumerateManifestProviderEvents', 120);
    useEtwApi(api);
    const path = trace();
    const out = join(scratchDir('etwkit-machine-'), 'o.jsonl');
    const r = await reportInProcess([path, '-of', 'JSONL', '-o', out, '-y']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: the machine\'s registered providers cannot be used as schemas: TdhEnumerateManifestProviderEvents failed with Win32 error 120; their events stay undecoded',
    ]);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.provider === `{${provider}}`).map((l) => [l.error, l.payload])).toEqual([[1168, '01000000'], [1168, '01000000'], [1168, '01000000']]);
    // Asked once, then never again for the run.
    expect(api.callsOf('TdhEnumerateManifestProviderEvents')).toHaveLength(1);
  });

  it('when it knows the provider, its events decode (synthetic TRACE_EVENT_INFO); a provider it does not know adds nothing, silently', async () => {
    const api = new RecordingEtwApi();
    const info = traceEventInfo({ provider, id: 2, properties: [{ name: 'Count', inType: InType.UINT32 }] });
    api.manifestProviders.set(provider, { events: [{ descriptor: encodeEventDescriptor({ id: 2, version: 0, channel: 0, level: 0, opcode: 0, task: 0, keyword: 0n }), info }], maps: new Map() });
    useEtwApi(api);
    const out = join(scratchDir('etwkit-machine-'), 'o.jsonl');
    const r = await reportInProcess([trace(), '-of', 'JSONL', '-o', out, '-y']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.provider === `{${provider}}`);
    expect(lines.map((l) => l.fields)).toEqual([null, { Count: 1 }, null]);
  });

  it('what TDH described is exported (-export) and decodes the same with -import where there is no TDH', async () => {
    const api = new RecordingEtwApi();
    const info = traceEventInfo({ provider, id: 2, properties: [{ name: 'Count', inType: InType.UINT32 }] });
    api.manifestProviders.set(provider, { events: [{ descriptor: encodeEventDescriptor({ id: 2, version: 0, channel: 0, level: 0, opcode: 0, task: 0, keyword: 0n }), info }], maps: new Map() });
    useEtwApi(api);
    const dir = scratchDir('etwkit-machine-');
    const path = trace();
    expect((await reportInProcess([path, '-of', 'JSONL', '-o', join(dir, 'a.jsonl'), '-export', join(dir, 's.man'), '-y'])).code).toBe(0);
    useEtwApi(null);
    expect((await reportInProcess([path, '-of', 'JSONL', '-o', join(dir, 'b.jsonl'), '-import', join(dir, 's.man'), '-y'])).code).toBe(0);
    expect((await reportInProcess([path, '-of', 'JSONL', '-o', join(dir, 'c.jsonl'), '-y'])).code).toBe(0);
    const a = readFileSync(join(dir, 'a.jsonl'), 'utf8');
    expect(a).toContain('"fields":{"Count":1}');
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(a);
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).not.toBe(a);
  });

  it('off Windows, with no fake installed, there is no TDH (and no DLL is loaded)', async () => {
    useEtwApi(null);
    if (process.platform !== 'win32') expect(await machineTdh()).toBeNull();
  });
});
