import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InType, OutType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { MofSyntaxError } from '../../src/etw/schema/mof/mof-lexer.js';
import { loadMof, type MofEvent } from '../../src/etw/schema/mof/mof-loader.js';
import { parseMof } from '../../src/etw/schema/mof/mof-parser.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'mof', 'etwkit-sample.mof');
const sample = loadMof(readFileSync(FIXTURE, 'utf8'));
const COPY = '0e7c0de5-aaaa-4bbb-8ccc-000000000001';

function layout(type: number | null, version: number | null): MofEvent {
  const e = sample.events.find((x) => x.classGuid === COPY && x.eventType === type && x.version === version);
  if (!e) throw new Error(`no layout ${type} v${version}`);
  return e;
}
function prop(e: MofEvent, name: string): PropertyDef {
  const p = e.schema.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

describe('MOF parser', () => {
  it('reads classes, superclasses, qualifiers with flavors, arrays, and skips methods, pragmas and instances', () => {
    const classes = parseMof(readFileSync(FIXTURE, 'utf8'));
    expect(classes.map((c) => c.name)).toEqual([
      'EventTrace', 'Etwkit_Sample_Provider', 'Etwkit_Copy_V1', 'Etwkit_Copy_V1_Range', 'Etwkit_Copy',
      'Etwkit_Copy_Range', 'Etwkit_Copy_Everything', 'Etwkit_Untyped', 'Etwkit_Pair', 'Etwkit_NotTracing',
    ]);
    const provider = classes[1]!;
    expect(provider.superclass).toBe('EventTrace');
    expect(provider.qualifiers.get('guid')!.value).toBe('{0E7C0DE5-1111-4222-8333-444455556666}');
    expect(provider.qualifiers.get('locale')!.value).toBe('MS\\0x409');
    const level = provider.properties[1]!;
    expect(level.qualifiers.get('definevalues')!.value).toEqual(['SAMPLE_LEVEL_ERROR_ONLY', 'SAMPLE_LEVEL_ALL']);
    const notTracing = classes[9]!;
    expect(notTracing.properties.map((p) => p.name)).toEqual(['InstanceName', 'Active']);
    const everything = classes[6]!;
    expect(everything.properties.find((p) => p.name === 'WideName')).toMatchObject({ type: 'char16', isArray: true, arraySize: 8 });
    expect(everything.properties.find((p) => p.name === 'Samples')).toMatchObject({ isArray: true, arraySize: null });
  });

  it('reports syntax errors with the line', () => {
    expect(() => parseMof('class A {\n uint32 x\n};')).toThrow(MofSyntaxError);
    expect(() => parseMof('class A {\n uint32 x\n};')).toThrow(/line 3: expected ';'/);
    expect(() => parseMof('[Guid("x")\nclass A {};')).toThrow(/line 2: expected '\]'/);
    expect(() => parseMof('class A { string s = "open; };')).toThrow(/unterminated string/);
  });
});

describe('MOF loader: the sample provider', () => {
  it('loads without warnings and describes the provider Flags and Level values', () => {
    expect(sample.warnings).toEqual([]);
    expect(sample.classCount).toBe(10);
    expect(sample.providers).toEqual([{
      className: 'Etwkit_Sample_Provider',
      guid: '0e7c0de5-1111-4222-8333-444455556666',
      description: 'Etwkit sample provider',
      flags: [
        { value: 0x1n, name: 'Copy', description: 'Copy operations', symbol: 'SAMPLE_FLAG_COPY' },
        { value: 0x100n, name: 'Net', description: 'Network operations', symbol: 'SAMPLE_FLAG_NET' },
      ],
      levels: [
        { value: 2n, name: 'Error', description: 'Only failures', symbol: 'SAMPLE_LEVEL_ERROR_ONLY' },
        { value: 5n, name: 'Verbose', description: 'Everything', symbol: 'SAMPLE_LEVEL_ALL' },
      ],
    }]);
  });

  it('keys layouts by class GUID, each EventType of a list, and the nearest EventVersion', () => {
    expect(sample.events.map((e) => [e.className, e.eventType, e.version])).toEqual([
      ['Etwkit_Copy_V1_Range', 10, 1],
      ['Etwkit_Copy_V1_Range', 11, 1],
      ['Etwkit_Copy_Range', 10, null],
      ['Etwkit_Copy_Everything', 20, 3], // its own EventVersion wins over the (absent) class one
      ['Etwkit_Untyped', null, null],
    ]);
    expect(layout(11, 1).schema).toMatchObject({
      source: 'mof', providerId: '0e7c0de5-1111-4222-8333-444455556666', providerName: 'Etwkit_Sample_Provider',
      eventName: 'Copy', taskName: 'Copy', opcodeName: 'Finish', message: null, userDataElement: null,
    });
  });

  it('orders fields by WmiDataId, not by declaration', () => {
    expect(layout(10, 1).schema.properties).toEqual([
      { name: 'Context', inType: InType.POINTER, outType: 0 },
      { name: 'Flags', inType: InType.UINT32, outType: OutType.HEXINT32, format: 'x' },
      { name: 'Source', inType: InType.UNICODESTRING, outType: 0 },
    ]);
  });

  it('finds layouts by exact version, else the unversioned class, and GUID-only classes for any type', () => {
    const s = sample.schemas;
    expect(s.find(COPY.toUpperCase(), 10, 1)!.className).toBe('Etwkit_Copy_V1_Range');
    expect(s.find(COPY, 10, 2)!.className).toBe('Etwkit_Copy_Range');
    expect(s.find(COPY, 10, null)!.className).toBe('Etwkit_Copy_Range');
    expect(s.find(COPY, 11, 7)).toBeNull();
    expect(s.find(COPY, 20, 3)!.className).toBe('Etwkit_Copy_Everything');
    expect(s.find(COPY, 20, 0)).toBeNull();
    expect(s.find('0e7c0de5-aaaa-4bbb-8ccc-000000000002', 99, 0)!.className).toBe('Etwkit_Untyped');
    expect(s.size).toBe(5);
  });

  it('maps pointers, SizeT and the four string terminations', () => {
    expect(layout(10, null).schema.properties).toEqual([
      { name: 'Context', inType: InType.POINTER, outType: 0 },
      { name: 'Length', inType: InType.SIZET, outType: 0, format: 'x', extension: 'SizeT' },
      { name: 'CountedNarrow', inType: InType.COUNTEDANSISTRING, outType: 0 },
      { name: 'CountedWide', inType: InType.COUNTEDSTRING, outType: 0 },
      { name: 'Reversed', inType: InType.REVERSEDCOUNTEDSTRING, outType: 0 },
      { name: 'Rest', inType: InType.NONNULLTERMINATEDANSISTRING, outType: 0 },
    ]);
  });

  it('maps Format c/s, char arrays, and every Extension', () => {
    const e = layout(20, 3);
    const brief = (name: string): unknown => {
      const { name: _n, map: _m, ...rest } = prop(e, name);
      return rest;
    };
    expect(brief('Letter')).toEqual({ inType: InType.ANSICHAR, outType: 0 });
    expect(brief('WideName')).toEqual({ inType: InType.UNICODESTRING, outType: 0, length: { fixed: 8 } });
    expect(brief('NarrowName')).toEqual({ inType: InType.ANSISTRING, outType: 0, length: { fixed: 6 } });
    expect(brief('OneChar')).toEqual({ inType: InType.UNICODECHAR, outType: 0 });
    expect(brief('Activity')).toEqual({ inType: InType.GUID, outType: 0, extension: 'Guid' });
    expect(brief('Remote4')).toEqual({ inType: InType.UINT32, outType: OutType.IPV4, extension: 'IPAddr' });
    expect(brief('Local4')).toEqual({ inType: InType.UINT32, outType: OutType.IPV4, extension: 'IPAddrV4' });
    expect(brief('Remote6')).toEqual({ inType: InType.BINARY, outType: OutType.IPV6, length: { fixed: 16 }, extension: 'IPAddrV6' });
    expect(brief('RemotePort')).toEqual({ inType: InType.UINT16, outType: OutType.PORT, extension: 'Port' });
    expect(brief('Note')).toEqual({ inType: InType.ANSISTRING, outType: 0, extension: 'RString' });
    expect(brief('WideNote')).toEqual({ inType: InType.UNICODESTRING, outType: 0, extension: 'RWString' });
    expect(brief('User')).toEqual({ inType: InType.WBEMSID, outType: 0, extension: 'Sid' });
    expect(brief('Blob')).toEqual({ inType: InType.HEXDUMP, outType: 0, extension: 'Variant' });
    expect(brief('When')).toEqual({ inType: InType.UINT64, outType: OutType.ETWTIME, extension: 'WmiTime' });
    expect(brief('Hidden')).toEqual({ inType: InType.UINT8, outType: 0, noPrint: true, extension: 'NoPrint', count: { fixed: 4 } });
    expect(brief('Details')).toEqual({ inType: InType.UNICODESTRING, outType: OutType.XML, extension: 'XMLFragment' });
  });

  it('maps ValueMap/Values (index and flag), Values alone, BitMap/BitValues and BitValues alone', () => {
    const e = layout(20, 3);
    expect(prop(e, 'Operation').map).toEqual({ name: 'Operation', kind: 'value', entries: [
      { value: 1, text: 'Read' }, { value: 2, text: 'Write' }, { value: 16, text: 'Delete' }] });
    expect(prop(e, 'Mode').map).toEqual({ name: 'Mode', kind: 'bitmap', entries: [
      { value: 1, text: 'Sync' }, { value: 4, text: 'Cached' }] });
    expect(prop(e, 'Indexed').map!.entries).toEqual([
      { value: 0, text: 'Zero' }, { value: 1, text: 'One' }, { value: 2, text: 'Two' }]);
    expect(prop(e, 'Bits').map).toEqual({ name: 'Bits', kind: 'bitmap', entries: [
      { value: 1, text: 'Low' }, { value: 8, text: 'Fourth' }] });
    expect(prop(e, 'Positional').map!.entries).toEqual([{ value: 1, text: 'First' }, { value: 2, text: 'Second' }]);
  });

  it('maps array sizes (WmiSizeIs, MAX, [N]), numeric types, boolean and embedded classes', () => {
    const e = layout(20, 3);
    const index = e.schema.properties.findIndex((p) => p.name === 'SampleCount');
    expect(prop(e, 'Samples')).toEqual({ name: 'Samples', inType: InType.INT32, outType: 0, count: { ref: index } });
    expect(prop(e, 'Fixed').count).toEqual({ fixed: 3 });
    expect(prop(e, 'Quad')).toEqual({ name: 'Quad', inType: InType.UINT16, outType: 0, count: { fixed: 4 } });
    expect(['Tiny', 'Short', 'Wide', 'Ratio', 'Precise'].map((n) => prop(e, n).inType))
      .toEqual([InType.INT8, InType.INT16, InType.INT64, InType.FLOAT, InType.DOUBLE]);
    expect(prop(e, 'Done')).toEqual({ name: 'Done', inType: InType.UINT8, outType: OutType.BOOLEAN });
    expect(prop(e, 'Pair')).toEqual({ name: 'Pair', inType: InType.NULL, outType: 0, members: [
      { name: 'Left', inType: InType.UINT16, outType: 0 }, { name: 'Right', inType: InType.UINT16, outType: 0 }] });
    expect(prop(e, 'DefaultNarrow').inType).toBe(InType.ANSISTRING);
  });

  it('warns about what it cannot map and about duplicate layouts', () => {
    const m = loadMof(`
      class EventTrace {};
      [Guid("{11111111-2222-3333-4444-555555555555}")] class P : EventTrace {};
      [EventType(1)] class A : P { [WmiDataId(1)] object What; [WmiDataId(2)] uint8 Tail[]; [WmiDataId(3)] Missing M; };
      [EventType(1)] class B : P { [WmiDataId(1)] uint32 X; };
      [EventType("one")] class C : P { [WmiDataId(1)] uint32 X; };`);
    expect(m.warnings).toEqual([
      'class A: property What: object without an Extension qualifier',
      'class A: property Tail: array without a size (no [N], MAX or WmiSizeIs)',
      'class A: property M: unknown data type Missing',
      'class C: EventType value is not an integer',
      'class B: type 1 version * of {11111111-2222-3333-4444-555555555555} is already defined by A; the first definition is kept',
    ]);
    expect(m.schemas.find('11111111-2222-3333-4444-555555555555', 1, 0)!.className).toBe('A');
  });
});
