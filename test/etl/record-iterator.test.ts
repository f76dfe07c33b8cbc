/**
 * EtlReader.records() gives the merged records two ways: as an iterator and one
 * nextRecord() call each (the report's loop, which needs no result object). Both
 * must give every record of every processor stream once, in the merge order
 * (time key, file, buffer sequence number, offset), then the end (null, done).
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { etlPath, haveCorpus } from '../support/corpus.js';

/** Where each record lies: enough to tell any two records of a trace apart. */
const place = (r: { fileIndex: number; bufferOffset: number; offsetInBuffer: number }): string => `${r.fileIndex}:${r.bufferOffset}:${r.offsetInBuffer}`;

/** Every record of the trace, stream by stream, sorted into the merge order. */
function expected(path: string): string[] {
  const reader = EtlReader.open([path]);
  const all: Array<{ key: number; file: number; seq: number; offset: number; at: string }> = [];
  for (const s of reader.streams()) {
    for (s.advance(); s.head !== null; s.advance()) {
      all.push({ key: s.headKey, file: s.head.fileIndex, seq: s.headSeq, offset: s.head.offsetInBuffer, at: place(s.head) });
    }
  }
  reader.close();
  all.sort((a, b) => a.key - b.key || a.file - b.file || a.seq - b.seq || a.offset - b.offset);
  return all.map((r) => r.at);
}

describe.skipIf(!haveCorpus)('the merged records, iterated and by nextRecord()', () => {
  it.each(['diaghub-kernel', 'perfview-net452-x64-compressed'])('%s: every record once, in merge order, then the end', (stem) => {
    const want = expected(etlPath(stem));
    expect(want.length).toBeGreaterThan(1000);
    const a = EtlReader.open([etlPath(stem)]);
    const iterated: string[] = [];
    for (const r of a.records()) iterated.push(place(r));
    a.close();
    const b = EtlReader.open([etlPath(stem)]);
    const it = b.records();
    const called: string[] = [];
    for (let r = it.nextRecord(); r !== null; r = it.nextRecord()) called.push(place(r));
    expect(it.nextRecord()).toBeNull();
    expect(it.next().done).toBe(true);
    b.close();
    expect(called).toEqual(want);
    expect(iterated).toEqual(want);
  });
});
