/**
 * One interface for every schema source (src/etw/schema/schema-source.ts): a
 * registry built from a list of sources loads, asks and shows records to each as
 * it declares, what a source registers at any moment takes the source's rank,
 * and the rank alone — not the order of the list nor the moment — decides
 * which schema wins. The run's list (etw/report/schema-sources.ts) holds each
 * kind at the rank schema-rank.ts gives it.
 */
import { describe, expect, it } from 'vitest';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { schemaSources, type SchemaSourceOptions } from '../../src/etw/report/schema-sources.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { SchemaRank } from '../../src/etw/schema/schema-rank.js';
import type { SchemaSource } from '../../src/etw/schema/schema-source.js';
import { emptyPayload } from '../../src/etw/schema/types.js';
import { TmfIndex } from '../../src/etw/schema/wpp/tmf-index.js';
import { hex, recordWith, schemaOf } from './schema-fixtures.js';

const PROVIDER = '11111111-2222-3333-4444-555555555555';
const named = (eventName: string) => schemaOf([{ name: 'A', inType: InType.UINT8, outType: 0 }], { eventName, providerId: PROVIDER });
const key = { providerId: PROVIDER, id: 1, version: 0 };
const event = (offsetInBuffer: number) => recordWith({ providerId: PROVIDER, id: 1, payload: hex('07'), offsetInBuffer });
/** The record an observing source reacts to. */
const marker = (offsetInBuffer: number) => recordWith({ providerId: PROVIDER, id: 0xfffe, opcode: 0xfe, offsetInBuffer });

const loading = (rank: number, name: string): SchemaSource => ({
  kind: 'loads', rank, load: (registry) => registry.addManifestEvent(named(name), key),
});
function providing(rank: number, name: string): SchemaSource & { asked: string[] } {
  const asked: string[] = [];
  return { kind: 'provides', rank, asked, provide: (guid, registry) => { asked.push(guid); if (guid === PROVIDER) registry.addManifestEvent(named(name), key); } };
}
const observing = (rank: number, name: string): SchemaSource => ({
  kind: 'observes', rank,
  observe: (r: EtlRecord, registry) => { if (r.id === 0xfffe) registry.addManifestEvent(named(name), key); },
});

describe('a registry built from a list of sources', () => {
  it('the rank decides, not the order or the moment: a file asked on demand beats a folder loaded at once and a schema seen in the trace later', () => {
    const onDemand = providing(SchemaRank.FILE, 'provided');
    const reg = new SchemaRegistry({ sources: [onDemand, observing(SchemaRank.IN_TRACE, 'observed'), loading(SchemaRank.FOLDER, 'loaded')] });
    expect(reg.decode(event(0x10)).eventName).toBe('provided');
    reg.decode(marker(0x20));
    expect(reg.decode(event(0x30)).eventName).toBe('provided');
    expect(onDemand.asked).toEqual([PROVIDER]); // once per GUID
  });

  it('what an observing source registers takes its own rank: above the loaded one it replaces it, below it it does not', () => {
    const above = new SchemaRegistry({ sources: [loading(SchemaRank.FOLDER, 'folder'), observing(SchemaRank.FILE, 'observed')] });
    const below = new SchemaRegistry({ sources: [loading(SchemaRank.FILE, 'file'), observing(SchemaRank.IN_TRACE, 'observed')] });
    for (const reg of [above, below]) reg.decode(marker(0x20));
    expect(above.decode(event(0x30)).eventName).toBe('observed');
    expect(below.decode(event(0x30)).eventName).toBe('file');
  });

  it('WPP messages go to the source that decodes them; without one they stay undecoded (1168)', () => {
    const wpp = { ...emptyPayload(), source: 'wpp' as const, message: 'formatted' };
    const tmf: SchemaSource = { kind: 'TMF', rank: SchemaRank.FILE, decodeWpp: () => wpp };
    const message = recordWith({ kind: 'wpp', providerId: PROVIDER, id: 3 });
    expect(new SchemaRegistry({ sources: [tmf] }).decode(message).message).toBe('formatted');
    expect(new SchemaRegistry().decode(message).error?.code).toBe(1168);
  });
});

describe("the run's schema sources", () => {
  it('every kind, in the order the registry takes them, at the rank schema-rank.ts gives it', () => {
    const tdh = {} as NonNullable<SchemaSourceOptions['machine']>;
    const folders = { filesFor: () => [] } as unknown as NonNullable<SchemaSourceOptions['folders']>;
    const list = schemaSources([], { folders, tmfs: new TmfIndex(() => {}), machine: tdh });
    expect(list.map((s) => [s.kind, s.rank])).toEqual([
      ['TMF files', SchemaRank.FILE],
      ['EventSource manifests in the trace', SchemaRank.IN_TRACE],
      ['built-in classes', SchemaRank.BUILT_IN],
      ['EventMetadata events in the trace', SchemaRank.IN_TRACE],
      ['schema folders', SchemaRank.FOLDER],
      ["the machine's providers (TDH)", SchemaRank.MACHINE],
      ['manifest and MOF files', SchemaRank.FILE],
    ]);
    expect(schemaSources([], { traceSchemas: false }).map((s) => s.kind)).toEqual(['built-in classes', 'manifest and MOF files']);
  });
});
