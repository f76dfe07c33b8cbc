// One delivered EVENT_RECORD → the EtlRecord the .etl reader gives for the same event:
// every header field, the extended items read through their DataPtr, the payload, the
// session index from UserContext; classic, kernel and TRACE_MESSAGE events; a 32-bit consumer.
import { describe, expect, it } from 'vitest';
import { EVENT_RECORD_X64, EVENT_RECORD_X86 } from '../../src/etw/control/api/event-record.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { recordFromDelivered } from '../../src/etw/live/delivered-record.js';
import { deliveredEvent } from '../support/event-record-builder.js';
import { liveEvents, liveEventsEtl, START } from './live-events.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a record says, without where it was stored. */
function facts(r: EtlRecord) {
  return {
    kind: r.kind, headerType: r.headerType, pointerSize: r.pointerSize, size: r.size, rawTime: r.rawTime, fileTime: r.fileTime,
    providerId: r.providerId, id: r.id, version: r.version, channel: r.channel, level: r.level, opcode: r.opcode, task: r.task,
    keywords: r.keywords, hookId: r.hookId, pid: r.pid, tid: r.tid, cpu: r.cpu, flags: r.flags, eventProperty: r.eventProperty,
    activityId: r.activityId, kernelTime: r.kernelTime, userTime: r.userTime, instance: r.instance, wpp: r.wpp,
    extended: r.extended.map((e) => ({ type: e.type, name: e.name, data: e.data.toString('hex'), value: e.value })),
    payload: r.payload.toString('hex'), payloadSize: r.payloadSize,
  };
}

describe('recordFromDelivered', () => {
  it('equals the .etl reader\'s record for every event of the live test list', () => {
    const events = liveEvents();
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-delivered-'));
    writeFileSync(join(dir, 's.etl'), liveEventsEtl(events));
    const reader = EtlReader.open([join(dir, 's.etl')]);
    const fromFile: ReturnType<typeof facts>[] = [];
    for (const r of reader.records()) fromFile.push(facts(r)); // while the record's buffer is current
    fromFile.shift(); // the first record is the log-file header
    reader.close();
    const live = events.map((e) => facts(recordFromDelivered(deliveredEvent(e, { loggerId: 0x11 }), START)));
    expect(live).toEqual(fromFile);
    expect(live.some((r) => r.extended.length === 3)).toBe(true);
  });

  it('takes the session index from UserContext and counts time keys from the epoch', () => {
    const r = recordFromDelivered(deliveredEvent({ raw: START + 25n, provider: '11111111-2222-3333-4444-555555555555' }, { context: 2 }), START);
    expect(r.fileIndex).toBe(2);
    expect(r.timeKey).toBe(25);
    expect(r.fileTime).toBe(START + 25n);
  });

  it('a kernel class (classic header) becomes a system record with its hook id; another class a trace record', () => {
    const process = recordFromDelivered(deliveredEvent({ raw: START, provider: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', opcode: 1, version: 4, flags: 0x0100 }), START);
    expect([process.kind, process.headerType, process.hookId, process.opcode, process.id, process.keywords]).toEqual(['system', 0x02, 0x0301, 1, null, null]);
    const classic = recordFromDelivered(deliveredEvent({ raw: START, provider: '9e814aad-0000-11d2-9a82-006008a86939', opcode: 7, version: 2, flags: 0x0100 }), START);
    expect([classic.kind, classic.headerType, classic.hookId, classic.opcode, classic.version, classic.id]).toEqual(['trace', 0x14, null, 7, 2, null]);
  });

  it('a TRACE_MESSAGE event becomes a wpp record: message number from the id, message GUID from the provider', () => {
    const r = recordFromDelivered(deliveredEvent({ raw: START, provider: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', id: 12, flags: 0x0008, payload: Buffer.from([1, 2]) }), START);
    expect([r.kind, r.id, r.opcode, r.wpp?.messageNumber, r.wpp?.messageGuid, r.payloadSize]).toEqual(['wpp', 12, null, 12, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 2]);
  });

  it('PROCESSOR_INDEX: the processor is a u16; a 32-bit header gives pointer size 4', () => {
    const ev = deliveredEvent({ raw: START, provider: '11111111-2222-3333-4444-555555555555', flags: 0x0200, headerType: 0x12 });
    ev.record.writeUInt16LE(300, 80);
    ev.record.writeUInt16LE(ev.record.readUInt16LE(4) & ~0x40, 4);
    const r = recordFromDelivered(ev, START);
    expect([r.cpu, r.pointerSize, r.headerType]).toEqual([300, 4, 0x12]);
  });

  it('a 32-bit consumer reads the pointers at 88/92/96 of a 104-byte EVENT_RECORD', () => {
    const spec = liveEvents()[0]!;
    const x86 = recordFromDelivered(deliveredEvent(spec, { layout: EVENT_RECORD_X86, context: 1 }), START, 4);
    const x64 = recordFromDelivered(deliveredEvent(spec, { layout: EVENT_RECORD_X64, context: 1 }), START, 8);
    expect(deliveredEvent(spec, { layout: EVENT_RECORD_X86 }).record.length).toBe(104);
    expect(facts(x86)).toEqual(facts(x64));
    expect(x86.fileIndex).toBe(1);
  });
});
