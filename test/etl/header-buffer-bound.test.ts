/**
 * The open question of the oracle README (weakness 5): in the header buffer,
 * SavedOffset (0x04) can be smaller than FilledBytes (0x30). Which records does a
 * Windows consumer deliver? Decided from the bytes: FilledBytes. The records between
 * the two marks are complete, well-formed group-0 records carrying the log-file
 * header's own timestamp, and the last of them ends exactly at FilledBytes (rounded
 * to 8) — which would be a coincidence if they were stale. Microsoft's public
 * ETW_BUFFER_HEADER names 0x30 FilledBytes ("do not read beyond"), and the relogger
 * sized the stored header buffer of a compressed file from FilledBytes. So etwkit
 * delivers them, as dissect.etl does and unlike readers bounded by SavedOffset.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord, RecordDamage } from '../../src/etw/etl/event-header.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { etlPath, haveCorpus, oracle } from '../support/corpus.js';

function walkHeaderBuffer(stem: string) {
  const b = readFileSync(etlPath(stem));
  const saved = b.readUInt32LE(0x04);
  const filled = b.readUInt32LE(0x30);
  const recs: Array<{ at: number; r: EtlRecord }> = [];
  let pos = 0x48;
  while (pos < filled) {
    const r = readRecord(b, pos, filled, { cpu: 0, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false });
    if (r instanceof RecordDamage) throw new Error(`${stem} at ${pos}: ${r.reason}`);
    recs.push({ at: pos, r });
    pos += (r.size + 7) & ~7;
  }
  return { saved, filled, end: pos, recs };
}

describe.skipIf(!haveCorpus)('header buffer: SavedOffset vs FilledBytes', () => {
  it('findneedle-wppbin: the records past SavedOffset are a BuildLab string and an RSDS debug id, ending exactly at FilledBytes', () => {
    const { saved, filled, end, recs } = walkHeaderBuffer('findneedle-wppbin');
    expect(saved).toBe(0x320);
    expect(filled).toBe(0x428);
    expect(end).toBe(filled);
    const past = recs.filter((x) => x.at >= saved);
    expect(past.map((x) => [x.r.kind, x.r.hookId])).toEqual([['perfinfo', 0x0042], ['perfinfo', 0x0040]]);
    const anchor = recs[0]!.r.rawTime;
    for (const x of past) expect(x.r.rawTime).toBe(anchor);
    const buildLab = past[0]!.r.payload.toString('latin1').replace(/\0.*$/s, '');
    expect(buildLab).toMatch(/^\d{5}\.\d+\.amd64fre\.[a-z_]+\.\d{6}-\d{4}$/);
    const rsds = past[1]!.r.payload; // GUID signature, u32 age, NUL-terminated PDB path
    expect(rsds.toString('latin1', 20).replace(/\0.*$/s, '')).toMatch(/\.pdb$/i);
  });

  it('sonde-relogged-mof-tl: a PartitionInfoExtension and a LastDroppedTimes record lie past SavedOffset', () => {
    const { saved, filled, end, recs } = walkHeaderBuffer('sonde-relogged-mof-tl');
    expect(end).toBe(filled);
    const past = recs.filter((x) => x.at >= saved).map((x) => [x.r.kind, x.r.hookId, x.r.payload.length]);
    expect(past).toEqual([['system', 0x0050, 48], ['perfinfo', 0x0052, 136]]);
  });

  it('the reader delivers them: its counts equal dissect\'s (FilledBytes), not SavedOffset-bounded readers\'', () => {
    for (const stem of ['findneedle-wppbin', 'sonde-relogged-mof-tl']) {
      const reader = EtlReader.open([etlPath(stem)]);
      const header = [...reader.records()].filter((r) => r.bufferOffset === 0).map((r) => r.hookId);
      reader.close();
      expect(header.length).toBe(walkHeaderBuffer(stem).recs.length);
      expect(oracle(stem).buffers.records_per_buffer[0]).toBe(header.length);
    }
  });
});
