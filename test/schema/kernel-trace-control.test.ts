/**
 * The built-in KernelTraceControl classes (ImageID, SystemConfigEx, WinSAT,
 * EventMetadata): both pointer sizes on built files, the values of the real
 * merged traces against the facts known about them (TraceEvent's decoding of
 * the same events, the kernel's own Image events), and a MOF file still winning.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGuid } from '../../src/etw/etl/bytes.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { IMAGE_ID_CLASS, SYSTEM_CONFIG_EX_CLASS, WINSAT_CLASS } from '../../src/etw/schema/builtin/kernel-trace-control.js';
import type { DecodedField, DecodedPayload } from '../../src/etw/schema/types.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder, utf16z } from '../support/etl-builder.js';
import { readBaseline } from './clr-traceevent-baseline.js';
import { compareTraceEvent } from './traceevent-compare.js';

const T0 = 5_000_000_000n;

interface Decoded {
  record: EtlRecord;
  labels: Pick<DecodedPayload, 'providerName' | 'taskName' | 'opcodeName' | 'error'>;
  fields: Record<string, DecodedField>;
}

/** Every record of the files, decoded as `report` does (header record included) with the given MOF files. */
function decodeFile(paths: string[], mofs: string[] = []): Decoded[] {
  const reader = EtlReader.open(paths);
  const decoder = buildRegistry(reader.files, { mofs });
  const out: Decoded[] = [];
  for (const r of reader.records()) {
    const payload = decoder.decode(r);
    const fields = Object.fromEntries(payload.fields.map((f) => [f.name, { name: f.name, value: f.value, text: f.text }]));
    // Read now: the registry's payloads read their record's bytes lazily.
    const labels = { providerName: payload.providerName, taskName: payload.taskName, opcodeName: payload.opcodeName, error: payload.error };
    out.push({ record: copyRecord(r), labels, fields });
  }
  reader.close();
  return out;
}

function built(b: EtlBuilder): string {
  const path = join(mkdtempSync(join(tmpdir(), 'etwkit-ktc-')), 'ktc.etl');
  writeFileSync(path, b.build('sequence'));
  return path;
}

function pointer(size: 4 | 8, value: bigint): Buffer {
  const b = Buffer.alloc(size);
  if (size === 8) b.writeBigUInt64LE(value);
  else b.writeUInt32LE(Number(value));
  return b;
}

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };

describe.each([4, 8] as const)('ImageID with %i-byte pointers (built file)', (size) => {
  const base = size === 8 ? 0xfffff80021489000n : 0x77710000n;
  const headerType = size === 8 ? 0x14 : 0x0a;
  const guid = Buffer.alloc(16);
  writeGuid(guid, 0, '72482100-1c1c-4a03-a1b2-c3d4e5f60718');
  const b = new EtlBuilder({ cpus: 1, pointerSize: size });
  b.classic({ raw: T0 + 1n, classGuid: IMAGE_ID_CLASS, type: 0, version: 2, headerType,
    payload: Buffer.concat([pointer(size, base), pointer(size, 7634944n), u32(0), u32(1343269963), utf16z('ntkrnlmp.exe')]) })
    .classic({ raw: T0 + 2n, classGuid: IMAGE_ID_CLASS, type: 36, version: 2, headerType,
      payload: Buffer.concat([pointer(size, base), u32(4), guid, u32(2), Buffer.from('ntkrnlmp.pdb\0')]) })
    .classic({ raw: T0 + 3n, classGuid: IMAGE_ID_CLASS, type: 38, version: 2, headerType,
      payload: Buffer.concat([pointer(size, base), u32(0), u32(0x07503e39), Buffer.from([1, 0, 2, 0])]) })
    .classic({ raw: T0 + 4n, classGuid: IMAGE_ID_CLASS, type: 40, version: 1, headerType, payload: Buffer.concat([pointer(size, base), u32(2140)]) });
  const events = decodeFile([built(b)]).filter((e) => e.record.providerId === IMAGE_ID_CLASS);
  const hex = '0x' + base.toString(16).toUpperCase();

  it('reads pointer-sized fields at the event\'s own pointer size', () => {
    expect(events.map((e) => e.record.pointerSize)).toEqual([size, size, size, size]);
    expect(events.map((e) => e.labels.error)).toEqual([null, null, null, null]);
    const [info, rsds, ppdb, determ] = events.map((e) => e.fields);
    expect(info!['ImageBase']!.text).toBe(hex);
    expect(info!['ImageSize']!.text).toBe('0x748000');
    expect([info!['ProcessID']!.value, info!['TimeDateStamp']!.value, info!['OriginalFileName']!.value]).toEqual([0, 1343269963, 'ntkrnlmp.exe']);
    expect([rsds!['ImageBase']!.text, rsds!['ProcessID']!.value, rsds!['GuidSig']!.text, rsds!['Age']!.value, rsds!['PDBFileName']!.value])
      .toEqual([hex, 4, '{72482100-1c1c-4a03-a1b2-c3d4e5f60718}', 2, 'ntkrnlmp.pdb']);
    expect([ppdb!['TimeDateStamp']!.value, ppdb!['MajorVersion']!.value, ppdb!['MinorVersion']!.value]).toEqual([0x07503e39, 1, 2]);
    expect([determ!['ImageBase']!.text, determ!['ProcessID']!.value]).toEqual([hex, 2140]);
  });

  it('labels them as KernelTraceControl ImageID events', () => {
    expect(events.map((e) => `${e.labels.providerName}/${e.labels.taskName}/${e.labels.opcodeName}`)).toEqual([
      'KernelTraceControl/ImageID/Info', 'KernelTraceControl/ImageID/DbgID_RSDS',
      'KernelTraceControl/ImageID/DbgPPDB', 'KernelTraceControl/ImageID/DbgDeterm',
    ]);
  });
});

describe('a MOF file given with --mof replaces a built-in class', () => {
  it('decodes ImageID type 0 with the MOF\'s layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-ktc-mof-'));
    const mof = join(dir, 'imageid.mof');
    writeFileSync(mof, `class EventTrace {};
      [Guid("{${IMAGE_ID_CLASS}}"), EventVersion(2)] class ImageId : EventTrace {};
      [EventType(0)] class ImageId_Info : ImageId { [WmiDataId(1), pointer] uint32 Base; };`);
    const b = new EtlBuilder({ cpus: 1 });
    b.classic({ raw: T0 + 1n, classGuid: IMAGE_ID_CLASS, type: 0, version: 2, payload: pointer(8, 0x10000n) });
    const path = built(b);
    const [withMof] = decodeFile([path], [mof]).filter((e) => e.record.providerId === IMAGE_ID_CLASS);
    expect(Object.keys(withMof!.fields)).toEqual(['Base']);
    const [builtIn] = decodeFile([path]).filter((e) => e.record.providerId === IMAGE_ID_CLASS);
    expect(Object.keys(builtIn!.fields)).toEqual(['ImageBase']);
  });
});

describe.skipIf(!haveCorpus)('KernelTraceControl classes in the corpus', () => {
  let perfview: Decoded[] | null = null;
  const perfviewEvents = () => (perfview ??= decodeFile([etlPath('perfview-net452-x64-compressed')]));

  it('diaghub-relogged-kerneltracecontrol: every record decodes but the one SystemConfigEx type 37 nobody describes', () => {
    const events = decodeFile([etlPath('diaghub-relogged-kerneltracecontrol')]);
    expect(events).toHaveLength(62379);
    const failed = events.filter((e) => e.labels.error !== null);
    expect(failed.map((e) => `${e.record.providerId}/${e.record.opcode}`)).toEqual([`${SYSTEM_CONFIG_EX_CLASS}/37`]);
    // The first kernel image's identity, as read from the bytes (docs/kernel-trace-control facts).
    const info = events.find((e) => e.record.providerId === IMAGE_ID_CLASS && e.record.opcode === 0)!;
    expect(info.fields['OriginalFileName']!.value).toBe('ntkrnlmp.exe');
    expect(info.record.payloadSize).toBe(50);
    const rsds = events.find((e) => e.record.providerId === IMAGE_ID_CLASS && e.record.opcode === 36)!;
    expect([rsds.fields['ImageBase']!.text, rsds.fields['PDBFileName']!.value, rsds.fields['GuidSig']!.text, rsds.fields['Age']!.value])
      .toEqual([info.fields['ImageBase']!.text, 'ntkrnlmp.pdb', '{1c9875f7-6c8f-0fbf-3eb9-a9d7c1c27406}', 1]);
    const build = events.find((e) => e.record.providerId === SYSTEM_CONFIG_EX_CLASS && e.record.opcode === 32)!;
    expect(build.fields['BuildLab']!.value).toBe('19041.1.amd64fre.vb_release.191206-1406');
  });

  it('perfview-net452: each ImageID Info names an image the kernel\'s own Image events load at the same base and size', () => {
    const events = perfviewEvents();
    // Kernel Image events (class 2cb15d1d…): ImageBase and ImageSize are the first two pointers of every version.
    const loaded = new Set(events.filter((e) => e.record.providerId === '2cb15d1d-5fc1-11d2-abe1-00a0c911f518' && e.record.payloadSize >= 16)
      .map((e) => `${e.record.payload.readBigUInt64LE(0)}/${e.record.payload.readBigUInt64LE(8)}`));
    const infos = events.filter((e) => e.record.providerId === IMAGE_ID_CLASS && e.record.opcode === 0);
    expect(infos).toHaveLength(3590);
    const unmatched = infos.filter((e) => !loaded.has(`${BigInt(e.fields['ImageBase']!.value as string | number)}/${BigInt(e.fields['ImageSize']!.value as string | number)}`));
    expect(unmatched.length).toBeLessThan(infos.length / 100);
  });

  it('perfview-net452: the same values as TraceEvent for every KernelTraceControl and SysConfig event it lists', () => {
    const events = perfviewEvents().filter((e) =>
      e.record.providerId === IMAGE_ID_CLASS || e.record.providerId === SYSTEM_CONFIG_EX_CLASS);
    const used = new Set<number>();
    const differences: string[] = [];
    let equal = 0, matched = 0;
    const reader = EtlReader.open([etlPath('perfview-net452-x64-compressed')]);
    const start = reader.files[0]!.header.startTime;
    reader.close();
    for (const b of readBaseline('perfview-net452-x64-compressed')) {
      const m = /^(KernelTraceControl\/ImageID|Windows Kernel\/SysConfig)(?:\/(\w+))?$/.exec(b.name);
      if (!m) continue;
      // The same time to the listed microsecond, processor, length and type.
      const i = events.findIndex((e, j) => !used.has(j) && Math.abs(Number(e.record.fileTime - start) / 1e4 - b.time) < 0.0006 && e.record.cpu === b.cpu
        && e.record.payloadSize === b.dataLength && (e.labels.opcodeName === (m[2] ?? 'Info')));
      expect(i, b.name).toBeGreaterThanOrEqual(0);
      used.add(i);
      matched++;
      for (const [name, expected] of b.fields) {
        if (name === 'BuildTime') continue; // TraceEvent's own: TimeDateStamp as a date
        const f = events[i]!.fields[name === 'Value' ? 'VolumeName' : name];
        expect(f, `${b.name} ${name}`).toBeDefined();
        // TraceEvent shows 0 for ImageID's ProcessID whatever the payload holds; the events of the
        // System process (PID 4, no thread) carry that pid in the payload, as the header does.
        if (name === 'ProcessID' && expected === '0' && f!.value === b.pid) continue;
        if (compareTraceEvent(expected, f!) === 'equal') equal++;
        else differences.push(`${b.name} ${name}: TraceEvent ${expected}, ours ${f!.text}`);
      }
    }
    // Every ImageID and SysConfig event of the listing.
    expect(differences).toEqual([]);
    expect(matched).toBeGreaterThanOrEqual(17);
    expect(equal).toBeGreaterThanOrEqual(79);
  });

  it('sonde-relogged: the WinSAT events carry the sizes their compressed XML expands to (test/schema/winsat-xml.test.ts reads the XML)', () => {
    const winsat = decodeFile([etlPath('sonde-relogged-mof-tl')]).filter((e) => e.record.providerId === WINSAT_CLASS);
    expect(winsat.map((e) => [e.labels.opcodeName, e.fields['State']!.value, e.fields['UncompressedSize']!.value])).toEqual([
      ['WinSPR', 1, 1060], ['Metrics', 1, 3798], ['SystemConfig', 1, 20584],
    ]);
    // UTF-16 text and its NUL: two bytes a character.
    for (const e of winsat) expect(2 * ((e.fields['Xml']!.value as string).length + 1)).toBe(e.fields['UncompressedSize']!.value);
  });
});
