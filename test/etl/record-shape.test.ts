/**
 * Records keep one V8 hidden class (map) whatever their times: the raw time's
 * low half and the ordering key are doubles from the first record
 * (event-header.ts ReadRecord). Were they first small integers, the first low
 * half or key at 2^31 or above would turn the field into a double field and
 * give later records another map, throwing away the optimized code of every
 * function that had seen a record. Checked with V8's own %HaveSameMap.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { readRecord, RecordDamage, type BufferContext, type ReadRecord } from '../../src/etw/etl/event-header.js';

setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: object, b: object) => boolean;

const CTX: BufferContext = { cpu: 0, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false };

/** A PERFINFO64 record (0x10-byte header, 8 payload bytes) of raw time hi * 2^32 + lo, read as the stream reads it, with its key. */
function perfinfo(lo: number, hi: number, key: number): ReadRecord {
  const b = Buffer.alloc(0x18);
  b.writeUInt16LE(2, 0);
  b[2] = 0x11;
  b[3] = 0xc0;
  b.writeUInt16LE(0x18, 4);
  b.writeUInt16LE(0x0303, 6);
  b.writeUInt32LE(lo, 8);
  b.writeInt32LE(hi, 12);
  const r = readRecord(b, 0, b.length, CTX);
  if (r instanceof RecordDamage) throw new Error(r.reason);
  r.timeKey = key;
  return r;
}

describe('the shape of a record', () => {
  it('stays the same when the raw time\'s low half and the key pass 2^31', () => {
    const early = perfinfo(5, 0, 5);
    const late = perfinfo(0x80000005, 3, 2 ** 31 + 7);
    expect(late.rawTime).toBe(3n * 2n ** 32n + 0x80000005n);
    expect(sameMap(early, late)).toBe(true);
    expect(sameMap(early, perfinfo(7, 0, 7))).toBe(true);
  });
});
