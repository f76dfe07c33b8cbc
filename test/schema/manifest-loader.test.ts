import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import { loadManifest, type ManifestEvent, type ManifestProvider } from '../../src/etw/schema/manifest/manifest-loader.js';
import { CORPUS_SCHEMAS, haveCorpus } from '../support/corpus.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'manifests');
const transfers = loadManifest(readFileSync(join(FIXTURES, 'etwkit-transfers.man'), 'utf8'));

function provider(name: string, loaded = transfers): ManifestProvider {
  const p = loaded.providers.find((x) => x.name === name);
  if (!p) throw new Error(`no provider ${name}`);
  return p;
}
function event(p: ManifestProvider, id: number, version = 0): ManifestEvent {
  const e = p.events.find((x) => x.id === id && x.version === version);
  if (!e) throw new Error(`no event ${id} v${version}`);
  return e;
}

describe('manifest loader: fixture with every construct', () => {
  const p = provider('Etwkit-Test-Transfers');

  it('reads both providers with normalized GUIDs and the localized provider message', () => {
    expect(transfers.providers.map((x) => [x.name, x.guid])).toEqual([
      ['Etwkit-Test-Transfers', '5c0ffee1-0b5e-4a6d-9e1a-00000000e7e1'],
      ['Etwkit-Test-Second', 'a1b2c3d4-0000-4000-8000-000000000002'],
    ]);
    expect(p.message).toBe('Etwkit transfer test provider');
    expect(transfers.culture).toBe('en-US');
    expect(transfers.warnings).toEqual([]);
  });

  it('resolves descriptor names: win: levels/opcodes, provider tasks, keywords and channels', () => {
    const e = event(p, 1, 0);
    expect([e.level, e.task, e.opcode, e.channel]).toEqual([4, 7, 1, 16]);
    expect(e.keywords).toBe(0x10n | 0x0001_0000_0000_0000n);
    expect(e.schema).toMatchObject({
      source: 'manifest',
      providerId: '5c0ffee1-0b5e-4a6d-9e1a-00000000e7e1',
      providerName: 'Etwkit-Test-Transfers',
      eventName: 'TransferQueued',
      taskName: 'Copying',
      opcodeName: 'Start',
      levelName: 'Information',
      keywordNames: ['Network traffic', 'Response Time'],
      channelName: 'Transfers operations',
      message: 'Transfer %1 queued on %2 going %3.',
      userDataElement: null,
    });
  });

  it('prefers the task-specific opcode over a provider-wide one of the same name', () => {
    const e = event(p, 1, 1);
    expect([e.level, e.opcode, e.channel, e.keywords]).toEqual([3, 12, 17, 0x8000000000000000n]);
    expect(e.schema.opcodeName).toBe('Retried copy');
    expect(e.schema.keywordNames).toEqual(['Disk']);
    expect(e.schema.channelName).toBe('Etwkit-Test-Transfers/Debug');
    expect(e.schema.message).toBe('Transfer %1 (status %2) with %3 parts & %9 local');
    const typed = event(p, 3, 2);
    expect(typed.opcode).toBe(13); // task Sync has no own opcodes: the provider-wide Retry
    expect(typed.schema.opcodeName).toBe('Retried');
    expect(typed.schema.eventName).toBe('Typed'); // `name` wins over `symbol`
  });

  it('handles hex event values, custom levels, imported channels and events without template', () => {
    const e = event(p, 2, 0);
    expect([e.level, e.task, e.opcode, e.channel]).toEqual([21, 0, 14, 8]);
    expect(e.schema.levelName).toBe('Very noisy');
    expect(e.schema.opcodeName).toBe('Flush');
    expect(e.schema.taskName).toBeNull();
    expect(e.schema.properties).toEqual([]);
    expect(e.schema.message).toBeNull();
    const ping = event(provider('Etwkit-Test-Second'), 100);
    expect([ping.level, ping.opcode]).toEqual([0, 0]);
    expect(ping.schema.levelName).toBe('Log Always');
  });

  it('maps valueMap and bitMap entries with localized text', () => {
    const [days, way] = event(p, 1).schema.properties.slice(1);
    expect(days!.map).toEqual({
      name: 'Weekdays', kind: 'bitmap',
      entries: [{ value: 1, text: 'Monday' }, { value: 2, text: 'Tuesday' }, { value: 4, text: 'Wednesday' }],
    });
    expect(way!.map).toEqual({
      name: 'Direction', kind: 'value',
      entries: [{ value: 1, text: 'Inbound' }, { value: 2, text: 'Outbound' }, { value: 16, text: 'Both ways' }],
    });
  });

  it('builds the counted-array / sized-binary / fixed-binary / boolean / struct-array template', () => {
    expect(event(p, 1, 1).schema.properties).toEqual([
      { name: 'Label', inType: InType.UNICODESTRING, outType: 0 },
      { name: 'Status', inType: InType.INT32, outType: OutType.HRESULT },
      { name: 'PartCount', inType: InType.UINT16, outType: 0 },
      { name: 'Parts', inType: InType.UNICODESTRING, outType: 0, count: { ref: 2 } },
      { name: 'BlobSize', inType: InType.UINT32, outType: 0 },
      { name: 'Blob', inType: InType.BINARY, outType: 0, length: { ref: 4 } },
      { name: 'Stamp', inType: InType.BINARY, outType: 0, length: { fixed: 11 } },
      { name: 'Local', inType: InType.BOOLEAN, outType: 0 },
      { name: 'Target', inType: InType.UNICODESTRING, outType: 0 },
      { name: 'EntryCount', inType: InType.UINT16, outType: 0 },
      {
        name: 'Entries', inType: InType.NULL, outType: 0, count: { ref: 9 },
        members: [
          { name: 'Code', inType: InType.UINT16, outType: 0 },
          { name: 'Title', inType: InType.UNICODESTRING, outType: 0 },
        ],
      },
    ]);
  });

  it('maps every win: in-type and the out-types used', () => {
    const props = event(p, 3, 2).schema.properties;
    expect(props.map((x) => [x.name, x.inType, x.outType])).toEqual([
      ['Small', InType.INT8, 0], ['Byte', InType.UINT8, OutType.HEXINT8], ['Signed16', InType.INT16, 0],
      ['Port', InType.UINT16, OutType.PORT], ['Pid', InType.UINT32, OutType.PID],
      ['Address', InType.UINT32, OutType.IPV4], ['Big', InType.INT64, 0], ['Mask', InType.HEXINT64, 0],
      ['Ratio', InType.FLOAT, 0], ['Precise', InType.DOUBLE, 0], ['Id', InType.GUID, 0],
      ['Where', InType.POINTER, 0], ['When', InType.FILETIME, 0], ['WhenLocal', InType.SYSTEMTIME, 0],
      ['Who', InType.SID, 0], ['Narrow', InType.ANSISTRING, 0], ['Fixed', InType.UINT32, OutType.UNSIGNEDINT],
      ['V6', InType.BINARY, OutType.IPV6],
    ]);
    expect(props.find((x) => x.name === 'Narrow')!.length).toEqual({ fixed: 4 });
    expect(props.find((x) => x.name === 'Fixed')!.count).toEqual({ fixed: 3 });
  });

  it('records the UserData root element and keeps plain (unreferenced) messages', () => {
    const e = event(p, 4);
    expect(e.schema.userDataElement).toBe('ShapedEvent');
    expect(e.schema.message).toBe('Plain text %1 and %2');
    expect(e.schema.properties.map((x) => x.name)).toEqual(['Code', 'Note']);
  });

  it('chooses the requested culture and falls back to en-US per string', () => {
    const de = loadManifest(readFileSync(join(FIXTURES, 'etwkit-transfers.man'), 'utf8'), { culture: 'de-DE' });
    const map = event(provider('Etwkit-Test-Transfers', de), 1).schema.properties[2]!.map!;
    expect(map.entries.map((x) => x.text)).toEqual(['Eingehend', 'Outbound', 'Both ways']);
  });
});

describe('manifest loader: problems are reported, not hidden', () => {
  const wrap = (body: string): string =>
    `<instrumentationManifest><instrumentation><events><provider name="P" guid="{00000000-0000-0000-0000-000000000001}">${body}</provider></events></instrumentation></instrumentationManifest>`;

  it('warns about unknown types, maps, templates, names and dangling count references', () => {
    const m = loadManifest(wrap(`
      <templates><template tid="t">
        <data name="A" inType="win:Mystery"/>
        <data name="B" inType="win:UInt32" map="Nope" count="Later"/>
        <data name="Later" inType="win:UInt16"/>
      </template></templates>
      <events>
        <event value="1" template="t" level="win:Whatever" opcode="Nope" task="Gone" keywords="K" message="$(string.missing)"/>
        <event value="2" template="absent"/>
      </events>`));
    expect(m.warnings).toEqual([
      'provider P: template t: field A: unknown inType "win:Mystery"',
      'provider P: template t: field B count names "Later", which is not an earlier field',
      'provider P: template t: field B: unknown map "Nope"',
      'provider P: event 1 v0: unknown level "win:Whatever"',
      'provider P: event 1 v0: unknown task "Gone"',
      'provider P: event 1 v0: unknown opcode "Nope"',
      'provider P: event 1 v0: unknown keyword "K"',
      'provider P: event 1 v0: unresolved message $(string.missing)',
      'provider P: event 2 v0: unknown template "absent"',
    ]);
    expect(m.providers[0]!.events[0]!.schema.properties[0]!.inType).toBe(InType.NULL);
    expect(m.providers[0]!.events[0]!.schema.message).toBeNull();
  });

  it('takes the first definition of a repeated name, per event, and resolves references with white space around them only', () => {
    const m = loadManifest(`<instrumentationManifest><instrumentation><events><provider name="P" guid="{00000000-0000-0000-0000-000000000001}">
      <levels><level name="L" value="20"/><level name="L" value="21"/></levels>
      <opcodes><opcode name="O" value="30"/><opcode name="O" value="31"/></opcodes>
      <tasks>
        <task name="T" value="5"><opcodes><opcode name="TO" value="40"/><opcode name="TO" value="41"/></opcodes></task>
        <task name="T" value="6"/>
        <task name="U" value="5"><opcodes><opcode name="TO" value="42"/></opcodes></task>
      </tasks>
      <keywords><keyword name="K" mask="0x1"/><keyword name="K" mask="0x2"/><keyword name="J" mask="0x4"/></keywords>
      <channels><channel name="C" chid="C" value="17"/><channel name="C" chid="C" value="18"/></channels>
      <events>
        <event value="1" level="L" task="T" opcode="TO" keywords=" K  J " channel="C" message=" $(string.s1) "/>
        <event value="2" task="U" opcode="TO" keywords=" K  J " message="see $(string.s1)"/>
        <event value="3" opcode="O" keywords="K Q" message="$(string.s1)x"/>
        <event value="4" keywords="K Q"/>
      </events>
    </provider></events></instrumentation>
    <localization><resources culture="en-US"><stringTable><string id="s1" value="one"/></stringTable></resources></localization>
    </instrumentationManifest>`);
    const events = m.providers[0]!.events;
    expect(events.map((e) => [e.level, e.task, e.opcode, e.keywords, e.channel])).toEqual([
      [20, 5, 40, 5n, 17], [0, 5, 40, 5n, null], [0, 0, 30, 1n, null], [0, 0, 0, 1n, null],
    ]);
    expect(events.map((e) => e.schema.message)).toEqual(['one', 'see $(string.s1)', '$(string.s1)x', null]);
    expect(m.warnings).toEqual(['provider P: event 3 v0: unknown keyword "Q"', 'provider P: event 4 v0: unknown keyword "Q"']);
  });

  it('rejects malformed XML with a position', () => {
    expect(() => loadManifest('<a><b></a>')).toThrow(/XML 1:7: end tag <\/a> does not match <b>/);
    expect(() => loadManifest('<a x=1/>')).toThrow(/must be quoted/);
    expect(() => loadManifest('<a>')).toThrow(/not closed/);
  });
});

describe.skipIf(!haveCorpus)('manifest loader: real manifests from the corpus', () => {
  it('loads ClrEtwAll.man: four providers, structs, maps and the GC events', () => {
    const text = readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), 'utf8');
    const t0 = performance.now();
    const clr = loadManifest(text);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(500);
    expect(clr.warnings).toEqual([]);
    expect(clr.providers.map((x) => [x.name, x.guid, x.events.length])).toEqual([
      ['Microsoft-Windows-DotNETRuntime', 'e13c0d23-ccbc-4e12-931b-d9cc2eee27e4', 184],
      ['Microsoft-Windows-DotNETRuntimeRundown', 'a669021c-c450-4609-a035-5af59af4df18', 46],
      ['Microsoft-Windows-DotNETRuntimeStress', 'cc2bcbba-16b6-4cf3-8990-d74c2e8af500', 3],
      ['Microsoft-Windows-DotNETRuntimePrivate', '763fd754-7086-4dfe-95eb-c01a46faf4ca', 183],
    ]);
    const runtime = clr.providers[0]!;
    expect(runtime.maps).toHaveLength(26);
    const gcStart = event(runtime, 1, 2);
    expect(gcStart.schema).toMatchObject({
      eventName: 'GCStart_V2', taskName: 'GC', opcodeName: 'Start', levelName: 'Information',
      keywordNames: ['GC'],
    });
    expect(gcStart.schema.properties.map((x) => x.name)).toEqual(
      ['Count', 'Depth', 'Reason', 'Type', 'ClrInstanceID', 'ClientSequenceNumber']);
    expect(gcStart.schema.properties[2]!.map?.name).toBe('GCReasonMap');
    const perHeap = event(runtime, 204, 3);
    const values = perHeap.schema.properties.find((x) => x.name === 'Values')!;
    expect(values.count).toEqual({ ref: perHeap.schema.properties.findIndex((x) => x.name === 'Count') });
    expect(values.members).toHaveLength(10);
    expect(values.members![0]).toEqual({ name: 'SizeBefore', inType: InType.POINTER, outType: OutType.HEXINT64 });
    const strong = runtime.events.find((x) => x.templateId === 'StrongNameVerification')!;
    expect(strong.schema.userDataElement).toBe('StrongNameVerification');
  });

  it('loads AdvancedProvider.man (every in/out type pair) without warnings', () => {
    const adv = loadManifest(readFileSync(join(CORPUS_SCHEMAS, 'AdvancedProvider.man'), 'utf8'));
    expect(adv.warnings).toEqual([]);
    expect(adv.providers[0]!.events).toHaveLength(69);
    const all = adv.providers[0]!.events.flatMap((x) => x.schema.properties);
    expect(all.every((x) => x.inType !== InType.NULL)).toBe(true);
  });
});
