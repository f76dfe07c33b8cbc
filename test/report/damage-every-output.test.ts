/**
 * Damage never passes in silence, whatever output is asked for (issue 11, items
 * 1–3): every output choice — XML, CSV, JSONL, summary only, -report, --docker —
 * gives the same warnings and exit code for the same damaged input, and the
 * facts a file states about itself (BuffersWritten, buffer sequence numbers,
 * BufferSize) are checked against what is found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { OUTPUT_CHOICES, runEveryOutput, type ChoiceResult } from '../support/every-output.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-damage-');
function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Every choice agrees with the first on exit code and warnings; returns those. */
function agreed(results: ChoiceResult[]): { code: number; warnings: string[] } {
  const [first] = results;
  for (const r of results) expect({ name: r.name, code: r.code, warnings: r.warnings }).toEqual({ name: r.name, code: first!.code, warnings: first!.warnings });
  return { code: first!.code, warnings: first!.warnings };
}

describe('item 1: every output choice reports the same damage', () => {
  it('a stream that goes back in time (the count pass gives up) with a garbage marker: exit 3 and the warning in every choice', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 30; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i % 2 === 0 ? 100 + i : i), hookId: 0x0524, payload: Buffer.alloc(40) });
    const bytes = Buffer.from(b.build('sequence'));
    const at = 0x400 + 0x48 + 0x48; // second record of the second data buffer
    bytes.writeUInt32LE(0x12345678, at);
    const { code, warnings } = agreed(await runEveryOutput([write('backwards-damaged.etl', bytes)]));
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toContain(`at offset 0x${at.toString(16)}: unknown record marker 0x12345678`);
  });
});

describe.skipIf(!haveCorpus)('item 1 on a real trace that carries EventSource manifests (the count pass gives up)', () => {
  it('perfview-net452-x64-compressed with a damaged compressed buffer: summary only and the XML dump agree', async () => {
    const bytes = corpusBytes('perfview-net452-x64-compressed');
    const at = 0x200188; // the start of a compressed buffer
    expect(bytes.readUInt16LE(at + 0x34) & 0x40).toBe(0x40);
    bytes.fill(0xff, at + 0x100, at + 0x140);
    const r = await runEveryOutput([write('net452-damaged.etl', bytes)], [OUTPUT_CHOICES[0]!, OUTPUT_CHOICES[3]!]);
    const { code, warnings } = agreed(r);
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toContain('at offset 0x2');
  });
});

/** A corpus file's bytes, to damage a copy in the scratch directory. */
const corpusBytes = (stem: string) => Buffer.from(readFileSync(etlPath(stem)));

/** The `Total Events  Processed` count of a summary text. */
const eventsOf = (summary: string | null) => Number(/Total Events {2}Processed\s+(\d+)/.exec(summary ?? '')?.[1] ?? NaN);

describe('item 2: a file cut anywhere but on a buffer boundary warns', () => {
  it.each([1, 2, 0x47])('synthetic: a cut %i byte(s) into a buffer header whose first bytes are zero', async (into) => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x10000 }); // BufferSize 0x10000: its first two bytes are zero
    for (let i = 0; i < 1200; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i), hookId: 0x0524, payload: Buffer.alloc(80) });
    const full = b.build('sequence');
    const cutAt = 2 * 0x10000 + into;
    const { code, warnings } = agreed(await runEveryOutput([write(`cut-${into}.etl`, full.subarray(0, cutAt))]));
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toContain(`at offset 0x20000: file truncated: ${into} trailing bytes`);
  });

  it.skipIf(!haveCorpus)('diaghub-kernel cut 1 and 2 bytes after a buffer boundary: exit 3 and the offset named', async () => {
    const bytes = corpusBytes('diaghub-kernel');
    for (const into of [1, 2]) {
      const r = await runEveryOutput([write(`diaghub-cut-${into}.etl`, bytes.subarray(0, 10 * 0x10000 + into))], OUTPUT_CHOICES.slice(0, 4));
      const { code, warnings } = agreed(r);
      expect(code).toBe(ExitCode.DAMAGED);
      expect(warnings.join('\n')).toContain('at offset 0xa0000: file truncated');
    }
  });
});

describe.skipIf(!haveCorpus)('item 3: the facts a file states about itself are checked (corpus files, damaged copies)', () => {
  it('every corpus file is consistent with itself: no warning', async () => {
    for (const stem of corpusStems()) {
      const r = await reportInProcess([etlPath(stem), '-summary', join(dir, `${stem}.txt`), '-y', '--quiet']);
      expect({ stem, code: r.code, stderr: r.stderr }).toEqual({ stem, code: 0, stderr: '' });
    }
  });

  it('diaghub-kernel cut after 5 of its 59 buffers (on a boundary): BuffersWritten reveals 54 missing, the summary says so', async () => {
    const r = await runEveryOutput([write('diaghub-5.etl', corpusBytes('diaghub-kernel').subarray(0, 5 * 0x10000))]);
    const { code, warnings } = agreed(r);
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toMatch(/at offset 0x8c: the log-file header says 59 buffers were written \(BuffersWritten\), 5 were found: 54 buffer\(s\) missing/);
    expect(r.find((x) => x.name === 'summary')!.output).toMatch(/Buffers Missing {9}54\n/);
  });

  it('a zeroed buffer header mid-file: warned at its offset, every later buffer still read', async () => {
    const intact = corpusBytes('diaghub-kernel');
    const bytes = Buffer.from(intact);
    bytes.fill(0, 7 * 0x10000, 7 * 0x10000 + 0x48);
    const r = await runEveryOutput([write('diaghub-zero-header.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('diaghub-kernel')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/at offset 0x70000: buffer header of zeros, but data follows at 0x70048/);
    expect(r[0]!.warnings.join('\n')).toMatch(/1 buffer\(s\) missing/);
    const lost = eventsOf(whole[0]!.output) - eventsOf(r[0]!.output);
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(2000); // one buffer's worth, not the rest of the file
  });

  it('eleven buffers wiped mid-file: one warning for the region, the buffers after it read', async () => {
    const bytes = corpusBytes('diaghub-kernel');
    bytes.fill(0, 10 * 0x10000, 21 * 0x10000);
    const r = await runEveryOutput([write('diaghub-wiped.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const text = r[0]!.warnings.join('\n');
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(text.match(/buffer header of zeros/g)).toHaveLength(1);
    expect(text).toMatch(/at offset 0xa0000: buffer header of zeros, but data follows at 0x15000[0-9a-f]: buffers were wiped/);
    expect(r[0]!.output).toMatch(/Buffers Missing {9}11\n/);
  });

  it('the last buffer zeroed (it looks like pre-allocated space): the sequence numbers reveal it', async () => {
    const bytes = corpusBytes('diaghub-kernel');
    const seq = bytes.readBigInt64LE(58 * 0x10000 + 0x18);
    bytes.fill(0, 58 * 0x10000);
    const r = await runEveryOutput([write('diaghub-zero-tail.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(new RegExp(`jump from ${seq - 1n} .* to ${seq + 1n}: 1 buffer\\(s\\) missing`));
    expect(r[0]!.output).toMatch(/Buffers Missing {9}1\n/);
  });

  it('a buffer removed from the middle: the gap in sequence numbers is named', async () => {
    const intact = corpusBytes('sonde-relogged-mof-tl');
    const size = 0x20000;
    const bytes = Buffer.concat([intact.subarray(0, 4 * size), intact.subarray(5 * size)]);
    const seq = intact.readBigInt64LE(4 * size + 0x18);
    const { code, warnings } = agreed(await runEveryOutput([write('sonde-removed.etl', bytes)]));
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toMatch(new RegExp(`sequence numbers jump from ${seq - 1n} .* to ${seq + 1n}: 1 buffer\\(s\\) missing`));
  });

  it('a buffer written twice: the copy is skipped with a warning, no event counted twice', async () => {
    const intact = corpusBytes('sonde-relogged-mof-tl');
    const size = 0x20000;
    const bytes = Buffer.concat([intact.subarray(0, 4 * size), intact.subarray(3 * size)]);
    const r = await runEveryOutput([write('sonde-duplicated.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('sonde-relogged-mof-tl')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/at offset 0x80000: buffer repeats sequence number \d+ of the buffer at 0x60000; the copy is skipped/);
    expect(eventsOf(r[0]!.output)).toBe(eventsOf(whole[0]!.output));
  });

  it('a buffer whose BufferSize contradicts the log-file header is read at the header\'s size, with a warning', async () => {
    const bytes = corpusBytes('sonde-relogged-mof-tl');
    bytes.writeUInt32LE(0x40000, 3 * 0x20000); // claims two buffers' worth
    const r = await runEveryOutput([write('sonde-buffersize.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('sonde-relogged-mof-tl')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings).toEqual([
      expect.stringMatching(/the input is damaged: 1 region/),
      expect.stringMatching(/at offset 0x60000: buffer header claims BufferSize 262144, but the log-file header says every buffer has 131072; read as 131072/),
    ]);
    expect(eventsOf(r[0]!.output)).toBe(eventsOf(whole[0]!.output));
  });

  it('a log-file header whose BufferSize contradicts the first buffer: the buffers\' own size places them, with a warning', async () => {
    const bytes = corpusBytes('sonde-relogged-mof-tl');
    bytes.writeUInt32LE(0x10000, 0x48 + 0x20); // the log-file header's BufferSize (the buffers are 0x20000)
    const r = await runEveryOutput([write('sonde-header-size.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('sonde-relogged-mof-tl')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/at offset 0x0: the log-file header says BufferSize 65536, but the first buffer is 131072 bytes; buffers are read at 131072/);
    expect(eventsOf(r[0]!.output)).toBe(eventsOf(whole[0]!.output));
  });

  it('a FilledBytes cut below its SavedOffset (found by the fuzz run): warned, every record still read', async () => {
    const bytes = corpusBytes('findneedle-wppmisc');
    bytes.writeUInt32LE(0x48, 0x2000 + 0x30);
    const r = await runEveryOutput([write('wppmisc-filled.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('findneedle-wppmisc')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/at offset 0x2000: buffer FilledBytes 72 is less than its SavedOffset \d+; reading up to SavedOffset/);
    expect(eventsOf(r[0]!.output)).toBe(eventsOf(whole[0]!.output));
  });

  it('a compressed buffer whose FilledBytes says empty (found by the fuzz run): warned, its records still read', async () => {
    const bytes = corpusBytes('perfview-net452-x64-compressed');
    const at = 0x233654; // a compressed buffer
    expect(bytes.readUInt16LE(at + 0x34) & 0x40).toBe(0x40);
    bytes.writeUInt32LE(0x48, at + 0x30);
    const r = await runEveryOutput([write('net452-filled.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    const whole = await runEveryOutput([etlPath('perfview-net452-x64-compressed')], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/at offset 0x233654: buffer FilledBytes 72 is less than its SavedOffset \d+; reading up to SavedOffset/);
    expect(eventsOf(r[0]!.output)).toBe(eventsOf(whole[0]!.output));
  });

  it('a circular file whose last buffer is zeroed (found by the fuzz run): it has not wrapped, so BuffersWritten counts', async () => {
    const bytes = corpusBytes('perfview-gcevents-circular');
    bytes.fill(0, 4 * 0x10000);
    const r = await runEveryOutput([write('circular-zeroed.etl', bytes)], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    // Not wrapped: its numbers must start at 1, and the missing one is named.
    expect(r[0]!.warnings.join('\n')).toMatch(/sequence numbers jump from 0 \(buffer at 0x0\) to 2: 1 buffer\(s\) missing/);
  });

  it.each([0x30000, 0x40000])('a circular file far below its maximum size has not wrapped: the buffer at %i removed is missed (found by the fuzz run)', async (at) => {
    const intact = corpusBytes('perfview-gcevents-circular');
    const bytes = Buffer.concat([intact.subarray(0, at), intact.subarray(at + 0x10000)]);
    const r = await runEveryOutput([write(`circular-removed-${at}.etl`, bytes)], OUTPUT_CHOICES.slice(3, 4));
    expect(r[0]!.code).toBe(ExitCode.DAMAGED);
    expect(r[0]!.warnings.join('\n')).toMatch(/1 buffer\(s\) missing/);
  });

  it('pre-allocated zero space after the last buffer stays quiet', async () => {
    const bytes = Buffer.concat([corpusBytes('sonde-relogged-mof-tl'), Buffer.alloc(4 * 0x20000)]);
    const { code, warnings } = agreed(await runEveryOutput([write('sonde-preallocated.etl', bytes)]));
    expect(code).toBe(ExitCode.OK);
    expect(warnings).toEqual([]);
  });
});
