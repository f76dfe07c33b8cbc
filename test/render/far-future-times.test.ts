/**
 * Times past year 9999 (issue 11, item 6): a FILETIME reaches year 30828, and a
 * record may carry one (a damaged or odd clock). Every output writes it whole,
 * in ISO-8601's expanded form with a sign and six year digits, seconds included.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTimeToIso } from '../../src/etw/etl/clock.js';
import { systemTime } from '../../src/etw/render/system-time.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { OUTPUT_CHOICES, runEveryOutput } from '../support/every-output.js';
import { scratchDir } from './report-run.js';

const P = '0e7a3b2c-1111-4222-8333-944455556666';
/** 12345-06-07T08:09:10.1234567Z as a FILETIME (ticks since 1601). */
const FAR = (BigInt(Date.UTC(12345, 5, 7, 8, 9, 10)) * 10_000n + 116444736000000000n) + 1234567n;

describe('times past year 9999', () => {
  it('fileTimeToIso and systemTime keep the seconds (expanded year form)', () => {
    expect(fileTimeToIso(FAR)).toBe('+012345-06-07T08:09:10.1234567Z');
    expect(systemTime(FAR)).toBe('+012345-06-07T08:09:10.123456700Z');
    expect(fileTimeToIso(0x7fffffffffffffffn)).toBe('+030828-09-14T02:48:05.4775807Z');
    expect(fileTimeToIso(133500000001234567n)).toBe('2024-01-17T21:20:00.1234567Z');
  });

  it('every output writes the record time whole', async () => {
    // Clock type 2 (system time): raw record times are FILETIMEs.
    const b = new EtlBuilder({ cpus: 1, clockType: 2, anchorRaw: 133500000000000000n });
    b.stringEvent({ cpu: 0, raw: 133500000001234567n, provider: P, text: 'now' });
    b.stringEvent({ cpu: 0, raw: FAR, provider: P, text: 'far' });
    const path = join(scratchDir('etwkit-far-'), 'far.etl');
    writeFileSync(path, b.build());
    const results = await runEveryOutput([path]);
    const out = (name: string) => results.find((r) => r.name === name)!;
    for (const r of results) expect({ name: r.name, code: r.code }).toEqual({ name: r.name, code: 0 });
    expect(out('xml').output).toContain('SystemTime="+012345-06-07T08:09:10.123456700Z"');
    expect(out('jsonl').output).toContain('"+012345-06-07T08:09:10.1234567Z"');
    expect(out('csv').output).toContain(FAR.toString());
    expect(out('summary').output).toMatch(/End Time {16}\w+day, June 7, 12345\n/);
    expect(out('report').output).toContain('+012345-06-07T08:09:10.123456700Z');
    for (const r of results) expect(r.output ?? '').not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d\.\d/); // no time without its seconds
    // In a time zone's wall clock too (Tokyo: UTC+9).
    const [tokyo] = await runEveryOutput([path], OUTPUT_CHOICES.slice(0, 1), ['--tz', 'Asia/Tokyo']);
    expect(tokyo!.output).toMatch(/SystemTime="\+012345-06-07T17:09:10\.123456700/);
  });
});
