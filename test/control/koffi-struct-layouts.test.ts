// The other structs etwkit passes or reads: koffi's computed layout vs etw-win32-api.md §3.4 / §9, and our pure encoders.
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { ENABLE_PARAMETERS_X64, ENABLE_PARAMETERS_X86, encodeEnableParameters } from '../../src/etw/control/session/enable-parameters.js';
import { Guid } from '../../src/etw/control/api/guid.js';
import {
  decodeEventDescriptor, encodeEventDescriptor, EVENT_DESCRIPTOR_SIZE, EVENT_HEADER_SIZE, EVENT_RECORD_SIZE_X64, eventRecordFor, providerEventDescriptors,
} from '../../src/etw/control/api/event-record.js';
import {
  ENABLE_TRACE_PARAMETERS, EVENT_DESCRIPTOR, EVENT_HEADER, EVENT_RECORD, GUID, PROVIDER_FIELD_INFO, TRACE_ENABLE_INFO, TRACE_GUID_INFO, TRACE_PROVIDER_INFO, TRACE_PROVIDER_INSTANCE_INFO,
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

  it('EVENT_DESCRIPTOR, EVENT_HEADER and EVENT_RECORD (x64) agree with etw-win32-api.md and the pure encoder', () => {
    expect(koffi.sizeof(EVENT_DESCRIPTOR)).toBe(EVENT_DESCRIPTOR_SIZE);
    expect(['Id', 'Version', 'Channel', 'Level', 'Opcode', 'Task', 'Keyword'].map((f) => koffi.offsetof(EVENT_DESCRIPTOR, f))).toEqual([0, 2, 3, 4, 5, 6, 8]);
    expect(koffi.sizeof(EVENT_HEADER)).toBe(EVENT_HEADER_SIZE);
    expect(['ThreadId', 'ProcessId', 'TimeStamp', 'ProviderId', 'EventDescriptor', 'ProcessorTime', 'ActivityId'].map((f) => koffi.offsetof(EVENT_HEADER, f)))
      .toEqual([8, 12, 16, 24, 40, 56, 64]);
    expect(koffi.sizeof(EVENT_RECORD)).toBe(EVENT_RECORD_SIZE_X64);
    expect(['ProcessorNumber', 'LoggerId', 'ExtendedDataCount', 'UserDataLength', 'ExtendedData', 'UserData', 'UserContext'].map((f) => koffi.offsetof(EVENT_RECORD, f)))
      .toEqual([80, 82, 84, 86, 88, 96, 104]);

    const provider = Guid.parse('{edd08927-9cc4-4e65-b970-c2560fb5c289}');
    const d = { id: 12, version: 1, channel: 16, level: 4, opcode: 0, task: 12, keyword: 0x8000000000000010n };
    const descriptor = encodeEventDescriptor(d);
    expect(decodeEventDescriptor(descriptor)).toEqual(d);
    const rec = eventRecordFor(provider, descriptor, 8);
    const viaKoffi = koffi.decode(rec, EVENT_RECORD) as { EventHeader: { Size: number; Flags: number; ProviderId: { Data1: number }; EventDescriptor: { Id: number; Task: number; Keyword: bigint } }; UserDataLength: number };
    expect([viaKoffi.EventHeader.Size, viaKoffi.EventHeader.Flags, viaKoffi.EventHeader.ProviderId.Data1]).toEqual([80, 0x40, 0xedd08927]);
    expect([viaKoffi.EventHeader.EventDescriptor.Id, viaKoffi.EventHeader.EventDescriptor.Task, BigInt(viaKoffi.EventHeader.EventDescriptor.Keyword)]).toEqual([12, 12, 0x8000000000000010n]);
    expect(viaKoffi.UserDataLength).toBe(0);
    expect(eventRecordFor(provider, descriptor, 4).length).toBe(104);
    // PROVIDER_EVENT_INFO: the count, then the descriptors from offset 8.
    const info = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), descriptor, encodeEventDescriptor({ ...d, id: 13 })]);
    expect(providerEventDescriptors(info).map((b) => decodeEventDescriptor(b).id)).toEqual([12, 13]);
  });
});
