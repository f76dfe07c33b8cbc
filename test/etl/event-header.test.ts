/**
 * One test per header kind, on real bytes read from corpus files at known file
 * offsets, parsed directly with readRecord. Expected values are the oracle's
 * (dissect.etl) for the same records, and the spec's layouts (etl-format.md §2).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord, RecordDamage, type BufferContext } from '../../src/etw/etl/event-header.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { etlPath, haveCorpus } from '../support/corpus.js';

/** Read the buffer at `bufferOffset` (uncompressed) and parse the record at `offsetInBuffer`. */
function recordAt(stem: string, bufferOffset: number, offsetInBuffer: number): EtlRecord {
  const fd = openSync(etlPath(stem), 'r');
  const head = Buffer.alloc(0x48);
  readSync(fd, head, 0, 0x48, bufferOffset);
  const filled = head.readUInt32LE(0x30);
  const b = Buffer.alloc(filled);
  readSync(fd, b, 0, filled, bufferOffset);
  closeSync(fd);
  const ctx: BufferContext = { cpu: head.readUInt16LE(0x28), loggerId: head.readUInt16LE(0x2a), fileIndex: 0, bufferOffset, compressed: false };
  const r = readRecord(b, offsetInBuffer, filled, ctx);
  if (r instanceof RecordDamage) throw new Error(r.reason);
  return r;
}

describe.skipIf(!haveCorpus)('event headers on real bytes', () => {
  it('SYSTEM64 (0x02): the log-file header record at file offset 0x48', () => {
    const r = recordAt('findneedle-wppstr', 0, 0x48);
    expect(r.kind).toBe('system');
    expect(r.headerType).toBe(0x02);
    expect(r.size).toBe(658);
    expect(r.hookId).toBe(0);
    expect(r.version).toBe(2);
    expect(r.rawTime).toBe(4898976646380n);
    expect(r.pid).toBe(13480);
    expect(r.tid).toBe(29688);
    expect(r.providerId).toBe('68fdd900-4a3e-11d1-84f4-0000f80464e3');
    expect(r.payload.length).toBe(626);
  });

  it('SYSTEM64 (0x02): an Image DCStart kernel record of diaghub-kernel at 0x80178', () => {
    const r = recordAt('diaghub-kernel', 524288, 376);
    expect(r).toMatchObject({ kind: 'system', size: 156, hookId: 0x1403, opcode: 3, version: 3, pid: 1112, tid: 13392, cpu: 2, kernelTime: 1, userTime: 0 });
    expect(r.providerId).toBe('2cb15d1d-5fc1-11d2-abe1-00a0c911f518'); // Image class
    expect(r.rawTime).toBe(13764898511n);
    expect(r.payload.length).toBe(156 - 0x20);
    expect(r.pointerSize).toBe(8);
  });

  it('PERFINFO64 (0x11): no pid/tid, reported as 0xFFFFFFFF; payload after 0x10 bytes', () => {
    const r = recordAt('diaghub-kernel', 65536, 360);
    // oracle record 3: PERFINFO64 size 184, raw 13764994346, hook 0x0303, version 4, processor 1
    expect(r).toMatchObject({ kind: 'perfinfo', headerType: 0x11, size: 184, hookId: 0x0303, opcode: 3, version: 4, cpu: 1, pid: 0xffffffff, tid: 0xffffffff });
    expect(r.rawTime).toBe(13764994346n);
    expect(r.payload.length).toBe(168);
    expect(r.providerId).toBe('3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c');
  });

  it('FULL_HEADER64 (0x14): classic event with its class GUID and Class.Type', () => {
    const r = recordAt('diaghub-relogged-kerneltracecontrol', 65536, 72);
    // oracle record 1: size 388, type 64, pid 0, tid 13392, kernel_time 1, user_time 0, payload 340
    expect(r).toMatchObject({ kind: 'trace', headerType: 0x14, size: 388, opcode: 64, level: 0, version: 0, pid: 0, tid: 13392, kernelTime: 1, userTime: 0 });
    expect(r.providerId).toBe('b3e675d7-2554-4f18-830b-2762732560de');
    expect(r.payload.length).toBe(340);
  });

  it('EVENT_HEADER64 (0x13): manifest event with descriptor fields', () => {
    const r = recordAt('perfview-clr-rundown', 65536, 72);
    // oracle record 2: id 187 v0 level 4 opcode 1 task 19 keywords 0, pid 179596 tid 179828, payload 203
    expect(r).toMatchObject({ kind: 'event', headerType: 0x13, size: 283, id: 187, version: 0, channel: 0, level: 4, opcode: 1, task: 19, pid: 179596, tid: 179828 });
    expect(r.keywords).toBe(0n);
    expect(r.providerId).toBe('a669021c-c450-4609-a035-5af59af4df18');
    expect(r.rawTime).toBe(5464967065830n);
    expect(r.flags & 0x0040).toBe(0x0040); // 64-bit header flag synthesized from the header type
    expect(r.payload.length).toBe(203);
  });

  it('EVENT_HEADER64 with extended items (TraceLogging): items 12 then 11, user data after them', () => {
    const r = recordAt('airbus-lxcore-kernel-tl', 16384, 72);
    expect(r).toMatchObject({ kind: 'event', size: 374, id: 0, channel: 11, level: 2, pid: 5876, tid: 2868 });
    expect(r.extended.map((e) => [e.type, e.name, e.data.length])).toEqual([[12, 'PROV_TRAITS', 56], [11, 'EVENT_SCHEMA_TL', 100]]);
    expect(r.extended[0]!.data.toString('utf8', 2, 36)).toBe('Microsoft.Windows.Subsystem.LxCore');
    expect(r.extended[1]!.data.toString('utf8', 4, 14)).toBe('BreakPoint');
    // 0x50 header + (8+56) + (8+104 aligned) items = 0xF0; the rest is user data
    expect(r.payload.length).toBe(374 - 0x50 - 64 - 112);
  });

  it('EVENT_HEADER64 with a non-zero activity id', () => {
    const r = recordAt('diaghub-kernel', 524288, 49976);
    expect(r.activityId).toBe('6b1edfc2-9ab2-486a-a4ce-28b9461b4c2b');
    expect(r.providerId).toBe('6f669bfa-816a-4204-a824-47c8e6a00474');
    expect(r.id).toBe(2);
  });

  it('MESSAGE (WPP, byte 3 = 0x90): GUID, timestamp, tid/pid options and packed arguments', () => {
    const r = recordAt('findneedle-wppstr', 8192, 72);
    // oracle record 4: size 50, msgnum 10, option flags 0xaa, pid 31600 tid 30776, 10 argument bytes
    expect(r).toMatchObject({ kind: 'wpp', size: 50, id: 10, pid: 31600, tid: 30776, cpu: 10 });
    expect(r.wpp).toEqual({ messageNumber: 10, optionFlags: 0xaa, sequence: null, componentId: null, messageGuid: '744151fd-b3f4-32e6-38eb-0fd11e3fb62d' });
    expect(r.rawTime).toBe(4898978114500n);
    expect(r.payload.toString('latin1', 0, 5)).toBe('alpha'); // "alpha\0" then a u32, unaligned
    expect(r.payload.length).toBe(10);
  });
});

describe('shared GUID strings', () => {
  it('returns one string per distinct GUID and the same text as readGuid', async () => {
    const { readGuid, readGuidShared } = await import('../../src/etw/etl/bytes.js');
    const b = Buffer.alloc(48);
    for (let i = 0; i < 48; i++) b[i] = (i * 37 + 11) & 0xff;
    b.copy(b, 32, 0, 16);
    expect(readGuidShared(b, 0)).toBe(readGuid(b, 0));
    expect(readGuidShared(b, 16)).toBe(readGuid(b, 16));
    expect(readGuidShared(b, 32)).toBe(readGuidShared(b, 0));
    expect(readGuidShared(b, 16)).not.toBe(readGuidShared(b, 0));
  });
});
