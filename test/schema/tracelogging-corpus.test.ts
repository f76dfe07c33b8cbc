/**
 * TraceLogging events of the real corpus files decode with their field names
 * and values. primitive-types is checked against TraceEvent's own baseline;
 * the other expected values were read from the event bytes (hex noted beside).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import type { DecodedField, DecodedPayload } from '../../src/etw/schema/types.js';
import { CORPUS_ETL, etlPath, haveCorpus } from '../support/corpus.js';
import { plainFields } from './schema-fixtures.js';

interface Decoded {
  payload: DecodedPayload;
  kind: string;
  id: number | null;
}

/** Decode every record of a corpus file; keep the results (they are plain data). */
function decodeFile(stem: string): { all: Decoded[]; registry: SchemaRegistry } {
  const r = EtlReader.open([etlPath(stem)]);
  const registry = new SchemaRegistry({ files: r.files });
  const all: Decoded[] = [];
  try {
    for (const rec of r.records()) all.push({ payload: registry.decode(rec), kind: rec.kind, id: rec.id });
  } finally {
    r.close();
  }
  return { all, registry };
}

function tl(all: Decoded[]): DecodedPayload[] {
  return all.filter((d) => d.payload.source === 'tracelogging').map((d) => d.payload);
}

function fieldMap(p: DecodedPayload): Record<string, unknown> {
  return Object.fromEntries(p.fields.map((f) => [f.name, f.value]));
}

// ---- TraceEvent baseline -------------------------------------------------------

/** `field=value` pairs of the baseline's EVENT lines for one event name, after the header facts. */
function baselineEvents(stem: string, eventName: string): Array<Array<[string, string]>> {
  const text = readFileSync(join(CORPUS_ETL, `${stem}.traceevent-baseline.txt`), 'utf8');
  const out: Array<Array<[string, string]>> = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('EVENT ') || !line.includes(`/${eventName} `)) continue;
    const parts = line.split('; ').map((s) => s.trim()).filter((s) => s.length > 0);
    const dataAt = parts.findIndex((s) => s.startsWith('DataLen='));
    out.push(parts.slice(dataAt + 1).map((s) => {
      const eq = s.indexOf('=');
      return [s.slice(0, eq), s.slice(eq + 1).replace(/;$/, '')] as [string, string];
    }));
  }
  return out;
}

const pad2 = (n: string) => n.padStart(2, '0');

/** Our ISO date-time in TraceEvent's `yy/MM/dd HH:mm:ss.fffffff` layout. */
function traceEventDate(iso: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d+)/.exec(iso)!;
  return `${m[1]!.slice(2)}/${pad2(m[2]!)}/${pad2(m[3]!)} ${m[4]}:${m[5]}:${m[6]}.${m[7]}`;
}

/** Compare one of our fields with a baseline value, allowing only the baseline's own formatting. */
function expectBaselineValue(f: DecodedField, expected: string): void {
  const truncated = expected.endsWith('...');
  const stem = truncated ? expected.slice(0, -3) : expected;
  let ours: string;
  switch (f.name) {
    case 'boolean_type': ours = f.text === 'true' ? 'True' : 'False'; break; // .NET Boolean.ToString
    case 'char_type': ours = String((f.value as string).charCodeAt(0)); break; // TraceEvent prints a char8 as its code
    case 'guid_type': ours = (f.value as string).slice(1, -1); break; // TraceEvent: no braces
    case 'file_time_type': ours = traceEventDate(f.text); break;
    case 'system_time_type':
      // TraceEvent's fraction is .03 in all five events although the SYSTEMTIME
      // milliseconds (u16 at +14) are 799, 239, 671, 48, 484; compare to the second.
      expect(traceEventDate(f.text).slice(0, 17)).toBe(stem.slice(0, 17));
      return;
    case 'int64_type':
      // The metadata declares this field UInt64 (InMeta 0x0a); TraceEvent prints it as a signed long.
      ours = (BigInt(f.value as string) - 2n ** 64n).toString();
      break;
    default: ours = f.text;
  }
  const normalized = stem.replace(/(\d),(?=\d{3})/g, '$1'); // thousands separators
  if (truncated) expect(ours.startsWith(normalized) && ours.length > normalized.length, `${f.name}: ${ours} vs ${expected}`).toBe(true);
  else expect(ours, f.name).toBe(normalized);
}

describe.skipIf(!haveCorpus)('TraceLogging in the corpus', () => {
  it('perfview-primitive-types-tl: every field of the 5 PrimitiveTypesTest events equals the TraceEvent baseline', () => {
    const events = tl(decodeFile('perfview-primitive-types-tl').all);
    const baseline = baselineEvents('perfview-primitive-types-tl', 'PrimitiveTypesTest');
    expect(events).toHaveLength(5);
    expect(baseline).toHaveLength(5);
    events.forEach((ev, i) => {
      expect(ev.error).toBeNull();
      expect(ev.providerName).toBe('solar_system');
      expect(ev.eventName).toBe('PrimitiveTypesTest');
      expect(ev.fields.map((f) => f.name)).toEqual(baseline[i]!.map(([n]) => n));
      ev.fields.forEach((f, k) => expectBaselineValue(f, baseline[i]![k]![1]));
    });
    // Full-width values the baseline cuts to 20 characters (read from the first event's bytes).
    expect(fieldMap(events[0]!)).toMatchObject({
      string_type: 'Mercury',
      guid_type: '{0ad614c4-0ef4-4225-8013-f44f37cb0397}',
      file_time_type: '2021-09-09T14:59:35.799000000Z',
      system_time_type: '2021-09-09T14:59:35.799000000',
      uint64_type: 204,
    });
  });

  it('airbus-lxcore-kernel-tl: two LxCore BreakPoint events (UInt8, GUID, Int32, counted and plain ANSI strings)', () => {
    const events = tl(decodeFile('airbus-lxcore-kernel-tl').all);
    expect(events).toHaveLength(2);
    for (const ev of events) {
      expect(ev.providerName).toBe('Microsoft.Windows.Subsystem.LxCore');
      expect(ev.eventName).toBe('BreakPoint');
      expect(ev.error).toBeNull();
      expect(ev.fields.map((f) => f.name)).toEqual(['ErrorLevel', 'instanceId', 'LxPid', 'LxTid', 'LxNs', 'ExecutablePath', 'Function', 'Line', 'Message']);
    }
    expect(fieldMap(events[0]!)).toEqual({
      ErrorLevel: 2, instanceId: '{00000000-0000-0000-0000-000000000000}', LxPid: -1, LxTid: -1, LxNs: 0,
      ExecutablePath: '', Function: 'LxpDrvFsTypeMount', Line: 10528, // 20 29 00 00
      Message: 'Failed to open volume C:\\WINDOWS\\system32\\lxss\\tools, result -2\n',
    });
    expect(fieldMap(events[1]!)).toMatchObject({ Function: 'LxpInstanceStart', Line: 2659, Message: '[0xc0000034] LxpInstanceInitialize\n' });
  });

  it('hw3d-single-tl-event: Atum-Hw3d WinMain with an empty ANSI command line and nCmdShow 10', () => {
    const events = tl(decodeFile('hw3d-single-tl-event').all);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ providerName: 'Atum-Hw3d', eventName: 'WinMain', error: null });
    expect(plainFields(events[0]!.fields)).toEqual([
      { name: 'lpCmdLine', value: '', text: '' },
      { name: 'nCmdShow', value: 10, text: '10' },
    ]);
  });

  it('sonde-relogged-mof-tl: 9 sonde-gateway events in 4 layouts (SYSTEMTIME UTC, UTF-8 counted strings, UInt64)', () => {
    const { all, registry } = decodeFile('sonde-relogged-mof-tl');
    const events = tl(all);
    expect(events).toHaveLength(9);
    expect(events.every((e) => e.providerName === 'sonde-gateway' && e.error === null)).toBe(true);
    expect(registry.size.traceLogging).toBe(4);
    expect(events[0]!.eventName).toBe('event crates\\sonde-gateway\\src\\engine.rs:581');
    expect(fieldMap(events[0]!)).toEqual({
      time: '2026-03-27T03:57:11.785000000Z', // ea07 0300 0000 1b00 0300 3900 0b00 1103, out-type DATETIME_UTC
      message: 'session created', node_id: 'sensor--1',
      seq: '4856502271657427837', // 7dc304d115c36543, beyond 2^53
    });
    expect(fieldMap(events[1]!)).toMatchObject({ message: 'WAKE received', battery_mv: 3300 });
    expect(fieldMap(events[2]!)).toMatchObject({ message: 'COMMAND selected', command_type: 'Nop' });
    expect(fieldMap(events[3]!)).toMatchObject({
      message: 'modem health poll failed',
      error: 'transport I/O error: write modem frame: The device does not recognize the command. (os error 22)',
    });
    // Classic MOF records have no schema registered here: ERROR_NOT_FOUND, no fields.
    const classic = all.filter((d) => d.kind === 'trace');
    expect(classic.length).toBeGreaterThan(0);
    expect(classic.every((d) => d.payload.error?.code === 1168 && d.payload.fields.length === 0)).toBe(true);
  });

  it('perfview-selfdescribing-compressed: MySource TestEvent (id 3) with a struct of two strings', () => {
    const { all } = decodeFile('perfview-selfdescribing-compressed');
    const events = all.filter((d) => d.payload.source === 'tracelogging');
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(3);
    const ev = events[0]!.payload;
    expect(ev).toMatchObject({ providerName: 'MySource', eventName: 'TestEvent', error: null });
    expect(ev.fields).toHaveLength(1);
    expect(ev.fields[0]).toMatchObject({ name: 'a', value: { b: 'Hello', c: 'World!' }, text: '{b=Hello, c=World!}' });
    expect(ev.fields[0]!.members!.map((m) => m.name)).toEqual(['b', 'c']);
  });
});
