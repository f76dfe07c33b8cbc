// EVENT_TRACE_PROPERTIES bytes: offsets from etw-win32-api.md §3, cross-checked with koffi's sizeof/offsetof.
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { Guid } from '../../src/etw/control/api/guid.js';
import { EVENT_TRACE_PROPERTIES, WNODE_HEADER } from '../../src/etw/control/api/koffi-types.js';
import {
  decodeTraceProperties, encodeQueryProperties, encodeTraceProperties, LAYOUT_X64, LAYOUT_X86, readWideString,
} from '../../src/etw/control/session/trace-properties.js';

// etw-win32-api.md §3.1/§3.2, x64 column and x86 column.
const DOC_X64: Record<string, number> = {
  'Wnode.BufferSize': 0, 'Wnode.HistoricalContext': 8, 'Wnode.TimeStamp': 16, 'Wnode.Guid': 24, 'Wnode.ClientContext': 40,
  'Wnode.Flags': 44, BufferSize: 48, MinimumBuffers: 52, MaximumBuffers: 56, MaximumFileSize: 60, LogFileMode: 64,
  FlushTimer: 68, EnableFlags: 72, AgeLimit: 76, NumberOfBuffers: 80, FreeBuffers: 84, EventsLost: 88, BuffersWritten: 92,
  LogBuffersLost: 96, RealTimeBuffersLost: 100, LoggerThreadId: 104, LogFileNameOffset: 112, LoggerNameOffset: 116,
};

describe('EVENT_TRACE_PROPERTIES layout', () => {
  it('matches the documented x64 offsets and size 120', () => {
    for (const [field, off] of Object.entries(DOC_X64)) expect([field, LAYOUT_X64.offsets[field as keyof typeof LAYOUT_X64.offsets]]).toEqual([field, off]);
    expect(LAYOUT_X64.size).toBe(120);
  });

  it('matches the documented x86 differences (4-byte LoggerThreadId, offsets 108/112, still 120 bytes)', () => {
    expect(LAYOUT_X86.offsets.LogFileNameOffset).toBe(108);
    expect(LAYOUT_X86.offsets.LoggerNameOffset).toBe(112);
    expect(LAYOUT_X86.loggerThreadIdSize).toBe(4);
    expect(LAYOUT_X86.size).toBe(120);
  });

  it("agrees with koffi's sizeof/offsetof of the fixed-width declaration", () => {
    expect(koffi.sizeof(EVENT_TRACE_PROPERTIES)).toBe(LAYOUT_X64.size);
    expect(koffi.sizeof(WNODE_HEADER)).toBe(48);
    for (const [field, off] of Object.entries(LAYOUT_X64.offsets)) {
      const koffiOffset = field.startsWith('Wnode.')
        ? koffi.offsetof(WNODE_HEADER, field.slice(6))
        : koffi.offsetof(EVENT_TRACE_PROPERTIES, field);
      expect([field, koffiOffset]).toEqual([field, off]);
    }
  });
});

describe('encodeTraceProperties', () => {
  it('builds struct + 2×2048 bytes with sizes, flags, offsets and the log file path in place', () => {
    const buf = encodeTraceProperties({
      clientContext: 1, bufferSizeKb: 64, minimumBuffers: 16, maximumBuffers: 256, maximumFileSizeMb: 100,
      logFileMode: 0x101, flushTimerSeconds: 1, enableFlags: 0x80000003, logFileName: 'C:\\t\\trace.etl',
    }, LAYOUT_X64);
    expect(buf.length).toBe(4216);
    expect(buf.readUInt32LE(0)).toBe(4216);
    expect(buf.readUInt32LE(40)).toBe(1);
    expect(buf.readUInt32LE(44)).toBe(0x20000);
    expect([48, 52, 56, 60, 64, 68, 72].map((o) => buf.readUInt32LE(o))).toEqual([64, 16, 256, 100, 0x101, 1, 0x80000003]);
    expect(buf.readUInt32LE(116)).toBe(120);
    expect(buf.readUInt32LE(112)).toBe(2168);
    expect(buf.toString('utf16le', 2168, 2168 + 2 * 14)).toBe('C:\\t\\trace.etl');
    expect(buf.readUInt16LE(2168 + 28)).toBe(0);
    // StartTrace copies the session name itself: the name area stays zero.
    expect(buf.subarray(120, 2168).every((b) => b === 0)).toBe(true);
  });

  it('leaves LogFileNameOffset 0 without a file, and writes the session GUID', () => {
    const g = Guid.parse('9e814aad-3204-11d2-9a82-006008a86939');
    const buf = encodeTraceProperties({ guid: g }, LAYOUT_X64);
    expect(buf.readUInt32LE(112)).toBe(0);
    expect(buf.subarray(24, 40).toString('hex')).toBe('ad4a819e0432d2119a82006008a86939');
  });

  it('reserves the file area for queries', () => {
    const buf = encodeQueryProperties(LAYOUT_X64);
    expect(buf.readUInt32LE(112)).toBe(2168);
    expect(buf.readUInt32LE(116)).toBe(120);
  });

  it('uses the x86 offsets when asked', () => {
    const buf = encodeTraceProperties({ logFileName: 'x.etl' }, LAYOUT_X86);
    expect(buf.readUInt32LE(112)).toBe(120);
    expect(buf.readUInt32LE(108)).toBe(2168);
  });
});

describe('decodeTraceProperties', () => {
  it('reads what ETW writes back: statistics, handle/LoggerId and both strings', () => {
    const buf = encodeQueryProperties(LAYOUT_X64);
    buf.writeBigUInt64LE(0xffff8000_00000023n, 8);
    buf.writeUInt32LE(2, 40);
    [92, 96, 100].forEach((o, i) => buf.writeUInt32LE(i + 7, o));
    buf.writeBigUInt64LE(0x1234n, 104);
    buf.write('EventLog-System\0', 120, 'utf16le');
    buf.write('C:\\x.etl\0', 2168, 'utf16le');
    const p = decodeTraceProperties(buf, LAYOUT_X64);
    expect(p.loggerId).toBe(0x23);
    expect(p.historicalContext).toBe(0xffff8000_00000023n);
    expect(p.clientContext).toBe(2);
    expect([p.buffersWritten, p.logBuffersLost, p.realTimeBuffersLost]).toEqual([7, 8, 9]);
    expect(p.loggerThreadId).toBe(0x1234n);
    expect(p.loggerName).toBe('EventLog-System');
    expect(p.logFileName).toBe('C:\\x.etl');
  });

  it('round-trips every settable field', () => {
    const input = { clientContext: 3, bufferSizeKb: 1024, minimumBuffers: 200, maximumBuffers: 512, maximumFileSizeMb: 1, logFileMode: 0x8, flushTimerSeconds: 90, enableFlags: 0x4000003, logFileName: 'output%d.etl' };
    const p = decodeTraceProperties(encodeTraceProperties(input, LAYOUT_X64), LAYOUT_X64);
    expect(p).toMatchObject({ ...input, logFileName: 'output%d.etl', wnodeFlags: 0x20000, loggerName: '' });
  });

  it('readWideString treats offset 0 as absent', () => {
    expect(readWideString(Buffer.from('a\0b\0\0\0', 'latin1'), 0)).toBe('');
  });
});
