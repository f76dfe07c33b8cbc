/**
 * Records keep one V8 hidden class (map) whatever their times: the raw time's
 * low half and the ordering key are doubles from the first record
 * (event-header.ts ReadRecord). Were they first small integers, the first low
 * half or key at 2^31 or above would turn the field into a double field and
 * give later records another map, throwing away the optimized code of every
 * function that had seen a record. Checked with V8's own %HaveSameMap. The
 * keywords are kept as signed 32-bit words (small integers whatever their
 * bits), and `keywords` is made from them as the header holds it.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { readRecord, RecordDamage, type BufferContext, type ReadRecord } from '../../src/etw/etl/event-header.js';
import { hasKeywords, keywordsHigh, keywordsLow, type EtlRecord } from '../../src/etw/etl/record.js';

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

/** An EVENT_HEADER64 record (0x50-byte header, no payload) of these keywords, read as the stream reads it. */
function eventWith(keywords: bigint): ReadRecord {
  const b = Buffer.alloc(0x50);
  b.writeUInt16LE(0x50, 0);
  b[2] = 0x13;
  b[3] = 0xc0;
  b.writeBigUInt64LE(keywords, 0x30);
  const r = readRecord(b, 0, b.length, CTX);
  if (r instanceof RecordDamage) throw new Error(r.reason);
  return r;
}

/** A record's keywords as the dumps key them: the two signed 32-bit words and whether it has any. */
const key = (r: EtlRecord) => [keywordsLow(r), keywordsHigh(r), hasKeywords(r)];

describe('the keywords of a record', () => {
  it('are the header\'s 64 bits, kept as signed 32-bit words without changing the record\'s shape', () => {
    const small = eventWith(0x20038n);
    const high = eventWith(0x8000_0001_8000_0038n);
    // Before anything reads `small` (a read would move it to the new map of a changed field).
    expect(sameMap(small, high)).toBe(true);
    expect(sameMap(small, perfinfo(5, 0, 5))).toBe(true);
    expect(small.keywords).toBe(0x20038n);
    expect(key(small)).toEqual([0x20038, 0, true]);
    expect(high.keywords).toBe(0x8000_0001_8000_0038n);
    expect(key(high)).toEqual([0x8000_0038 | 0, 0x8000_0001 | 0, true]);
  });

  it('are null on other headers, keyed as 0 without keywords, as on any record', () => {
    const kernel = perfinfo(5, 0, 5);
    expect(kernel.keywords).toBeNull();
    expect(key(kernel)).toEqual([0, 0, false]);
    const plain = (keywords: bigint | null) => ({ keywords }) as EtlRecord;
    expect(key(plain(null))).toEqual([0, 0, false]);
    expect(key(plain(0n))).toEqual([0, 0, true]);
    expect(key(plain(0xffff_fffe_0000_0001n))).toEqual([1, 0xffff_fffe | 0, true]);
  });

  it('can be set, as on any record', () => {
    const r = eventWith(1n);
    r.keywords = 0xf000_0000_0000_0002n;
    expect(r.keywords).toBe(0xf000_0000_0000_0002n);
    expect(key(r)).toEqual([2, 0xf000_0000 | 0, true]);
    r.keywords = null;
    expect(r.keywords).toBeNull();
    expect(key(r)).toEqual([0, 0, false]);
  });
});
