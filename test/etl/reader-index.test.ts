/**
 * Opening files with another reader's index (ReadOptions.index: the sliced pass's
 * main thread does not read the buffer headers twice): the same files, streams
 * and records as an index pass of its own, no index warnings again, and a file
 * that changed since it was indexed is refused by name.
 */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlInputError, type EtlWarning } from '../../src/etw/etl/errors.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { EtlBuilder } from '../support/etl-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-reader-index-'));

function trace(name: string, damage: boolean): string {
  const b = new EtlBuilder({ cpus: 2, bufferSize: 0x200 });
  for (let i = 0; i < 60; i++) b.system({ cpu: i % 2, raw: 5_000_000_000n + BigInt(i * 7), hookId: 0x0524, pid: i, payload: Buffer.alloc(32) });
  const bytes = Buffer.from(b.build());
  if (damage) bytes.fill(0xee, 5 * 0x200, 5 * 0x200 + 0x48); // a buffer header that does not read
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function recordsOf(reader: EtlReader): string[] {
  const out: string[] = [];
  for (const r of reader.records()) out.push(`${r.timeKey}:${r.fileIndex}:${r.offsetInBuffer}:${r.payload.toString('hex')}`);
  return out;
}

describe('EtlReader.open with an index', () => {
  it('gives the same files and records as reading the index again, without its warnings', () => {
    const paths = [trace('a.etl', false), trace('b.etl', true)];
    const seen: EtlWarning[] = [];
    const first = EtlReader.open(paths, { onWarning: (w) => seen.push(w) });
    const again: EtlWarning[] = [];
    const second = EtlReader.open(paths, { index: first.index(), onWarning: (w) => again.push(w) });
    try {
      expect(seen.length, 'the damaged header buffer is a warning of the index pass').toBeGreaterThan(0);
      expect(again).toEqual([]);
      expect(second.files).toEqual(first.files);
      expect(second.files[0]).not.toBe(first.files[0]); // its own counters
      expect(second.streams().map((s) => s.bufferCount)).toEqual(first.streams().map((s) => s.bufferCount));
      const expected = recordsOf(first);
      expect(expected.length).toBeGreaterThan(50);
      expect(recordsOf(second)).toEqual(expected);
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses a file whose size changed since it was indexed, naming it', () => {
    const path = trace('grows.etl', false);
    const first = EtlReader.open([path]);
    const index = first.index();
    first.close();
    appendFileSync(path, Buffer.alloc(0x200));
    let error: unknown = null;
    try { EtlReader.open([path], { index }).close(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(EtlInputError);
    expect(String((error as Error).message)).toBe(`${path}: the file changed while it was being reported (its size differs from when it was indexed)`);
  });
});
