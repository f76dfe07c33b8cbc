/**
 * The time of each buffer's first record (first-record-time.ts), which places
 * buffers on a report's time line when it is cut into slices. Read by the index
 * pass with the buffer headers (ReadOptions.firstTimes), it must be what the
 * buffer's records say, worked out here from the whole buffer: the first
 * record's own time, none when the record takes its time from the record before
 * it (a WPP message without a time stamp) or is damaged, and "not read" only
 * when the first record is longer than the index pass's read. A stream's
 * firstKeyOf must give the same key either way (from the index pass, or read
 * from the file).
 */
import { mkdtempSync, openSync, closeSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUFFER_HEADER_SIZE } from '../../src/etw/etl/buffer-header.js';
import { readRecord, RecordDamage } from '../../src/etw/etl/event-header.js';
import { FIRST_RECORD_READ } from '../../src/etw/etl/first-record-time.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { EtlBuilder } from '../support/etl-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-first-record-'));

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

interface Tally { read: number; none: number; long: number }

/** Every buffer of `path`: the index pass's first-record time against the whole buffer's, and both readers' keys. */
function compare(path: string): Tally {
  const tally: Tally = { read: 0, none: 0, long: 0 };
  const withTimes = EtlReader.open([path], { firstTimes: true, onWarning: () => {} });
  const fromFile = EtlReader.open([path], { onWarning: () => {} });
  const fd = openSync(path, 'r');
  try {
    for (const e of withTimes.index()[0]!.buffers) {
      if (e.compressed) {
        expect(e.firstTime, `compressed buffer at ${e.offset}`).toBeUndefined();
        continue;
      }
      const valid = Math.min(e.available, e.validEnd);
      const whole = Buffer.alloc(valid);
      readSync(fd, whole, 0, valid, e.offset);
      const ctx = { cpu: e.header.processorIndex, loggerId: e.header.loggerId, fileIndex: 0, bufferOffset: e.offset, compressed: false };
      const a = readRecord(whole, BUFFER_HEADER_SIZE, valid, ctx, { lo: 0, hi: 0 });
      const b = readRecord(whole, BUFFER_HEADER_SIZE, valid, ctx, { lo: 7, hi: 7 });
      const own = a instanceof RecordDamage || b instanceof RecordDamage || a.rawLo !== b.rawLo || a.rawHi !== b.rawHi
        ? null : { lo: a.rawLo, hi: a.rawHi };
      if (e.firstTime === undefined) {
        // Only a first record running past the read is left to the stream.
        expect(a instanceof RecordDamage ? valid : BUFFER_HEADER_SIZE + a.size, `buffer at ${e.offset}`).toBeGreaterThan(FIRST_RECORD_READ);
        tally.long++;
      } else {
        expect(e.firstTime, `buffer at ${e.offset}`).toEqual(own);
        if (own === null) tally.none++; else tally.read++;
      }
    }
    const sa = withTimes.streams();
    const sb = fromFile.streams();
    expect(sa.length).toBe(sb.length);
    for (let i = 0; i < sa.length; i++) {
      for (let j = 0; j < sa[i]!.bufferCount; j++) {
        expect(Object.is(sa[i]!.firstKeyOf(j), sb[i]!.firstKeyOf(j)), `stream ${i} buffer ${j}`).toBe(true);
      }
    }
  } finally {
    closeSync(fd);
    withTimes.close();
    fromFile.close();
  }
  return tally;
}

describe('first-record times read by the index pass', () => {
  it('are the first record\'s own time, none for a WPP message timed by the record before or damage, and left to the stream past the read', () => {
    const b = new EtlBuilder({ cpus: 2, bufferSize: 0x2000 });
    const provider = 'a1b2c3d4-0000-4000-8000-123456789abc';
    for (let i = 0; i < 400; i++) {
      const raw = 5_000_000_000n + BigInt(i * 3);
      const cpu = i % 2;
      // Records that fill most of a buffer: the next one starts a buffer; a long one runs past the first read.
      // A record that leaves no room in its buffer: a WPP message after it starts the next buffer.
      if (i % 23 === 11) {
        b.system({ cpu, raw, hookId: 0x0524, pid: i, payload: Buffer.alloc(0x2000 - BUFFER_HEADER_SIZE - 0x20 - 8) });
        b.wpp({ cpu, messageGuid: provider, messageNumber: i, optionFlags: 0x00a2 });
      } else if (i % 37 === 5) b.system({ cpu, raw, hookId: 0x0524, pid: i, payload: Buffer.alloc(i % 2 === 0 ? 5000 : 7000) });
      else if (i % 9 === 4) b.wpp({ cpu, messageGuid: provider, messageNumber: i, optionFlags: 0x00a2 });
      else if (i % 5 === 2) b.event({ cpu, raw, provider, id: 7, payload: Buffer.alloc(300 + (i % 7) * 90) });
      else b.system({ cpu, raw, hookId: 0x0524, pid: i, payload: Buffer.alloc(600 + (i % 3) * 400) });
    }
    const bytes = Buffer.from(b.build('sequence'));
    bytes.writeUInt32LE(0x12345678, 6 * 0x2000 + BUFFER_HEADER_SIZE); // the first record of the seventh buffer damaged
    const tally = compare(write('mixed.etl', bytes));
    expect(tally.read).toBeGreaterThan(5);
    expect(tally.none).toBeGreaterThan(0);
    expect(tally.long).toBeGreaterThan(0);
  });

  it('a file cut inside a buffer: the read stops at the end of the file', () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x2000 });
    for (let i = 0; i < 60; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i), hookId: 0x0524, pid: i, payload: Buffer.alloc(400) });
    const bytes = Buffer.from(b.build('sequence'));
    const tally = compare(write('cut.etl', bytes.subarray(0, 2 * 0x2000 + 1000)));
    expect(tally.read).toBeGreaterThan(0);
  });

  it('a buffer whose valid data ends before its first record: the stale bytes after it are not read', () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x2000 });
    for (let i = 0; i < 60; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i), hookId: 0x0524, pid: i, payload: Buffer.alloc(400) });
    const bytes = Buffer.from(b.build('sequence'));
    bytes.writeUInt32LE(BUFFER_HEADER_SIZE + 4, 0x2000 + 0x30); // FilledBytes: the second buffer's data ends inside its first record
    bytes.writeUInt32LE(0, 0x2000 + 0x04); // SavedOffset
    const tally = compare(write('stale.etl', bytes));
    expect(tally.none).toBe(1);
  });
});

describe.skipIf(!haveCorpus)('first-record times on the corpus traces', () => {
  const all: Tally = { read: 0, none: 0, long: 0 };
  for (const stem of corpusStems()) {
    it(stem, () => {
      const t = compare(etlPath(stem));
      all.read += t.read;
      all.none += t.none;
      all.long += t.long;
    });
  }
  it('the index pass read the time of most uncompressed buffers', () => {
    expect(all.read).toBeGreaterThan(10 * (all.none + all.long));
  });
});
