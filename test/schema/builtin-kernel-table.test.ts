/**
 * The built-in NT kernel class table: its notation, and every layout checked
 * against the kernel MOF of the WDK (wmicore.mof, read in place) — the same
 * properties (in-types, out-types, pointer-sized fields, SIDs, strings, counts,
 * hidden fields) and the same labels as `--mof wmicore.mof` gives — and
 * against the class versions Windows 11 registers (Windows_Kernel_Trace.tsv).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtinKernelEvents, registerBuiltinKernelClasses } from '../../src/etw/schema/builtin/kernel-classes.js';
import { parseFields } from '../../src/etw/schema/builtin/kernel-notation.js';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { loadMof } from '../../src/etw/schema/mof/mof-loader.js';
import { registerMof } from '../../src/etw/schema/mof/mof-register.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { CORPUS_SCHEMAS, haveCorpus } from '../support/corpus.js';

const key = (guid: string, type: number | null, version: number | null) => `${guid}/${type}/${version}`;

describe('kernel notation', () => {
  it('reads scalars, pointer-sized fields, SIDs, strings, arrays, hidden fields and structures', () => {
    const props = parseFields('Key:ptr Pid:x32 Size:sizet User:sid Name:astr Cmd:wstr Fixed:wstr(16) Tz:u8[176]! '
      + 'N:u32 Frames:ptr[N] Port:port Addr:ipv6 When:time Id:guid Set:{A:u32 B:u64}[N]');
    expect(props.map((p) => p.name)).toEqual(['Key', 'Pid', 'Size', 'User', 'Name', 'Cmd', 'Fixed', 'Tz', 'N', 'Frames', 'Port', 'Addr', 'When', 'Id', 'Set']);
    expect(props[0]).toEqual({ name: 'Key', inType: InType.POINTER, outType: 0 });
    expect(props[1]).toEqual({ name: 'Pid', inType: InType.UINT32, outType: OutType.HEXINT32, format: 'x' });
    expect(props[2]).toEqual({ name: 'Size', inType: InType.SIZET, outType: 0, extension: 'SizeT' });
    expect(props[3]).toEqual({ name: 'User', inType: InType.WBEMSID, outType: 0, extension: 'Sid' });
    expect(props[4]!.inType).toBe(InType.ANSISTRING);
    expect(props[5]).toEqual({ name: 'Cmd', inType: InType.UNICODESTRING, outType: 0 });
    expect(props[6]).toEqual({ name: 'Fixed', inType: InType.UNICODESTRING, outType: 0, length: { fixed: 16 } });
    expect(props[7]).toEqual({ name: 'Tz', inType: InType.UINT8, outType: 0, count: { fixed: 176 }, noPrint: true, extension: 'NoPrint' });
    expect(props[9]).toEqual({ name: 'Frames', inType: InType.POINTER, outType: 0, count: { ref: 8 } });
    expect(props[11]).toMatchObject({ inType: InType.BINARY, outType: OutType.IPV6, length: { fixed: 16 } });
    expect(props[14]).toEqual({
      name: 'Set', inType: InType.NULL, outType: 0, count: { ref: 8 },
      members: [{ name: 'A', inType: InType.UINT32, outType: 0 }, { name: 'B', inType: InType.UINT64, outType: 0 }],
    });
    expect(parseFields('')).toEqual([]);
    expect(parseFields('T:u64 Stack1..3:ptr').map((p) => [p.name, p.inType])).toEqual([
      ['T', InType.UINT64], ['Stack1', InType.POINTER], ['Stack2', InType.POINTER], ['Stack3', InType.POINTER]]);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseFields('A:u24')).toThrow(/unknown type u24/);
    expect(() => parseFields('A:ptr[Count]')).toThrow(/names no earlier field/);
    expect(() => parseFields('A u32')).toThrow(/cannot read/);
  });

  it('builds every table: one schema per class, event type and version, labelled as the kernel logger\'s', () => {
    const events = builtinKernelEvents();
    expect(events.length).toBe(515);
    expect(new Set(events.map((e) => key(e.classGuid, e.eventType, e.version))).size).toBe(events.length);
    const start = events.find((e) => e.classGuid === '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c' && e.eventType === 3 && e.version === 4)!;
    expect(start.schema).toMatchObject({
      source: 'kernel', providerName: 'MSNT_SystemTrace', providerId: '9e814aad-3204-11d2-9a82-006008a86939',
      eventName: 'Process', taskName: 'Process', opcodeName: 'DCStart',
    });
  });

  it('registers under MOF keys, and a later registration of the same key replaces the built-in layout', () => {
    const registry = new SchemaRegistry();
    expect(registerBuiltinKernelClasses(registry)).toBe(515);
    expect(registry.size.mof).toBe(515);
    expect(registry.hasClassicSchema('3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', 1)).toBe(true);
    const mine = loadMof(`class EventTrace {};
      [Dynamic, Guid("{9e814aad-3204-11d2-9a82-006008a86939}")] class MSNT_SystemTrace : EventTrace {};
      [Dynamic, Guid("{3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c}"), EventVersion(4), DisplayName("MyProcess")] class P4 : MSNT_SystemTrace {};
      [Dynamic, EventType(1), EventTypeName("Begin")] class P4_Start : P4 { [WmiDataId(1)] uint32 Only; };`);
    expect(mine.events).toHaveLength(1);
    const start = (version: number) => ({ kind: 'system', providerId: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', opcode: 1, version }) as EtlRecord;
    expect(registry.schemaFor(start(4))!.opcodeName).toBe('Start');
    registerMof(registry, mine);
    expect(registry.schemaFor(start(4))!).toMatchObject({ taskName: 'MyProcess', opcodeName: 'Begin', source: 'mof' });
    expect(registry.schemaFor(start(3))!).toMatchObject({ taskName: 'Process', opcodeName: 'Start', source: 'kernel' });
    expect(registry.size.mof).toBe(515);
  });
});

describe.skipIf(!haveCorpus)('the built-in table against the kernel MOF (wmicore.mof) and Windows 11\'s registered classes', () => {
  const wmicore = haveCorpus ? loadMof(readFileSync(join(CORPUS_SCHEMAS, 'wmicore.mof'), 'utf8')) : null;
  const events = builtinKernelEvents();

  it('every built-in layout the MOF declares has its properties and labels', () => {
    const differ: string[] = [];
    const onlyBuiltin: string[] = [];
    for (const e of events) {
      const m = wmicore!.schemas.find(e.classGuid, e.eventType, e.version);
      if (m === null || m.version !== e.version || m.eventType !== e.eventType) {
        onlyBuiltin.push(`${e.schema.taskName}/${e.schema.opcodeName} v${e.version}`);
        continue;
      }
      const a = e.schema, b = m.schema;
      const same = isDeepStrictEqual(JSON.parse(JSON.stringify(a.properties)), JSON.parse(JSON.stringify(b.properties)))
        && a.providerId === b.providerId && a.providerName === b.providerName && a.eventName === b.eventName
        && a.taskName === b.taskName && a.opcodeName === b.opcodeName;
      if (!same) differ.push(`${m.className} type ${e.eventType} v${e.version}`);
    }
    expect(differ).toEqual([]);
    // Windows 11 registers DuplicateHandle v3 with v2's fields (Windows_Kernel_Trace.tsv); no MOF file declares it.
    expect(onlyBuiltin).toEqual(['Object/DuplicateHandle v3']);
  });

  it('covers every kernel logger (MSNT_SystemTrace) layout of the MOF but one', () => {
    const have = new Set(events.map((e) => key(e.classGuid, e.eventType, e.version)));
    const missing = wmicore!.schemas.all()
      .filter((m) => m.schema.providerName === 'MSNT_SystemTrace' && !have.has(key(m.classGuid, m.eventType, m.version)))
      .map((m) => m.className);
    // LbrRecord_V2's trailing array of structures has no size, so the MOF itself cannot decode it.
    expect(missing).toEqual(['LbrRecord_V2']);
  });

  it('has every class GUID, event type and version that Windows 11 registers for the common classes', () => {
    const have = new Set(events.map((e) => key(e.classGuid, e.eventType, e.version)));
    const common = new Set(['68fdd900-4a3e-11d1-84f4-0000f80464e3', '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c',
      '2cb15d1d-5fc1-11d2-abe1-00a0c911f518', '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c', '90cbdc39-4a3e-11d1-84f4-0000f80464e3',
      '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c', '9a280ac0-c8e0-11d1-84e2-00c04fb998a2', 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80',
      'ae53722e-c863-11d2-8659-00c04fa321a1', 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc', 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3',
      '45d8cccd-539f-4b72-a8b7-5c683142609a', '6a399ae0-4bc6-4de9-870b-3657f8947e7e', 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8',
      '01853a65-418f-4f36-aefc-dc0f1d2fd235', '89497f50-effe-4440-8cf2-ce6b1cdcaca7', '0268a8b6-74fd-4302-9dd0-6e8f1795c0cf']);
    const lines = readFileSync(join(CORPUS_SCHEMAS, 'Windows_Kernel_Trace.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const registered: string[] = [];
    const missing: string[] = [];
    for (const line of lines) {
      const [, category, type, version, , typeName] = line.split('\t');
      const guid = category!.replace(/[{}]/g, '').toLowerCase();
      if (!common.has(guid)) continue;
      registered.push(typeName!);
      if (!have.has(key(guid, Number(type), Number(version)))) missing.push(`${guid} ${type} v${version} ${typeName}`);
    }
    expect(registered.length).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });
});
