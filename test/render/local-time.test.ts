/**
 * Local times (--time local, --tz ZONE): the zone clock's cached offsets agree
 * with Intl's own offset names at every instant tried, in zones with daylight
 * saving, half- and quarter-hour offsets and none; the XML dump's SystemTime
 * matches the real tracerpt dump's text for the same instant; and a synthetic
 * trace that spans a daylight-saving change is written with the offset of each
 * event's own instant in XML, JSON lines, the Docker table, the summary's dates
 * and the report, while UTC stays the default.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILETIME_UNIX_EPOCH } from '../../src/etw/etl/clock.js';
import { isoOffset, LocalTime, tracerptOffset } from '../../src/etw/render/local-time.js';
import { isoTime, systemTime } from '../../src/etw/render/system-time.js';
import { ZoneClock } from '../../src/etw/render/zone-clock.js';
import { parseTimeBound } from '../../src/etw/report/filter-time.js';
import { haveCorpus, SHARED } from '../support/corpus.js';
import { DOCKER_PROVIDER, dockerText } from '../support/docker-etl.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runCli } from '../support/run-cli.js';
import { reportInProcess, scratchDir } from './report-run.js';

const dir = scratchDir('etwkit-localtime-');
const fileTimeOf = (iso: string) => BigInt(Date.parse(iso)) * 10_000n + FILETIME_UNIX_EPOCH;

const offsetNames = new Map<string, Intl.DateTimeFormat>();
/** Intl's own offset at an instant, read from its `GMT+05:30` zone name (an independent route). */
function intlOffsetSeconds(zone: string, ms: number): number {
  let f = offsetNames.get(zone);
  if (f === undefined) offsetNames.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name)!;
  if (m[1] === undefined) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
}

describe('offset spellings', () => {
  it('tracerpt\'s is one minute short east of UTC, exact west of it, Z at UTC', () => {
    expect(tracerptOffset(7200)).toBe('+01:59');
    expect(tracerptOffset(3600)).toBe('+00:59');
    expect(tracerptOffset(36000)).toBe('+09:59');
    expect(tracerptOffset(19800)).toBe('+05:29');
    expect(tracerptOffset(45900)).toBe('+12:44');
    expect(tracerptOffset(0)).toBe('Z');
    expect(tracerptOffset(-18000)).toBe('-05:00');
    expect(tracerptOffset(-12600)).toBe('-03:30');
  });

  it('ISO\'s is exact', () => {
    expect(isoOffset(7200)).toBe('+02:00');
    expect(isoOffset(-12600)).toBe('-03:30');
    expect(isoOffset(0)).toBe('Z');
    expect(isoOffset(1172)).toBe('+00:19:32');
  });
});

describe('the zone clock', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tokyo', 'UTC', 'Europe/Amsterdam'];
  it('gives Intl\'s offset at instants spread over years, in time order and out of it', () => {
    for (const zone of zones) {
      const clock = new ZoneClock(zone);
      // Every 7 hours 13 minutes 17 seconds through 2023-2024 (hitting every transition's neighbourhood), then random instants.
      const from = Date.UTC(2023, 0, 1);
      for (let ms = from; ms < Date.UTC(2025, 0, 1); ms += 26_000_000 + 797_000) {
        expect(clock.offsetSecondsAt(ms), `${zone} ${new Date(ms).toISOString()}`).toBe(intlOffsetSeconds(zone, ms));
      }
      let seed = 12345;
      for (let i = 0; i < 300; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const ms = Date.UTC(1900, 0, 1) + (seed / 2 ** 31) * (Date.UTC(2040, 0, 1) - Date.UTC(1900, 0, 1));
        const whole = Math.floor(ms / 1000) * 1000;
        expect(clock.offsetSecondsAt(whole), `${zone} ${new Date(whole).toISOString()}`).toBe(intlOffsetSeconds(zone, whole));
      }
    }
  });

  it('changes offset on the second of a transition, not before', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    const change = Date.UTC(2024, 9, 27, 1, 0, 0);
    expect(berlin.offsetSecondsAt(change - 1)).toBe(7200);
    expect(berlin.offsetSecondsAt(change)).toBe(3600);
    expect(berlin.offsetSecondsAt(change - 1000)).toBe(7200);
    const lordHowe = new ZoneClock('Australia/Lord_Howe'); // half an hour of daylight saving, ends 2024-04-07 02:00 local (15:00Z the day before)
    expect(lordHowe.offsetSecondsAt(Date.UTC(2024, 3, 6, 14, 59, 59))).toBe(39600);
    expect(lordHowe.offsetSecondsAt(Date.UTC(2024, 3, 6, 15, 0, 0))).toBe(37800);
  });

  it('reads wall-clock times of the zone, the earlier of a repeated hour, the offset before for a skipped one', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    expect(new Date(berlin.wallToUtc(Date.UTC(2024, 9, 27, 2, 30))).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(new Date(berlin.wallToUtc(Date.UTC(2024, 9, 27, 3, 30))).toISOString()).toBe('2024-10-27T02:30:00.000Z');
    expect(new Date(berlin.wallToUtc(Date.UTC(2024, 2, 31, 2, 30))).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(new Date(berlin.wallToUtc(Date.UTC(2024, 6, 1, 12, 0))).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    const bound = parseTimeBound('2024-07-01T12:00:00.1234567', berlin);
    expect(bound).toEqual({ kind: 'absolute', fileTime: fileTimeOf('2024-07-01T10:00:00Z') + 1_234_567n });
  });
});

describe.skipIf(!haveCorpus)('against the real tracerpt dump', () => {
  const sample = join(SHARED, 'corpus', 'tracerpt-samples', 'openetw-SampleTraceReport.tracerpt-dumpfile.xml');
  it('writes the SystemTime tracerpt wrote for the trace header\'s StartTime in UTC+2 (with the newer colon)', () => {
    expect(existsSync(sample)).toBe(true);
    const text = readFileSync(sample, 'utf8');
    const start = BigInt(/<Data Name="StartTime">(\d+)<\/Data>/.exec(text)![1]!);
    const written = /<TimeCreated SystemTime="([^"]+)"/.exec(text)![1]!;
    expect(written).toBe('2017-10-23T00:14:51.799606500+0159');
    // The header event's time is the session start; the machine was in central European summer time (UTC+2).
    const ours = systemTime(start, { local: new LocalTime('Europe/Berlin'), style: 'tracerpt' });
    expect(ours).toBe('2017-10-23T00:14:51.799606500+01:59');
    expect(ours.replace(/([+-]\d\d):(\d\d)$/, '$1$2')).toBe(written);
  });

  it('writes the newer dump\'s form (+09:59: a UTC+10 zone, one minute short)', () => {
    const text = readFileSync(sample, 'utf8');
    expect(text).toContain('SystemTime="2024-10-08T14:47:15.210681100+09:59"');
    expect(systemTime(fileTimeOf('2024-10-08T04:47:15.210Z') + 6811n, { local: new LocalTime('Australia/Brisbane'), style: 'tracerpt' }))
      .toBe('2024-10-08T14:47:15.210681100+09:59');
  });
});

/** A trace around Berlin's 2024 autumn change (01:00Z: 03:00 CEST becomes 02:00 CET), with Docker lines. */
function dstTrace(): string {
  const change = fileTimeOf('2024-10-27T01:00:00Z');
  const start = change - 20_000_000n; // 00:59:58Z
  const b = new EtlBuilder({ cpus: 1, startTime: start });
  const at = (ticksFromStart: bigint) => b.o.anchorRaw + ticksFromStart;
  const line = { container_name: 'web', image_name: 'nginx', container_id: 'ab'.repeat(32), image_id: 'sha256:00', source: 'stdout' as const, log: 'hi' };
  for (const t of [5_000_000n, 19_999_999n, 20_000_000n, 25_000_000n]) {
    b.stringEvent({ raw: at(t), provider: DOCKER_PROVIDER, text: dockerText(line), level: 4 });
  }
  const path = join(dir, 'dst.etl');
  writeFileSync(path, b.build('sequence'));
  return path;
}

describe('a trace across a daylight-saving change', () => {
  const path = dstTrace();
  const out = (name: string) => join(dir, name);

  it('XML SystemTime: each event with its own instant\'s offset, in tracerpt\'s spelling', async () => {
    expect((await reportInProcess([path, '-o', out('b.xml'), '-y', '--quiet', '--tz', 'Europe/Berlin'])).code).toBe(0);
    const times = [...readFileSync(out('b.xml'), 'utf8').matchAll(/SystemTime="([^"]+)"/g)].map((m) => m[1]);
    expect(times).toEqual([
      '2024-10-27T02:59:58.000000000+01:59', // the log-file header record, at the session start
      '2024-10-27T02:59:58.500000000+01:59',
      '2024-10-27T02:59:59.999999900+01:59',
      '2024-10-27T02:00:00.000000000+00:59',
      '2024-10-27T02:00:00.500000000+00:59',
    ]);
  });

  it('UTC stays the default, and --time utc says so', async () => {
    for (const extra of [[], ['--time', 'utc'], ['--time', 'UTC']]) {
      await reportInProcess([path, '-o', out('u.xml'), '-y', '--quiet', ...extra]);
      const times = [...readFileSync(out('u.xml'), 'utf8').matchAll(/SystemTime="([^"]+)"/g)].map((m) => m[1]);
      expect(times.slice(3)).toEqual(['2024-10-27T01:00:00.000000000Z', '2024-10-27T01:00:00.500000000Z']);
    }
  });

  it('JSON lines and the Docker table: the exact offset', async () => {
    await reportInProcess([path, '-of', 'JSONL', '-o', out('b.jsonl'), '-y', '--quiet', '--tz', 'Europe/Berlin']);
    const times = readFileSync(out('b.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).time);
    expect(times.slice(1)).toEqual(['2024-10-27T02:59:58.5000000+02:00', '2024-10-27T02:59:59.9999999+02:00', '2024-10-27T02:00:00.0000000+01:00', '2024-10-27T02:00:00.5000000+01:00']);
    // The raw times do not depend on the zone (their key before them differs: no `Z` to close the time).
    await reportInProcess([path, '-of', 'JSONL', '-o', out('u.jsonl'), '-y', '--quiet']);
    const raw = (f: string) => readFileSync(out(f), 'utf8').trim().split('\n').map((l) => JSON.parse(l).rawTime as string);
    expect(raw('b.jsonl')).toEqual(raw('u.jsonl'));
    expect(raw('u.jsonl').every((t) => /^\d{9,}$/.test(t))).toBe(true);
    await reportInProcess([path, '--docker', '-of', 'CSV', '-o', out('d.csv'), '-y', '--quiet', '--tz', 'America/New_York']);
    const rows = readFileSync(out('d.csv'), 'utf8').trim().split('\r\n').slice(1).map((r) => r.split(',')[0]);
    expect(rows).toEqual(['2024-10-26T20:59:58.500000000-04:00', '2024-10-26T20:59:59.999999900-04:00', '2024-10-26T21:00:00.000000000-04:00', '2024-10-26T21:00:00.500000000-04:00']);
  });

  it('-of TXT: the prefix\'s time (%4) in the zone, each event with its own instant\'s offset; UTC by default', async () => {
    const prefixTimes = async (extra: string[]) => {
      expect((await reportInProcess([path, '-of', 'TXT', '-o', out('t.txt'), '-y', '--quiet', ...extra])).code).toBe(0);
      return readFileSync(out('t.txt'), 'utf8').trim().split('\n').slice(1).map((l) => /::(\S+) /.exec(l)![1]);
    };
    expect(await prefixTimes(['--tz', 'Europe/Berlin'])).toEqual(['10/27/2024-02:59:58.500', '10/27/2024-02:59:59.999', '10/27/2024-02:00:00.000', '10/27/2024-02:00:00.500']);
    expect(await prefixTimes([])).toEqual(['10/27/2024-00:59:58.500', '10/27/2024-00:59:59.999', '10/27/2024-01:00:00.000', '10/27/2024-01:00:00.500']);
  });

  it('New York\'s spring change, west of UTC: the exact offsets', () => {
    const local = new LocalTime('America/New_York');
    const change = fileTimeOf('2024-03-10T07:00:00Z');
    expect(systemTime(change - 1n, { local, style: 'tracerpt' })).toBe('2024-03-10T01:59:59.999999900-05:00');
    expect(systemTime(change, { local, style: 'tracerpt' })).toBe('2024-03-10T03:00:00.000000000-04:00');
    expect(isoTime(change, { local, style: 'iso' })).toBe('2024-03-10T03:00:00.0000000-04:00');
  });

  it('the summary\'s dates and the report\'s times are in the zone', async () => {
    await reportInProcess([path, '-summary', out('s-utc.txt'), '-y', '--quiet']);
    await reportInProcess([path, '-summary', out('s-la.txt'), '-report', out('r.xml'), '-y', '--quiet', '--tz', 'America/Los_Angeles']);
    expect(readFileSync(out('s-utc.txt'), 'utf8')).toContain('\nStart Time              Sunday, October 27, 2024\n');
    expect(readFileSync(out('s-la.txt'), 'utf8')).toContain('\nStart Time              Saturday, October 26, 2024\n');
    expect(readFileSync(out('r.xml'), 'utf8')).toContain(' start="2024-10-26T17:59:58.000000000-07:00"');
  });

  it('--since without an offset is read in the --tz zone (the earlier of a repeated hour)', async () => {
    await reportInProcess([path, '-of', 'JSONL', '-o', out('s1.jsonl'), '-y', '--quiet', '--tz', 'Europe/Berlin', '--since', '2024-10-27T02:59:59']);
    await reportInProcess([path, '-of', 'JSONL', '-o', out('s2.jsonl'), '-y', '--quiet', '--tz', 'Europe/Berlin', '--since', '2024-10-27T00:59:59Z']);
    const a = readFileSync(out('s1.jsonl'), 'utf8');
    expect(a.trim().split('\n')).toHaveLength(3);
    expect(a).toBe(readFileSync(out('s2.jsonl'), 'utf8'));
  });

  it('--time local uses the machine\'s zone (TZ)', () => {
    const r = runCli(['report', path, '-o', '-', '--time', 'local', '--quiet'], { env: { TZ: 'Asia/Kolkata' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SystemTime="2024-10-27T06:30:00.000000000+05:29"');
  });
});
