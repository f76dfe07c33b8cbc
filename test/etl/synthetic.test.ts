/**
 * Reader cases the corpus lacks, on files built by test/support/etl-builder.ts:
 * 32-bit headers, every header kind, damage (truncation, garbage markers, broken
 * buffer headers, pre-allocated zero tails), string-only events, clocks, ordering.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { isStringOnly, stringOnlyText } from '../../src/etw/schema/string-only.js';
import { EtlBuilder, DEFAULT_START, systemRecord } from '../support/etl-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-synth-'));
let n = 0;
function write(bytes: Buffer): string {
  const p = join(dir, `f${n++}.etl`);
  writeFileSync(p, bytes);
  return p;
}

function read(path: string) {
  const reader = EtlReader.open([path]);
  const records: Array<EtlRecord & { text?: string }> = [];
  for (const r of reader.records()) {
    const copy: EtlRecord & { text?: string } = copyRecord(r);
    if (isStringOnly(r)) copy.text = stringOnlyText(r);
    records.push(copy);
  }
  reader.close();
  return { reader, records };
}

const P1 = '11111111-2222-3333-4444-555555555555';
const T0 = 5_000_000_000n;

describe('32-bit files', () => {
  const b = new EtlBuilder({ pointerSize: 4, cpus: 1, loggerName: 'Log32', logFileName: 'C:\\x32.etl' });
  b.system({ raw: T0 + 10n, hookId: 0x0301, headerType: 0x01, pid: 7, tid: 9, payload: Buffer.alloc(12, 1) })
    .system({ raw: T0 + 20n, hookId: 0x0524, headerType: 0x03, payload: Buffer.alloc(4, 2) })
    .system({ raw: T0 + 30n, hookId: 0x0f2e, headerType: 0x10, payload: Buffer.alloc(8, 3) })
    .classic({ raw: T0 + 40n, classGuid: P1, type: 7, level: 3, version: 2, headerType: 0x0a, payload: Buffer.from('abc') })
    .classic({ raw: T0 + 50n, classGuid: P1, type: 8, headerType: 0x0b, instance: { instanceId: 5, parentInstanceId: 6, parentGuid: P1 } })
    .event({ raw: T0 + 60n, provider: P1, id: 42, headerType: 0x12, payload: Buffer.from([1, 2, 3, 4]) });
  const { reader, records } = read(write(b.build()));

  it('reads the P=4 log-file header layout', () => {
    const h = reader.files[0]!.header;
    expect(reader.files[0]!.headerPointerSize).toBe(4);
    expect(h.pointerSize).toBe(4);
    expect(h.loggerName).toBe('Log32');
    expect(h.logFileName).toBe('C:\\x32.etl');
    expect(h.startTime).toBe(DEFAULT_START);
    expect(h.perfFreq).toBe(10_000_000n);
    expect(h.reservedFlags).toBe(1);
    expect(h.timeZone.standardName).toBe('Coordinated Universal Time');
  });

  it('reads every 32-bit header kind with pointer size 4', () => {
    expect(records.map((r) => [r.kind, r.headerType, r.pointerSize])).toEqual([
      ['system', 0x01, 4], ['system', 0x01, 4], ['compact', 0x03, 4], ['perfinfo', 0x10, 4],
      ['trace', 0x0a, 4], ['instance', 0x0b, 4], ['event', 0x12, 4],
    ]);
    expect(records[1]).toMatchObject({ hookId: 0x0301, pid: 7, tid: 9 });
    expect(records[1]!.payload).toEqual(Buffer.alloc(12, 1));
    expect(records[2]!.payload).toEqual(Buffer.alloc(4, 2));
    expect(records[2]!.kernelTime).toBeNull();
    expect(records[3]).toMatchObject({ pid: 0xffffffff, tid: 0xffffffff });
    expect(records[4]).toMatchObject({ opcode: 7, level: 3, version: 2, providerId: P1 });
    expect(records[4]!.payload.toString()).toBe('abc');
    expect(records[5]!.instance).toEqual({ instanceId: 5, parentInstanceId: 6, parentGuid: P1 });
    expect(records[6]!.flags & 0x0020).toBe(0x0020);
    expect(records[6]!.id).toBe(42);
  });

  it('converts times from the header anchor', () => {
    expect(records[6]!.fileTime).toBe(DEFAULT_START + 60n);
  });
});

describe('time order across per-CPU buffers', () => {
  const b = new EtlBuilder({ cpus: 3, bufferSize: 0x200 });
  // Each CPU's events are in order; CPUs interleave in time; some timestamps tie across CPUs.
  for (let i = 0; i < 60; i++) {
    const cpu = i % 3;
    b.event({ cpu, raw: T0 + 100n + BigInt(Math.floor(i / 2) * 10), provider: P1, id: i, payload: Buffer.alloc(40 + cpu * 8) });
  }
  const { records } = read(write(b.build('interleaved')));

  it('merges buffers flushed in interleaved file order into time order', () => {
    const times = records.map((r) => r.fileTime);
    for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true);
    expect(records.length).toBe(61);
  });

  it('breaks ties by buffer sequence, then position, deterministically', () => {
    const ids = records.slice(1).map((r) => r.id);
    const again = read(write(b.build('sequence'))).records.slice(1).map((r) => r.id);
    expect(ids).toEqual(again);
    expect([...ids].sort((x, y) => x! - y!)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});

describe('damage', () => {
  const build = () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 30; i++) b.event({ raw: T0 + BigInt(i), provider: P1, id: i, payload: Buffer.alloc(48) });
    return b.build('sequence');
  };

  it('a truncated file yields every complete record before the cut and one warning naming the offset', () => {
    const full = build();
    const cut = full.subarray(0, full.length - 0x100);
    const { reader, records } = read(write(cut));
    const all = read(write(full)).records;
    expect(records.length).toBeGreaterThan(1);
    expect(records.length).toBeLessThan(all.length);
    expect(records.map((r) => r.id)).toEqual(all.slice(0, records.length).map((r) => r.id));
    expect(reader.warnings).toHaveLength(1);
    expect(reader.warnings[0]!.offset).toBe(full.length - 0x200);
    expect(reader.warnings[0]!.message).toMatch(/truncated/);
  });

  it('a garbage marker abandons the rest of that buffer only, with a warning at its file offset', () => {
    const bytes = Buffer.from(build());
    const at = 0x200 + 0x48 + 2 * 0x80; // third record of the first data buffer (0x80 bytes each)
    bytes.writeUInt32LE(0x12345678, at);
    const { reader, records } = read(write(bytes));
    expect(reader.warnings).toEqual([{ file: expect.any(String), offset: at, message: expect.stringMatching(/unknown record marker 0x12345678/) }]);
    const ids = records.slice(1).map((r) => r.id);
    expect(ids.slice(0, 2)).toEqual([0, 1]);
    expect(ids).toContain(29); // later buffers are still read
    expect(ids).not.toContain(2);
  });

  it('an unknown header type is reported and skipped, never looped on', () => {
    const bytes = Buffer.from(build());
    const at = 0x200 + 0x48;
    bytes[at + 2] = 0x0d; // ERROR header type: layout unknown
    const { reader, records } = read(write(bytes));
    expect(reader.warnings[0]!.message).toMatch(/unknown header type 0x0d/);
    expect(reader.warnings[0]!.offset).toBe(at);
    expect(records.length).toBeGreaterThan(10);
  });

  it('a record whose size runs past the buffer is reported', () => {
    const bytes = Buffer.from(build());
    const at = 0x200 + 0x48;
    bytes.writeUInt16LE(0x1f0, at);
    const { reader } = read(write(bytes));
    expect(reader.warnings[0]!.message).toMatch(/runs past the end of valid data/);
  });

  it('a broken buffer header is skipped and reading resumes at the next buffer', () => {
    const bytes = Buffer.from(build());
    bytes.writeUInt32LE(0x7, 0x400); // BufferSize of the second data buffer
    const { reader, records } = read(write(bytes));
    // The damaged header, then the gap it leaves in the buffer sequence numbers.
    expect(reader.warnings).toHaveLength(2);
    expect(reader.warnings[0]!.offset).toBe(0x400);
    expect(reader.warnings[0]!.message).toMatch(/damaged buffer header/);
    expect(reader.warnings[1]!.message).toMatch(/sequence numbers jump from 1 .* to 3: 1 buffer\(s\) missing/);
    expect(reader.files[0]!.buffersMissing).toBe(1);
    const ids = records.slice(1).map((r) => r.id);
    expect(ids).toContain(0);
    expect(ids).toContain(29);
  });

  it('a pre-allocated zero tail ends the file quietly', () => {
    const bytes = Buffer.concat([build(), Buffer.alloc(0x1000)]);
    const { reader, records } = read(write(bytes));
    expect(reader.warnings).toEqual([]);
    expect(records.length).toBe(31);
  });

  it('FilledBytes beyond the buffer falls back to SavedOffset with a warning', () => {
    const bytes = Buffer.from(build());
    bytes.writeUInt32LE(0x9999, 0x200 + 0x30);
    const { reader, records } = read(write(bytes));
    expect(reader.warnings[0]!.message).toMatch(/using SavedOffset/);
    expect(records.length).toBe(31);
  });
});

describe('string-only events', () => {
  const b = new EtlBuilder({ cpus: 1 });
  b.stringEvent({ raw: T0 + 1n, provider: 'a3693192-9ed6-46d2-a981-f8226c8363bd', text: 'hello, world 🌍' })
    .stringEvent({ raw: T0 + 2n, provider: P1, text: 'no terminator', terminate: false });
  const { records } = read(write(b.build()));
  it('carries the STRING_ONLY flag and its UTF-16 text, with or without a terminator', () => {
    expect(records[1]!.flags & 0x0004).toBe(0x0004);
    expect(records[1]!.text).toBe('hello, world 🌍');
    expect(records[2]!.text).toBe('no terminator');
  });
});

describe('clocks', () => {
  it('system time clock (2): raw values are FILETIMEs', () => {
    const b = new EtlBuilder({ clockType: 2, anchorRaw: DEFAULT_START });
    b.event({ raw: DEFAULT_START + 12345n, provider: P1 });
    const { records } = read(write(b.build()));
    expect(records[1]!.fileTime).toBe(DEFAULT_START + 12345n);
  });

  it('CPU cycle clock (3): scale 10 / CpuSpeedInMHz, truncated', () => {
    const b = new EtlBuilder({ clockType: 3, cpuSpeedMHz: 3000, anchorRaw: 3_000_000_000n });
    b.event({ raw: 3_000_000_000n + 3_000_000n, provider: P1 }); // 1 ms later at 3 GHz
    const { records } = read(write(b.build()));
    expect(records[1]!.fileTime - DEFAULT_START).toBe(10_000n);
  });

  it('QPC at a frequency other than 10 MHz converts through the documented double formula', () => {
    const b = new EtlBuilder({ perfFreq: 3_579_545n, anchorRaw: 1_000_000n });
    b.event({ raw: 1_000_000n + 3_579_545n, provider: P1 }); // exactly one second later
    const { records } = read(write(b.build()));
    expect(records[1]!.fileTime - DEFAULT_START).toBe(10_000_000n);
  });
});

describe('PEBS / PMC extension of kernel headers', () => {
  it('moves the payload by one u64 for PEBS and one per PMC counter, and masks the version', () => {
    const b = new EtlBuilder({ cpus: 1 });
    const ext = Buffer.alloc(24);
    ext.writeBigUInt64LE(0xabcn, 0);
    ext.writeBigUInt64LE(1n, 8);
    ext.writeBigUInt64LE(2n, 16);
    b.raw(0, systemRecord({ raw: T0 + 1n, hookId: 0x0f2e, headerType: 0x11, version: 0x8202, payload: Buffer.concat([ext, Buffer.from('data')]) }));
    const { records } = read(write(b.build()));
    expect(records[1]!.version).toBe(2);
    expect(records[1]!.pebsIndex).toBe(0xabcn);
    expect(records[1]!.pmcCounters).toEqual([1n, 2n]);
    expect(records[1]!.payload.toString()).toBe('data');
  });
});

describe('WPP messages with other option flags', () => {
  it('reads SEQUENCE and COMPONENTID fields, and inherits the stream time when TIMESTAMP is absent', () => {
    const b = new EtlBuilder({ cpus: 1 });
    b.event({ raw: T0 + 500n, provider: P1, id: 1 })
      .wpp({ messageGuid: P1, messageNumber: 12, optionFlags: 0x0001 | 0x0004 | 0x0020, args: Buffer.from([9, 9]) }) // no TIMESTAMP
      .wpp({ messageGuid: P1, messageNumber: 13, raw: T0 + 600n, optionFlags: 0x0002 | 0x0008 | 0x0040, args: Buffer.from('x\0') });
    const { records, reader } = read(write(b.build()));
    expect(reader.warnings).toEqual([]);
    const [, , noTime, withGuid] = records;
    expect(noTime!.wpp).toMatchObject({ messageNumber: 12, sequence: 0, componentId: 0, messageGuid: null });
    expect(noTime!.rawTime).toBe(T0 + 500n);
    expect(noTime!.payload).toEqual(Buffer.from([9, 9]));
    expect(noTime!.providerId).toBeNull();
    expect(withGuid!.pointerSize).toBe(4);
    expect(withGuid!.providerId).toBe(P1);
    expect(withGuid!.pid).toBe(0xffffffff);
  });
});

describe('several files', () => {
  it('merges them into one time-ordered stream, each record naming its file', () => {
    const a = new EtlBuilder({ cpus: 1, startTime: DEFAULT_START });
    const c = new EtlBuilder({ cpus: 1, startTime: DEFAULT_START + 5n, anchorRaw: 900n });
    for (let i = 0; i < 5; i++) {
      a.event({ raw: T0 + BigInt(i * 10), provider: P1, id: i * 2 });
      c.event({ raw: 900n + BigInt(i * 10), provider: P1, id: i * 2 + 1 });
    }
    const reader = EtlReader.open([write(a.build()), write(c.build())]);
    const recs = [...reader.records()].map((r) => [r.fileIndex, r.id, r.fileTime - DEFAULT_START]);
    reader.close();
    expect(reader.files.map((f) => f.fileIndex)).toEqual([0, 1]);
    expect(recs).toEqual([
      [0, null, 0n], [0, 0, 0n], [1, null, 5n], [1, 1, 5n],
      [0, 2, 10n], [1, 3, 15n], [0, 4, 20n], [1, 5, 25n], [0, 6, 30n], [1, 7, 35n], [0, 8, 40n], [1, 9, 45n],
    ]);
  });
});
