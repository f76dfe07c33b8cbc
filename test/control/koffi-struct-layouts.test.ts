// The other structs etwkit passes or reads: koffi's computed layout vs etw-win32-api.md §3.4 / §9, and our pure encoders.
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { ENABLE_PARAMETERS_X64, ENABLE_PARAMETERS_X86, encodeEnableParameters } from '../../src/etw/control/session/enable-parameters.js';
import { Guid } from '../../src/etw/control/api/guid.js';
import {
  ENABLE_TRACE_PARAMETERS, GUID, PROVIDER_FIELD_INFO, TRACE_ENABLE_INFO, TRACE_GUID_INFO, TRACE_PROVIDER_INFO, TRACE_PROVIDER_INSTANCE_INFO,
} from '../../src/etw/control/api/koffi-types.js';
import { PROVIDER_FIELD_INFO_SIZE, TRACE_PROVIDER_INFO_SIZE } from '../../src/etw/control/session/tdh-blobs.js';
import { TRACE_ENABLE_INFO_SIZE, TRACE_GUID_INFO_SIZE, TRACE_PROVIDER_INSTANCE_INFO_SIZE } from '../../src/etw/control/session/trace-guid-info.js';

describe('koffi struct layouts', () => {
  it('sizes match the measured ones', () => {
    expect(koffi.sizeof(GUID)).toBe(16);
    expect(koffi.sizeof(ENABLE_TRACE_PARAMETERS)).toBe(48);
    expect(koffi.sizeof(TRACE_GUID_INFO)).toBe(TRACE_GUID_INFO_SIZE);
    expect(koffi.sizeof(TRACE_PROVIDER_INSTANCE_INFO)).toBe(TRACE_PROVIDER_INSTANCE_INFO_SIZE);
    expect(koffi.sizeof(TRACE_ENABLE_INFO)).toBe(TRACE_ENABLE_INFO_SIZE);
    expect(koffi.sizeof(TRACE_PROVIDER_INFO)).toBe(TRACE_PROVIDER_INFO_SIZE);
    expect(koffi.sizeof(PROVIDER_FIELD_INFO)).toBe(PROVIDER_FIELD_INFO_SIZE);
  });

  it('TRACE_ENABLE_INFO offsets: Level 4, LoggerId 6, EnableProperty 8, MatchAny 16, MatchAll 24', () => {
    expect(['Level', 'LoggerId', 'EnableProperty', 'MatchAnyKeyword', 'MatchAllKeyword'].map((f) => koffi.offsetof(TRACE_ENABLE_INFO, f))).toEqual([4, 6, 8, 16, 24]);
  });

  it('ENABLE_TRACE_PARAMETERS offsets agree with the pure encoder (x64)', () => {
    for (const [f, off] of Object.entries(ENABLE_PARAMETERS_X64.offsets)) expect([f, koffi.offsetof(ENABLE_TRACE_PARAMETERS, f)]).toEqual([f, off]);
    expect(ENABLE_PARAMETERS_X64.size).toBe(48);
    expect(ENABLE_PARAMETERS_X86.size).toBe(36);
  });

  it('the encoder writes version 2, the property bits and the source id; the rest stays zero', () => {
    const src = Guid.parse('{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}');
    const b = encodeEnableParameters({ enableProperty: 0x41, sourceId: src }, ENABLE_PARAMETERS_X64);
    expect(b.length).toBe(48);
    expect(b.readUInt32LE(0)).toBe(2);
    expect(b.readUInt32LE(4)).toBe(0x41);
    expect(Guid.fromBytes(b, 12).equals(src)).toBe(true);
    expect(b.readBigUInt64LE(32)).toBe(0n);
    expect(b.readUInt32LE(40)).toBe(0);
    // koffi decodes the same bytes the same way.
    const viaKoffi = koffi.decode(b, ENABLE_TRACE_PARAMETERS) as { Version: number; EnableProperty: number; SourceId: { Data1: number } };
    expect([viaKoffi.Version, viaKoffi.EnableProperty, viaKoffi.SourceId.Data1]).toEqual([2, 0x41, 0x22fb2cd6]);
  });
});
