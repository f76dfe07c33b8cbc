/**
 * CpuStream.skipBefore, where a report's time slice starts in a stream: it must
 * leave the stream exactly where advancing record by record to the first record
 * at or after the slice's start would (same head, same records after it, same
 * damage warnings), whether the records before it are plain kernel headers it
 * reads by their time alone or other headers it builds, and must say when the
 * records it reads are out of merge order (merge-order.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CpuStream } from '../../src/etw/etl/cpu-stream.js';
import type { EtlWarning } from '../../src/etw/etl/errors.js';
import { comesAfter, type StreamPlace } from '../../src/etw/etl/merge-order.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-skip-before-'));

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Where a stream stands: its head's key, buffer and offset, and the next `more` records' after it. */
function standing(s: CpuStream, more: number): string[] {
  const out: string[] = [];
  for (let n = 0; n <= more && s.head !== null; n++) {
    out.push(`${s.headKey}@${s.headBuffer}:${s.head.offsetInBuffer}:${s.head.payload.toString('hex')}`);
    s.advance();
  }
  if (s.head === null) out.push('end');
  return out;
}

/** The reference: advance from buffer `start` until the head's key is at least `lo`, checking the order as the slice merge did. */
function advanceTo(s: CpuStream, start: number, lo: number, place: StreamPlace): boolean {
  s.startAt(start);
  s.advance();
  while (s.head !== null) {
    if (!comesAfter(place, s.headKey, s.headSeq, s.head.offsetInBuffer)) return false;
    if (s.headKey >= lo) return true;
    s.advance();
  }
  return true;
}

const newPlace = (): StreamPlace => ({ key: -Infinity, seq: -1, offset: -1 });

/**
 * For every stream of `path`, at up to `most` records' keys (and a key just past each, and both
 * ends): skipBefore against the reference, each from the buffer before the record's (as a slice
 * starts), in two readers opened alike (warnings compared).
 */
function compareStarts(path: string, most = Infinity): number {
  const warnA: EtlWarning[] = [];
  const warnB: EtlWarning[] = [];
  const a = EtlReader.open([path], { onWarning: (w) => warnA.push(w) });
  const b = EtlReader.open([path], { onWarning: (w) => warnB.push(w) });
  let compared = 0;
  try {
    const sa = a.streams();
    const sb = b.streams();
    for (let i = 0; i < sa.length; i++) {
      const at: Array<{ key: number; buffer: number }> = [];
      sa[i]!.startAt(0);
      for (sa[i]!.advance(); sa[i]!.head !== null; sa[i]!.advance()) at.push({ key: sa[i]!.headKey, buffer: sa[i]!.headBuffer });
      const every = Math.max(1, Math.ceil(at.length / most));
      const starts = [{ lo: -Infinity, buffer: 0 }, { lo: Infinity, buffer: Math.max(0, sa[i]!.bufferCount - 2) }];
      at.forEach((r, k) => {
        if (k % every !== 0) return;
        const buffer = Math.max(0, r.buffer - 1);
        starts.push({ lo: r.key, buffer }, { lo: r.key + 1e-9, buffer });
      });
      for (const { lo, buffer } of starts) {
        const pa = newPlace();
        const pb = newPlace();
        warnA.length = 0;
        warnB.length = 0;
        const ra = advanceTo(sa[i]!, buffer, lo, pa);
        sb[i]!.startAt(buffer);
        const rb = sb[i]!.skipBefore(lo, pb);
        expect(rb, `order, stream ${i}, lo ${lo}`).toBe(ra);
        expect(pb, `place, stream ${i}, lo ${lo}`).toEqual(pa);
        expect(standing(sb[i]!, 3), `head and after, stream ${i}, lo ${lo}`).toEqual(standing(sa[i]!, 3));
        expect(warnB.map((w) => `${w.offset} ${w.message}`)).toEqual(warnA.map((w) => `${w.offset} ${w.message}`));
        compared++;
      }
    }
  } finally {
    a.close();
    b.close();
  }
  return compared;
}

describe('CpuStream.skipBefore', () => {
  it('stops where advancing would, over plain kernel records, other headers, WPP messages timed by the record before, buffer ends and damage', () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    const provider = 'a1b2c3d4-0000-4000-8000-123456789abc';
    for (let i = 0; i < 90; i++) {
      const raw = 5_000_000_000n + BigInt(i * 3 - (i % 4 === 1 ? 1 : 0));
      if (i % 5 === 2) b.event({ cpu: 0, raw, provider, id: 7, payload: Buffer.from([i, 0, 0, 0]) });
      // A WPP message without a time stamp: it takes the time of the record before it.
      else if (i % 7 === 3) b.wpp({ cpu: 0, messageGuid: provider, messageNumber: i, optionFlags: 0x00a2 });
      else b.system({ cpu: 0, raw, hookId: 0x0524, pid: i, payload: Buffer.alloc(24 + (i % 3) * 8) });
    }
    const bytes = Buffer.from(b.build('sequence'));
    bytes.writeUInt32LE(0x12345678, 4 * 0x200 + 0x48 + 0x30); // damage inside the fifth buffer
    const compared = compareStarts(write('mixed.etl', bytes));
    expect(compared).toBeGreaterThan(150);
  });

  it('equal times keep the order of buffer sequence and position', () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 60; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(Math.floor(i / 10)), hookId: 0x0524, pid: i, payload: Buffer.alloc(40) });
    expect(compareStarts(write('equal.etl', b.build('sequence')))).toBeGreaterThan(100);
  });

  it('says a stream is out of order when a record it reads past goes back in time, and not when the record is beyond the slice start', () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 40; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i === 20 ? 15 : i * 2), hookId: 0x0524, pid: i, payload: Buffer.alloc(24) });
    const path = write('backwards.etl', b.build('sequence'));
    const reader = EtlReader.open([path]);
    try {
      const s = reader.streams()[0]!;
      const keys: number[] = [];
      s.startAt(0);
      for (s.advance(); s.head !== null; s.advance()) keys.push(s.headKey);
      s.startAt(0);
      expect(s.skipBefore(keys[30]!, newPlace())).toBe(false); // record 20 (back) is read past
      s.startAt(0);
      expect(s.skipBefore(keys[19]!, newPlace())).toBe(true); // stops at record 19, before it
      expect(s.headKey).toBe(keys[19]);
    } finally {
      reader.close();
    }
  });
});

describe.skipIf(!haveCorpus)('CpuStream.skipBefore on the corpus traces', () => {
  for (const stem of corpusStems()) {
    it(stem, () => {
      expect(compareStarts(etlPath(stem), 60)).toBeGreaterThan(0);
    });
  }
});
