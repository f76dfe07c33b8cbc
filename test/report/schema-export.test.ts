/**
 * `report -export FILE` and `--no-trace-schemas`: the manifest written from the
 * schemas a report used reads back (-import) to the same decoding, on real
 * corpus traces — the schemas perfview-net452 carries (EventMetadata and
 * EventSource manifests), every other corpus file, and an imported manifest
 * (ClrEtwAll on perfview-clr-rundown) — and the writer's output reads back
 * field for field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InType, OutType, type EventSchema } from '../../src/etw/schema/event-schema.js';
import { writeManifest } from '../../src/etw/schema/export/manifest-writer.js';
import { loadManifest } from '../../src/etw/schema/manifest/manifest-loader.js';
import { CORPUS_SCHEMAS, corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-export-'));

function report(args: string[]): { stderr: string; status: number | null } {
  const r = runCli(['report', ...args, '-y', '-quiet']);
  return { stderr: r.stderr, status: r.status };
}
const lines = (path: string) => readFileSync(path, 'utf8').split('\n');
/** ManifestData events (id 0xFFFE, opcode 0xFE) carry the trace's EventSource manifests themselves. */
const isManifestData = (l: string) => l.includes('"id":65534,') && l.includes('"opcode":254,');

describe.skipIf(!haveCorpus)('export, then re-import without the trace\'s schemas', () => {
  it('perfview-net452 (EventMetadata and EventSource manifests): the same JSON lines and XML, but for the ManifestData events', () => {
    const etl = etlPath('perfview-net452-x64-compressed');
    const man = join(dir, 'net452.man');
    const first = report([etl, '-export', man, '-of', 'JSONL', '-o', join(dir, 'a.jsonl')]);
    expect(first.status).toBe(0);
    // One warning lists what a manifest cannot hold; the file's comment says the same.
    const warnings = first.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/5 kind\(s\) of schema left out of the exported manifest/);
    const text = readFileSync(man, 'utf8');
    expect(text).toMatch(/Left out[^]*PerfView event 65534 version 1[^]*classic \(MOF\) event classes of MSNT_SystemTrace[^]*-->/);
    const loaded = loadManifest(text);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.providers.map((p) => p.name).sort()).toEqual(expect.arrayContaining([
      'Microsoft-Windows-DotNETRuntime', 'Microsoft-Windows-Kernel-File', 'Microsoft-Windows-Kernel-Process', 'Microsoft-Windows-DNS-Client',
    ]));

    expect(report([etl, '-import', man, '--no-trace-schemas', '-of', 'JSONL', '-o', join(dir, 'b.jsonl')]).status).toBe(0);
    expect(report([etl, '--no-trace-schemas', '-of', 'JSONL', '-o', join(dir, 'c.jsonl')]).status).toBe(0);
    const a = lines(join(dir, 'a.jsonl')), b = lines(join(dir, 'b.jsonl')), c = lines(join(dir, 'c.jsonl'));
    expect(b).toHaveLength(a.length);
    const differing = a.flatMap((l, i) => (l === b[i] ? [] : [l]));
    expect(differing).toHaveLength(4);
    expect(differing.every(isManifestData)).toBe(true);
    // Without the exported file, the trace's schemas are really off: over 30,000 events lose their fields.
    const lost = a.filter((l, i) => l !== c[i]).length;
    expect(lost).toBeGreaterThan(30000);

    expect(report([etl, '-o', join(dir, 'a.xml')]).status).toBe(0);
    expect(report([etl, '-import', man, '--no-trace-schemas', '-o', join(dir, 'b.xml')]).status).toBe(0);
    const xa = readFileSync(join(dir, 'a.xml'), 'utf8').split('</Event>'), xb = readFileSync(join(dir, 'b.xml'), 'utf8').split('</Event>');
    expect(xb).toHaveLength(xa.length);
    const xmlDiffering = xa.filter((e, i) => e !== xb[i]);
    expect(xmlDiffering).toHaveLength(4);
    expect(xmlDiffering.every((e) => /<EventID>65534<\/EventID>/.test(e) && /<Opcode>254<\/Opcode>/.test(e))).toBe(true);
  }, 60_000);

  // perfview-net452 is the case above (the only corpus file whose output depends on schemas it carries);
  // every other corpus file (kernel, KernelTraceControl, TraceLogging, WPP, MOF) reads back to the same outputs.
  it.each(corpusStems().filter((s) => s !== 'perfview-net452-x64-compressed'))('%s: the same JSON lines and XML after export and re-import', (stem) => {
    const etl = etlPath(stem);
    const man = join(dir, `${stem}.man`);
    const out = (name: string) => join(dir, `${stem}.${name}`);
    expect(report([etl, '-export', man, '-of', 'JSONL', '-o', out('a.jsonl')]).status).toBe(0);
    expect(report([etl, '-import', man, '--no-trace-schemas', '-of', 'JSONL', '-o', out('b.jsonl')]).status).toBe(0);
    expect(readFileSync(out('b.jsonl'), 'utf8')).toBe(readFileSync(out('a.jsonl'), 'utf8'));
    expect(report([etl, '-o', out('a.xml')]).status).toBe(0);
    expect(report([etl, '-import', man, '--no-trace-schemas', '-o', out('b.xml')]).status).toBe(0);
    expect(readFileSync(out('b.xml'), 'utf8')).toBe(readFileSync(out('a.xml'), 'utf8'));
  }, 60_000);

  it('perfview-clr-rundown with ClrEtwAll imported: the export holds only the events used and decodes them the same', () => {
    const etl = etlPath('perfview-clr-rundown');
    const man = join(dir, 'rundown.man');
    const clr = join(CORPUS_SCHEMAS, 'ClrEtwAll.man');
    expect(report([etl, '-import', clr, '-export', man, '-of', 'JSONL', '-o', join(dir, 'r1.jsonl')]).status).toBe(0);
    expect(report([etl, '-import', man, '--no-trace-schemas', '-of', 'JSONL', '-o', join(dir, 'r2.jsonl')]).status).toBe(0);
    const used = loadManifest(readFileSync(man, 'utf8'));
    const all = loadManifest(readFileSync(clr, 'utf8'));
    const count = (m: typeof used) => m.providers.reduce((n, p) => n + p.events.length, 0);
    expect(count(used)).toBeGreaterThan(0);
    expect(count(used)).toBeLessThan(count(all) / 10);
    const r1 = lines(join(dir, 'r1.jsonl'));
    expect(r1.filter((l) => l.includes('"fields":{')).length).toBeGreaterThan(100);
    expect(lines(join(dir, 'r2.jsonl'))).toEqual(r1);
  }, 60_000);
});

describe('-export as an output', () => {
  it('takes tracerpt\'s default name schema.man, and an existing file is replaced only with -y', () => {
    const b = new EtlBuilder({ cpus: 1 });
    b.event({ raw: 5_000_000_001n, provider: 'a1b2c3d4-0000-4000-8000-123456789abc', id: 1, payload: Buffer.from([1, 0, 0, 0]) });
    const cwd = mkdtempSync(join(tmpdir(), 'etwkit-export-'));
    writeFileSync(join(cwd, 't.etl'), b.build('sequence'));
    expect(runCli(['report', 't.etl', '-export', '-o', 'd.xml', '-quiet'], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, 'schema.man'), 'utf8')).toMatch(/^<\?xml[^]*<instrumentationManifest/);
    writeFileSync(join(cwd, 'schema.man'), 'mine');
    const again = runCli(['report', 't.etl', '-export', '-o', 'd2.xml', '-quiet'], { cwd });
    expect(again.status).toBe(4);
    expect(again.stderr).toContain('schema.man exists; use -y to overwrite it (nothing was written)');
    expect(readFileSync(join(cwd, 'schema.man'), 'utf8')).toBe('mine');
    expect(runCli(['report', 't.etl', '-export', '-o', 'd2.xml', '-quiet', '-y'], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, 'schema.man'), 'utf8')).not.toBe('mine');
  });
});

describe('the manifest writer', () => {
  it('writes levels, tasks, opcodes, keywords, channels, maps, structs, counts, lengths and UserData that read back the same', () => {
    const colours = { name: 'Colour', kind: 'value' as const, entries: [{ value: 1, text: 'Red & "hot"' }, { value: 2, text: 'Blue\nline' }] };
    const flags = { name: 'Flags', kind: 'bitmap' as const, entries: [{ value: 0x80000000, text: 'High' }] };
    const schema: EventSchema = {
      source: 'manifest', providerId: '11111111-2222-3333-4444-555555555555', providerName: 'My-Provider',
      eventName: 'Thing/Happened', taskName: 'Thing', opcodeName: 'Start', levelName: 'Chatty', keywordNames: ['Net', 'Response Time'],
      channelName: 'My-Provider/Debug', message: 'Thing %1 of %2 <done>', userDataElement: 'ThingData',
      properties: [
        { name: 'N', inType: InType.UINT16, outType: 0 },
        { name: 'Name', inType: InType.UNICODESTRING, outType: 0, length: { ref: 0 } },
        { name: 'Colour', inType: InType.UINT32, outType: OutType.HEXINT32, map: colours },
        { name: 'Bits', inType: InType.UINT32, outType: 0, map: flags },
        { name: 'Points', inType: InType.NULL, outType: 0, count: { ref: 0 }, members: [
          { name: 'X', inType: InType.INT32, outType: 0 }, { name: 'Y', inType: InType.DOUBLE, outType: 0 }] },
        { name: 'Blob', inType: InType.BINARY, outType: 0, length: { fixed: 16 } },
      ],
    };
    const plain: EventSchema = { ...schema, eventName: 'Other', taskName: null, opcodeName: 'Info', levelName: 'Information', keywordNames: [],
      channelName: null, message: null, userDataElement: null, properties: [{ name: 'Id', inType: InType.GUID, outType: 0 }] };
    const text = writeManifest([
      { schema, id: 7, version: 2, level: 20, task: 3, opcode: 1, keywords: 0x4n, channel: 16 },
      { schema: plain, id: 8, version: 0, level: 4, task: 0, opcode: 0, keywords: 0n, channel: 0 },
    ], []);
    const loaded = loadManifest(text);
    expect(loaded.warnings).toEqual([]);
    const [p] = loaded.providers;
    expect(p!.guid).toBe(schema.providerId);
    expect(p!.events.map((e) => [e.id, e.version, e.level, e.task, e.opcode, e.channel])).toEqual([[7, 2, 20, 3, 1, 16], [8, 0, 4, 0, 0, null]]);
    expect(p!.events[0]!.keywords).toBe(0x0001_8000_0000_0000n); // Net: a free bit (two names, so the record's bits cannot tell); win:ResponseTime
    expect(p!.events[1]!.keywords).toBe(0n);
    const strip = ({ source: _s, ...rest }: EventSchema) => rest;
    expect(strip(p!.events[0]!.schema)).toEqual(strip(schema));
    expect(strip(p!.events[1]!.schema)).toEqual(strip(plain));
    expect(text).toContain('level="win:Informational"');
    expect(text).toContain('opcode="win:Start"');
  });
});
