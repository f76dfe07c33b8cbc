/**
 * The built-in kernel classes on 32-bit and 64-bit traces (the corpus has only
 * 64-bit kernel data): synthetic kernel records whose pointer-sized fields,
 * SIDs (TOKEN_USER of two pointers), SizeT counts and stack frames take 4 or 8
 * bytes as the record's header says, decoded by a report's registry with no
 * schema option.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { EtlBuilder, utf16z } from '../support/etl-builder.js';

const T0 = 5_000_000_000n;

/** Little-endian fields of a payload: [kind, value] in order. */
function payload(ptr: 4 | 8, parts: Array<['ptr' | 'u64', bigint] | ['u32' | 'u16' | 'u8', number] | ['bytes', Buffer]>): Buffer {
  const out: Buffer[] = [];
  for (const [kind, v] of parts) {
    let b: Buffer;
    if (kind === 'bytes') b = v as Buffer;
    else if (kind === 'ptr' || kind === 'u64') {
      const size = kind === 'ptr' ? ptr : 8;
      b = Buffer.alloc(size);
      if (size === 8) b.writeBigUInt64LE(v as bigint); else b.writeUInt32LE(Number(v));
    } else {
      b = Buffer.alloc(kind === 'u32' ? 4 : kind === 'u16' ? 2 : 1);
      if (kind === 'u32') b.writeUInt32LE(v as number); else if (kind === 'u16') b.writeUInt16LE(v as number); else b.writeUInt8(v as number);
    }
    out.push(b);
  }
  return Buffer.concat(out);
}

/** S-1-5-21-1-2-3-1001 */
const SID = Buffer.from([1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xe9, 3, 0, 0]);

function kernelTrace(ptr: 4 | 8): Map<string, DecodedPayload> {
  const p = (v64: bigint, v32: number): bigint => (ptr === 8 ? v64 : BigInt(v32));
  const full = ptr === 4 ? 0x01 : 0x02;
  const perf = ptr === 4 ? 0x10 : 0x11;
  const b = new EtlBuilder({ pointerSize: ptr, cpus: 1 });
  // Process DCStart v4: pointers, a TOKEN_USER + SID, an 8-bit and three UTF-16 strings.
  b.system({ raw: T0 + 10n, hookId: 0x0303, version: 4, headerType: full, payload: payload(ptr, [
    ['ptr', p(0xffffa804e5906080n, 0x85906080)], ['u32', 0x34e4], ['u32', 0x3368], ['u32', 2], ['u32', 259],
    ['ptr', p(0x1aa00002n, 0x1aa0002)], ['u32', 0], ['ptr', p(0xffffc0012345n, 0xc0012345)], ['ptr', 0n], ['bytes', SID],
    ['bytes', Buffer.from('app.exe\0', 'latin1')], ['bytes', utf16z('app.exe --run')], ['bytes', utf16z('')], ['bytes', utf16z('')],
  ]) });
  // Image Load v3 (hook group 3, type 10: filed under the Image class).
  b.system({ raw: T0 + 20n, hookId: 0x030a, version: 3, headerType: full, payload: payload(ptr, [
    ['ptr', p(0x7ff812340000n, 0x77120000)], ['ptr', p(0x1f000n, 0x1f000)], ['u32', 0x34e4], ['u32', 0xabcd], ['u32', 0x5f000000],
    ['u8', 12], ['u8', 1], ['u16', 0], ['ptr', p(0x180000000n, 0x10000000)], ['u32', 0], ['u32', 0], ['u32', 0], ['u32', 0],
    ['bytes', utf16z('\\Windows\\System32\\kernel32.dll')],
  ]) });
  // PerfInfo SampleProf v2 under a PERFINFO header.
  b.system({ raw: T0 + 30n, hookId: 0x0f2e, version: 2, headerType: perf, payload: payload(ptr, [
    ['ptr', p(0xfffff8016aa01234n, 0x81401234)], ['u32', 0x1c20], ['u16', 1], ['u16', 0x40],
  ]) });
  // StackWalk Stack v2 with three of its 32 frames (the rest is absent, as the kernel writes it).
  b.system({ raw: T0 + 40n, hookId: 0x1820, version: 2, headerType: perf, payload: payload(ptr, [
    ['u64', 13764851150n], ['u32', 0x34e4], ['u32', 0x1c20],
    ['ptr', p(0xfffff8016aa01234n, 0x81401234)], ['ptr', p(0x7ff812345678n, 0x77125678)], ['ptr', p(0x7ff6aaaa0010n, 0x00401010)],
  ]) });
  // Process PerfCtr v2: SizeT counts.
  const sizes: Array<['ptr', bigint]> = Array.from({ length: 11 }, (_, i) => ['ptr', BigInt(0x100000 * (i + 1))]);
  b.system({ raw: T0 + 50n, hookId: 0x0320, version: 2, headerType: perf, payload: payload(ptr, [
    ['u32', 0x34e4], ['u32', 77], ['u32', 88], ['u32', 0], ...sizes,
  ]) });

  const file = join(mkdtempSync(join(tmpdir(), 'etwkit-kptr-')), `kernel${ptr * 8}.etl`);
  writeFileSync(file, b.build());
  const reader = EtlReader.open([file]);
  const decoder = buildRegistry(reader.files);
  const out = new Map<string, DecodedPayload>();
  for (const r of reader.records()) {
    if (r.hookId === 0) continue;
    expect(r.pointerSize).toBe(ptr);
    const d = decoder.decode(r);
    void d.fields; // decoded while the record is current
    out.set(`${d.taskName}/${d.opcodeName}`, d);
  }
  reader.close();
  return out;
}

const texts = (d: DecodedPayload | undefined) => Object.fromEntries(d!.fields.map((f) => [f.name, f.text]));

describe.each([4, 8] as const)('built-in kernel classes, %i-byte pointers', (ptr) => {
  const events = kernelTrace(ptr);
  const wide = ptr === 8;

  it('decodes every record with no schema option', () => {
    expect([...events.keys()]).toEqual(['Process/DCStart', 'Image/Load', 'PerfInfo/SampleProf', 'StackWalk/Stack', 'Process/PerfCtr']);
    for (const [name, d] of events) {
      expect(d.error, name).toBeNull();
      expect(d.trailingBytes ?? 0, name).toBe(0);
    }
  });

  it('Process: pointer fields, the SID after a TOKEN_USER of two pointers, the strings after it', () => {
    expect(texts(events.get('Process/DCStart'))).toMatchObject({
      UniqueProcessKey: wide ? '0xFFFFA804E5906080' : '0x85906080', ProcessId: '0x34E4', ParentId: '0x3368', SessionId: '2',
      ExitStatus: '259', DirectoryTableBase: wide ? '0x1AA00002' : '0x1AA0002', Flags: '0', UserSID: 'S-1-5-21-1-2-3-1001',
      ImageFileName: 'app.exe', CommandLine: 'app.exe --run', PackageFullName: '', ApplicationId: '',
    });
  });

  it('Image: base, size and default base are pointer-sized', () => {
    expect(texts(events.get('Image/Load'))).toMatchObject({
      ImageBase: wide ? '0x7FF812340000' : '0x77120000', ImageSize: '0x1F000', ProcessId: String(0x34e4),
      DefaultBase: wide ? '0x180000000' : '0x10000000', FileName: '\\Windows\\System32\\kernel32.dll',
    });
  });

  it('PerfInfo and StackWalk: instruction pointers and frames; a stack ends after its last frame', () => {
    expect(texts(events.get('PerfInfo/SampleProf'))).toEqual({
      InstructionPointer: wide ? '0xFFFFF8016AA01234' : '0x81401234', ThreadId: String(0x1c20), Count: '1', Reserved: '64',
    });
    expect(texts(events.get('StackWalk/Stack'))).toEqual({
      EventTimeStamp: '13764851150', StackProcess: '0x34E4', StackThread: String(0x1c20),
      Stack1: wide ? '0xFFFFF8016AA01234' : '0x81401234', Stack2: wide ? '0x7FF812345678' : '0x77125678',
      Stack3: wide ? '0x7FF6AAAA0010' : '0x401010',
    });
  });

  it('Process PerfCtr: SizeT counts are pointer-sized', () => {
    const t = texts(events.get('Process/PerfCtr'));
    expect(t).toMatchObject({ ProcessId: '0x34E4', PageFaultCount: '77', HandleCount: '88', PeakVirtualSize: '0x100000', PrivatePageCount: '0xB00000' });
  });
});

describe('kernel payloads that do not fit the built-in classes', () => {
  it('are counted as Payload Mismatches by the summary-only count pass and the ordered pass alike', async () => {
    const { reportInProcess, scratchDir } = await import('../render/report-run.js');
    const b = new EtlBuilder({ cpus: 1 });
    const sample = payload(8, [['ptr', 0xfffff8016aa01234n], ['u32', 0x1c20], ['u16', 1], ['u16', 0x40]]);
    b.system({ raw: T0 + 10n, hookId: 0x0f2e, version: 2, headerType: 0x11, payload: sample }) // fits
      .system({ raw: T0 + 20n, hookId: 0x0f2e, version: 2, headerType: 0x11, payload: sample.subarray(0, 5) }) // ends inside the pointer
      .system({ raw: T0 + 30n, hookId: 0x0f2e, version: 2, headerType: 0x11, payload: sample.subarray(0, 8) }) // ends between fields: fits
      .system({ raw: T0 + 40n, hookId: 0x1404, version: 3, headerType: 0x11, payload: Buffer.alloc(10) }) // Image DCEnd cut in ImageSize
      // Process DCStart v4 cut inside its SID: only decoding tells.
      .system({ raw: T0 + 50n, hookId: 0x0303, version: 4, headerType: 0x11, payload: Buffer.concat([Buffer.alloc(36), Buffer.from([1, 0, 0, 0]), Buffer.alloc(15)]) });
    const dir = scratchDir('etwkit-kmis-');
    const file = join(dir, 'misfits.etl');
    writeFileSync(file, b.build());
    const counted = join(dir, 'counted.txt');
    const ordered = join(dir, 'ordered.txt');
    expect((await reportInProcess([file, '-summary', counted, '-y', '--quiet'])).code).toBe(0);
    expect((await reportInProcess([file, '-o', join(dir, 'dump.xml'), '-summary', ordered, '-y', '--quiet'])).code).toBe(0);
    expect(readFileSync(counted, 'utf8')).toContain('\nPayload Mismatches      3\n');
    expect(readFileSync(ordered, 'utf8')).toBe(readFileSync(counted, 'utf8'));
  });
});
