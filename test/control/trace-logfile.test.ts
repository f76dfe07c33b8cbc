// EVENT_TRACE_LOGFILEW and the structs around a real-time consumer: koffi's computed layout
// (fixed-width members, so Linux x64 computes Windows x64) against our pure layout tables,
// which carry the measured Windows sizes (448 on x64, 416 on x86), and the encoder's bytes.
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import {
  EVENT_RECORD_CALLBACK, EVENT_HEADER_EXTENDED_DATA_ITEM, EVENT_RECORD, EVENT_TRACE, EVENT_TRACE_LOGFILEW, TIME_ZONE_INFORMATION, TRACE_LOGFILE_HEADER,
} from '../../src/etw/control/api/koffi-types.js';
import { EVENT_RECORD_X64, EXTENDED_DATA_ITEM_SIZE } from '../../src/etw/control/api/event-record.js';
import {
  encodeRealTimeLogfile, isInvalidTraceHandle, logfileHeaderOf, PROCESS_TRACE_MODE, readPointer, TRACE_LOGFILE_X64, TRACE_LOGFILE_X86,
} from '../../src/etw/control/api/trace-logfile.js';
import { logfileHeaderFixedSize, parseLogfileHeader } from '../../src/etw/etl/logfile-header.js';

describe('EVENT_TRACE_LOGFILEW', () => {
  it('koffi lays it out as the x64 table says: 448 bytes, every offset', () => {
    expect(koffi.sizeof(EVENT_TRACE_LOGFILEW)).toBe(TRACE_LOGFILE_X64.size);
    expect(koffi.sizeof(EVENT_TRACE_LOGFILEW)).toBe(448);
    for (const [field, offset] of Object.entries(TRACE_LOGFILE_X64.offsets)) {
      expect([field, koffi.offsetof(EVENT_TRACE_LOGFILEW, field)]).toEqual([field, offset]);
    }
  });

  it('its parts: EVENT_TRACE 88, TIME_ZONE_INFORMATION 172, TRACE_LOGFILE_HEADER 280 (the .etl reader\'s fixed size)', () => {
    expect(koffi.sizeof(EVENT_TRACE)).toBe(88);
    expect(['MofData', 'MofLength', 'ClientContext'].map((f) => koffi.offsetof(EVENT_TRACE, f))).toEqual([72, 80, 84]);
    expect(koffi.sizeof(TIME_ZONE_INFORMATION)).toBe(172);
    expect(koffi.sizeof(TRACE_LOGFILE_HEADER)).toBe(TRACE_LOGFILE_X64.headerSize);
    expect(TRACE_LOGFILE_X64.headerSize).toBe(logfileHeaderFixedSize(8));
    expect(TRACE_LOGFILE_X86.headerSize).toBe(logfileHeaderFixedSize(4));
    expect(['LoggerName', 'LogFileName', 'TimeZone', 'BootTime', 'PerfFreq', 'StartTime', 'BuffersLost'].map((f) => koffi.offsetof(TRACE_LOGFILE_HEADER, f)))
      .toEqual([56, 64, 72, 248, 256, 264, 276]);
  });

  it('the x86 table is consistent: 4-byte pointers, 8-aligned EVENT_TRACE, 272-byte header, size a multiple of 8', () => {
    const o = TRACE_LOGFILE_X86.offsets;
    expect(o.CurrentEvent + 88).toBe(o.LogfileHeader);
    expect(o.LogfileHeader + TRACE_LOGFILE_X86.headerSize).toBe(o.BufferCallback);
    expect([o.BufferSize - o.BufferCallback, o.EventRecordCallback - o.EventsLost, o.Context - o.IsKernelTrace]).toEqual([4, 4, 4]);
    expect(TRACE_LOGFILE_X86.size).toBe(416);
    expect(TRACE_LOGFILE_X86.size % 8).toBe(0);
  });

  it('the real-time encoder: REAL_TIME | EVENT_RECORD, the context, every pointer NULL for the binding to fill', () => {
    for (const layout of [TRACE_LOGFILE_X64, TRACE_LOGFILE_X86]) {
      const b = encodeRealTimeLogfile(3, layout);
      expect(b.length).toBe(layout.size);
      expect(b.readUInt32LE(layout.offsets.ProcessTraceMode)).toBe(0x10000100);
      expect(PROCESS_TRACE_MODE.REAL_TIME | PROCESS_TRACE_MODE.EVENT_RECORD).toBe(0x10000100);
      expect(readPointer(b, layout.offsets.Context, layout.pointerSize)).toBe(3n);
      for (const f of ['LogFileName', 'LoggerName', 'BufferCallback', 'EventRecordCallback'] as const) {
        expect(readPointer(b, layout.offsets[f], layout.pointerSize)).toBe(0n);
      }
    }
    // koffi reads the same bytes the same way.
    const viaKoffi = koffi.decode(encodeRealTimeLogfile(7), EVENT_TRACE_LOGFILEW) as { ProcessTraceMode: number; Context: number | bigint; LoggerName: number | bigint };
    expect([viaKoffi.ProcessTraceMode, BigInt(viaKoffi.Context), BigInt(viaKoffi.LoggerName)]).toEqual([0x10000100, 7n, 0n]);
  });

  it('the header OpenTraceW writes is read by the .etl reader\'s parser', () => {
    const b = encodeRealTimeLogfile(0);
    const h = logfileHeaderOf(b);
    h.writeUInt32LE(64, 0); // BufferSize KB
    h.writeUInt32LE(8, 12); // NumberOfProcessors
    h.writeBigInt64LE(10_000_000n, 256); // PerfFreq
    h.writeBigInt64LE(133500000000000000n, 264); // StartTime
    h.writeUInt32LE(2, 272); // ReservedFlags: system time
    const parsed = parseLogfileHeader(logfileHeaderOf(b), 8, 'S', 0);
    expect([parsed.bufferSize, parsed.numberOfProcessors, parsed.perfFreq, parsed.startTime, parsed.reservedFlags]).toEqual([64, 8, 10_000_000n, 133500000000000000n, 2]);
  });

  it('INVALID_PROCESSTRACE_HANDLE, in both widths', () => {
    expect(isInvalidTraceHandle(0xffffffffffffffffn)).toBe(true);
    expect(isInvalidTraceHandle(0xffffffffn)).toBe(true);
    expect(isInvalidTraceHandle(0x1000n)).toBe(false);
  });
});

describe('the callback side', () => {
  it('EVENT_RECORD pointer offsets and EVENT_HEADER_EXTENDED_DATA_ITEM (16 bytes, DataPtr a u64 at 8)', () => {
    expect(['ExtendedData', 'UserData', 'UserContext'].map((f) => koffi.offsetof(EVENT_RECORD, f)))
      .toEqual([EVENT_RECORD_X64.extendedData, EVENT_RECORD_X64.userData, EVENT_RECORD_X64.userContext]);
    expect(koffi.sizeof(EVENT_HEADER_EXTENDED_DATA_ITEM)).toBe(EXTENDED_DATA_ITEM_SIZE);
    expect(['ExtType', 'Linkage', 'DataSize', 'DataPtr'].map((f) => koffi.offsetof(EVENT_HEADER_EXTENDED_DATA_ITEM, f))).toEqual([2, 4, 6, 8]);
  });

  it('PEVENT_RECORD_CALLBACK is void(void *): koffi registers a JavaScript function under it', () => {
    const cb = koffi.register(() => undefined, koffi.pointer(EVENT_RECORD_CALLBACK));
    try {
      expect(koffi.address(cb)).not.toBe(0n);
    } finally {
      koffi.unregister(cb);
    }
  });
});
