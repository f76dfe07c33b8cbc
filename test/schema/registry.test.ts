/**
 * SchemaRegistry: which schema a record gets (manifest by provider/id/version
 * with descriptor disambiguation, MOF by class/type/version with the
 * unversioned/highest fallback), the decode order (TraceLogging → registered →
 * string-only → 1168), messages, and the in-trace source hook.
 */
import { describe, expect, it } from 'vitest';
import { InType } from '../../src/etw/schema/event-schema.js';
import { ERROR_NOT_FOUND, SchemaRegistry } from '../../src/etw/schema/registry.js';
import { SchemaRank } from '../../src/etw/schema/schema-rank.js';
import type { SchemaSource } from '../../src/etw/schema/schema-source.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { hex, recordWith, schemaOf } from './schema-fixtures.js';

const PROVIDER = '11111111-2222-3333-4444-555555555555';
const u8 = (name: string) => ({ name, inType: InType.UINT8, outType: 0 });
const named = (eventName: string, props = [u8('A')]) => schemaOf(props, { eventName, providerId: PROVIDER });

describe('manifest events', () => {
  it('decodes by provider + id + version and carries the schema names and message', () => {
    const reg = new SchemaRegistry();
    reg.add(schemaOf([u8('Count')], { eventName: 'Started', taskName: 'Job', levelName: 'Information', message: 'Started with %1 items' }),
      { kind: 'manifest', providerId: `{${PROVIDER.toUpperCase()}}`, id: 7, version: 0 });
    const d = reg.decode(recordWith({ providerId: PROVIDER, id: 7, version: 0, payload: hex('05') }));
    expect(d).toMatchObject({ source: 'manifest', eventName: 'Started', taskName: 'Job', levelName: 'Information', error: null,
      message: 'Started with 5 items', fields: [{ name: 'Count', value: 5, text: '5' }] });
  });

  it('matches the exact version only, as TDH does; another version stays undecoded (1168)', () => {
    const reg = new SchemaRegistry();
    for (const v of [1, 3]) reg.addManifestEvent(named(`v${v}`), { providerId: PROVIDER, id: 1, version: v });
    const decodeAt = (version: number) => reg.decode(recordWith({ providerId: PROVIDER, id: 1, version, payload: hex('00') }));
    expect([decodeAt(1).eventName, decodeAt(3).eventName]).toEqual(['v1', 'v3']);
    for (const v of [0, 2, 9]) expect(decodeAt(v).error?.code).toBe(1168);
  });

  it('tells apart layouts that share id + version by opcode, level and keywords', () => {
    const reg = new SchemaRegistry();
    reg.addManifestEvent(named('plain'), { providerId: PROVIDER, id: 0, version: 0 });
    reg.addManifestEvent(named('start'), { providerId: PROVIDER, id: 0, version: 0, opcode: 1 });
    reg.addManifestEvent(named('stop'), { providerId: PROVIDER, id: 0, version: 0, opcode: 2 });
    reg.addManifestEvent(named('stop-verbose'), { providerId: PROVIDER, id: 0, version: 0, opcode: 2, level: 5 });
    const nameFor = (opcode: number, level: number) => reg.decode(recordWith({ providerId: PROVIDER, id: 0, opcode, level, payload: hex('00') })).eventName;
    expect([nameFor(1, 4), nameFor(2, 4), nameFor(2, 5), nameFor(9, 4)]).toEqual(['start', 'stop', 'stop-verbose', 'plain']);
  });

  it('replaces an earlier schema registered under the same key', () => {
    const reg = new SchemaRegistry();
    reg.addManifestEvent(named('old'), { providerId: PROVIDER, id: 2, version: 0 });
    reg.addManifestEvent(named('new'), { providerId: PROVIDER, id: 2, version: 0 });
    expect(reg.size.manifest).toBe(1);
    expect(reg.decode(recordWith({ providerId: PROVIDER, id: 2, payload: hex('00') })).eventName).toBe('new');
  });

  it('keeps the decoded prefix and reports 15005 when the payload is short', () => {
    const reg = new SchemaRegistry();
    reg.addManifestEvent(named('E', [u8('A'), { name: 'B', inType: InType.UINT32, outType: 0 }]), { providerId: PROVIDER, id: 3, version: 0 });
    const d = reg.decode(recordWith({ providerId: PROVIDER, id: 3, payload: hex('01 02') }));
    expect(d.error?.code).toBe(15005);
    expect(d.fields.map((f) => f.name)).toEqual(['A']);
    expect(d.message).toBeNull();
  });

  it('keeps no fields of a short payload without keepPartialFields (tracerpt without -lr), also when deferred', () => {
    for (const deferFields of [false, true]) {
      const reg = new SchemaRegistry({ keepPartialFields: false, deferFields });
      reg.addManifestEvent(named('E', [u8('A'), { name: 'B', inType: InType.UINT32, outType: 0 }]), { providerId: PROVIDER, id: 3, version: 0 });
      const d = reg.decode(recordWith({ providerId: PROVIDER, id: 3, payload: hex('01 02') }));
      expect(d.error?.code).toBe(15005);
      expect(d.fields).toEqual([]);
      const fits = reg.decode(recordWith({ providerId: PROVIDER, id: 3, payload: hex('01 02 00 00 00') }));
      expect(fits.error).toBeNull();
      expect(fits.fields.map((f) => f.value)).toEqual([1, 2]);
    }
  });
});

describe('MOF classes', () => {
  const CLASS = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
  const mofSchema = (eventName: string) => schemaOf([u8('A')], { source: 'mof', eventName, providerId: CLASS });

  it('decodes classic records by class GUID + event type (opcode) + version', () => {
    const reg = new SchemaRegistry();
    reg.add(mofSchema('Process_V3/Start'), { kind: 'mof', classGuid: CLASS, eventType: 1, version: 3 });
    reg.add(mofSchema('Process_V3/End'), { kind: 'mof', classGuid: CLASS, eventType: 2, version: 3 });
    const d = reg.decode(recordWith({ kind: 'trace', providerId: CLASS, opcode: 2, version: 3, payload: hex('09 00 00 00') }));
    expect(d).toMatchObject({ source: 'mof', eventName: 'Process_V3/End', fields: [{ name: 'A', value: 9 }], trailingBytes: 3 });
  });

  it('falls back to the class without EventVersion, else the highest version', () => {
    const reg = new SchemaRegistry();
    reg.addMofEvent(mofSchema('v2'), { classGuid: CLASS, eventType: 1, version: 2 });
    reg.addMofEvent(mofSchema('v4'), { classGuid: CLASS, eventType: 1, version: 4 });
    const nameFor = (version: number) => reg.decode(recordWith({ kind: 'system', providerId: CLASS, opcode: 1, version, payload: hex('00') })).eventName;
    expect([nameFor(2), nameFor(3)]).toEqual(['v2', 'v4']);
    reg.addMofEvent(mofSchema('any'), { classGuid: CLASS, eventType: 1 });
    expect([nameFor(2), nameFor(3)]).toEqual(['v2', 'any']);
  });

  it('answers every (class, type, version) exactly when many share the table of recent lookups', () => {
    const reg = new SchemaRegistry();
    // 40 classes whose GUIDs differ only after the first characters, 6 types, 3 versions: many keys per slot.
    const guid = (c: number) => `9e${c.toString(16).padStart(6, '0')}-0000-4000-8000-000000000000`;
    for (let c = 0; c < 40; c++) for (let t = 0; t < 6; t++) for (const v of [0, 1, 2]) reg.addMofEvent(mofSchema(`${c}/${t}/${v}`), { classGuid: guid(c), eventType: t, version: v });
    const nameFor = (c: number, t: number, v: number) => reg.decode(recordWith({ kind: 'system', providerId: guid(c), opcode: t, version: v, payload: hex('00') })).eventName;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 720; i++) {
        const c = (i * 7 + round) % 40, t = (i * 5) % 6, v = (i + round) % 3;
        expect(nameFor(c, t, v)).toBe(`${c}/${t}/${v}`);
      }
    }
    expect(reg.decode(recordWith({ kind: 'system', providerId: guid(41), opcode: 1, version: 0, payload: hex('00') })).error?.code).toBe(1168);
  });
});

describe('decode order and fallbacks', () => {
  it('prefers TraceLogging metadata (item 11) over a registered schema', () => {
    const reg = new SchemaRegistry();
    reg.addManifestEvent(named('Registered'), { providerId: PROVIDER, id: 0, version: 0 });
    // item 11 (§6.3): u16 size 14, tag byte 0, "TlEvent\0", field "x\0" with InMeta 0x04 (UINT8)
    const item11 = Buffer.concat([Buffer.from([14, 0, 0]), Buffer.from('TlEvent\0x\0', 'latin1'), Buffer.from([4])]);
    const d = reg.decode(recordWith({ providerId: PROVIDER, id: 0, payload: hex('2a'), extended: [[11, item11]] }));
    expect(d).toMatchObject({ source: 'tracelogging', eventName: 'TlEvent', fields: [{ name: 'x', value: 42 }] });
  });

  it('gives a string-only event its string as the message (§7)', () => {
    const reg = new SchemaRegistry();
    const d = reg.decode(recordWith({ flags: 0x0004, payload: Buffer.from('hello world\0', 'utf16le') }));
    expect(d).toMatchObject({ source: 'string', message: 'hello world', fields: [], error: null });
  });

  it('reports ERROR_NOT_FOUND (1168) with no fields when nothing matches (tracerpt.md §3.4)', () => {
    const reg = new SchemaRegistry();
    const d = reg.decode(recordWith({ providerId: PROVIDER, id: 5, version: 1, payload: hex('01 02') }));
    expect(ERROR_NOT_FOUND).toBe(1168);
    expect(d.error).toEqual({ code: 1168, reason: `no schema for provider {${PROVIDER}} event id 5 version 1` });
    expect(d.fields).toEqual([]);
    expect(reg.decode(recordWith({ kind: 'wpp', providerId: null, payload: hex('00') })).error?.code).toBe(1168);
  });

  it('converts WmiTime with the clock of the record\'s file when the files are given', () => {
    const files = [{ fileIndex: 0, anchorRaw: 100n, header: { startTime: 116444736000000000n + BigInt(Date.UTC(2021, 6, 14, 12, 0, 0)) * 10000n, reservedFlags: 1, perfFreq: 10000000n, cpuSpeedInMHz: 0 } }] as never;
    const reg = new SchemaRegistry({ files });
    reg.addMofEvent(schemaOf([{ name: 'T', inType: InType.UINT64, outType: 0, extension: 'WmiTime' }], { source: 'mof' }), { classGuid: PROVIDER, eventType: 0 });
    const raw = Buffer.alloc(8);
    raw.writeBigUInt64LE(100n + 10000000n); // one second after the anchor
    const d = reg.decode(recordWith({ kind: 'trace', providerId: PROVIDER, opcode: 0, payload: raw }));
    expect(d.fields[0]!.text).toBe('2021-07-14T12:00:01.000000000Z');
  });
});

describe('in-trace schema sources', () => {
  /** A stand-in for the EventSource ManifestData loader: registers a schema when it sees Id 0xFFFE / Opcode 0xFE. */
  class FakeManifestSource implements SchemaSource {
    readonly kind = 'a fake in-trace source';
    readonly rank = SchemaRank.IN_TRACE;
    seen = 0;
    observe(record: EtlRecord, registry: SchemaRegistry): void {
      this.seen++;
      if (record.id === 0xfffe && record.opcode === 0xfe) {
        registry.addManifestEvent(named('FromTrace'), { providerId: record.providerId!, id: 1, version: 0 });
      }
    }
  }

  it('sees every record before it is decoded, so later events use the manifest found in the trace', () => {
    const reg = new SchemaRegistry();
    const src = new FakeManifestSource();
    reg.addSource(src);
    const before = reg.decode(recordWith({ providerId: PROVIDER, id: 1, payload: hex('07'), offsetInBuffer: 0x10 }));
    expect(before.error?.code).toBe(1168);
    reg.decode(recordWith({ providerId: PROVIDER, id: 0xfffe, opcode: 0xfe, payload: hex('01'), offsetInBuffer: 0x20 }));
    const after = reg.decode(recordWith({ providerId: PROVIDER, id: 1, payload: hex('07'), offsetInBuffer: 0x30 }));
    expect(after).toMatchObject({ eventName: 'FromTrace', fields: [{ name: 'A', value: 7 }] });
    expect(src.seen).toBe(3);
  });

  it('feeds a record once when observe() and decode() are both called for it', () => {
    const reg = new SchemaRegistry();
    const src = new FakeManifestSource();
    reg.addSource(src);
    const r = recordWith({ providerId: PROVIDER, id: 9, offsetInBuffer: 0x40 });
    reg.observe(r);
    reg.decode(r);
    reg.observe(recordWith({ providerId: PROVIDER, id: 9, offsetInBuffer: 0x48 })); // not decoded, still seen
    expect(src.seen).toBe(2);
  });

  it('shows a source only the record kinds it names (observedKinds), and every kind to one that names none', () => {
    const reg = new SchemaRegistry();
    const every = new FakeManifestSource();
    const classic = Object.assign(new FakeManifestSource(), { observedKinds: ['trace', 'instance'] as const });
    reg.addSource(every);
    reg.addSource(classic);
    const kinds = ['system', 'compact', 'perfinfo', 'trace', 'instance', 'event', 'wpp'] as const;
    kinds.forEach((kind, i) => reg.decode(recordWith({ kind, providerId: PROVIDER, id: 1, offsetInBuffer: 0x10 * (i + 1) })));
    expect(every.seen).toBe(kinds.length);
    expect(classic.seen).toBe(2);
  });
});
