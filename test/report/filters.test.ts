/**
 * The event filters of `report` (src/etw/report/record-filter.ts). On every
 * corpus file, each filter's JSON lines must be exactly the unfiltered JSON
 * lines that a reference written here from the lines' own keys keeps; filter
 * values are picked from each file's data so that every filter keeps some
 * records and drops others where the file allows. The XML dump of a filtered
 * run must be the unfiltered dump's events at the same places; provider names
 * are checked against the XML dump's Provider Name; the summary must say what
 * was filtered and count it, by the count pass and the ordered pass alike; bad
 * values are one usage line (exit 2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTimeToIso } from '../../src/etw/etl/clock.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { buildDockerEtl, DOCKER_PROVIDER } from '../support/docker-etl.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-filters-');
let n = 0;

interface Line {
  time: string;
  header: string;
  provider: string | null;
  id: number | null;
  level: number | null;
  keywords: string | null;
  pid: number;
  tid: number;
  fields: Record<string, unknown> | null;
}

async function run(input: string, args: string[], format = 'JSONL'): Promise<string> {
  const out = join(dir, `out${n++}.${format.toLowerCase()}`);
  const r = await reportInProcess([input, '-of', format, '-o', out, '-y', '--quiet', ...args]);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('etwkit report:')), args.join(' ')).toEqual([]);
  return readFileSync(out, 'utf8');
}

const linesOf = (text: string) => text.split('\n').filter((l) => l !== '');
/** The XML dump's events, each as its text. */
const xmlEvents = (text: string) => text.split(/(?=<Event xmlns=)/).slice(1).map((e) => e.replace(/<\/Events>\n$/, ''));

/** The value seen most often (ties: the first seen). */
function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined, bestN = 0;
  for (const [v, c] of counts) if (c > bestN) { best = v; bestN = c; }
  return best;
}

/** The earliest session start of a file (the base of `+5s`). */
function traceStart(path: string): bigint {
  const reader = EtlReader.open([path]);
  try {
    return reader.files.reduce((m, f) => (f.header.startTime > 0n && (m === 0n || f.header.startTime < m) ? f.header.startTime : m), 0n);
  } finally {
    reader.close();
  }
}

interface Case {
  args: string[];
  keep: (l: Line) => boolean;
}

/** Filters with values taken from the file's own records. */
function casesFor(objs: Line[], start: bigint): Case[] {
  const cases: Case[] = [];
  const events = objs.filter((o) => o.header === 'event');
  const provider = mostCommon((events.length > 0 ? events : objs).map((o) => o.provider).filter((p): p is string => p !== null));
  if (provider !== undefined) {
    cases.push({ args: ['--provider', provider], keep: (l) => l.provider === provider });
    const bare = provider.slice(1, -1).toUpperCase();
    cases.push({ args: ['--provider', bare, '--provider', '{00000000-0000-0000-0000-000000000001}'], keep: (l) => l.provider === provider });
  }
  const ids = [...new Set(objs.map((o) => o.id).filter((i): i is number => i !== null))].slice(0, 2);
  if (ids.length > 0) cases.push({ args: ['--id', ids.join(',')], keep: (l) => l.id !== null && ids.includes(l.id) });
  const level = Math.max(1, objs.reduce((m, o) => Math.max(m, o.level ?? 0), 0) - 1);
  cases.push({ args: ['--level', String(level)], keep: (l) => (l.level ?? 0) === 0 || (l.level ?? 0) <= level });
  const keywords = mostCommon(objs.map((o) => o.keywords).filter((k): k is string => k !== null && BigInt(k) !== 0n));
  if (keywords !== undefined) {
    const k = BigInt(keywords);
    const bit = k & -k;
    const mask = `0x${bit.toString(16)}`;
    cases.push({ args: ['--keywords', mask], keep: (l) => l.keywords !== null && (BigInt(l.keywords) & bit) !== 0n });
  }
  const pid = mostCommon(objs.map((o) => o.pid))!;
  cases.push({ args: ['--pid', `${pid},4294967294`], keep: (l) => l.pid === pid });
  const tid = mostCommon(objs.map((o) => o.tid))!;
  cases.push({ args: ['--tid', `0x${tid.toString(16)}`], keep: (l) => l.tid === tid });
  const times = [...new Set(objs.map((o) => o.time))].sort();
  const since = times[Math.floor(times.length / 3)]!;
  const until = times[Math.floor((2 * times.length) / 3)]!;
  if (until > since) cases.push({ args: ['--since', since, '--until', until], keep: (l) => l.time >= since && l.time < until });
  else cases.push({ args: ['--since', since], keep: (l) => l.time >= since });
  if (start > 0n) {
    // Half a second and two seconds after the session start, as ticks exactly.
    const from = fileTimeToIso(start + 5_000_000n), to = fileTimeToIso(start + 20_000_000n);
    cases.push({ args: ['--since', '+0.5s', '--until', '+2000ms'], keep: (l) => l.time >= from && l.time < to });
  }
  return cases;
}

describe.skipIf(!haveCorpus)('each filter on every corpus file keeps exactly what the reference keeps', () => {
  for (const stem of corpusStems()) {
    it(stem, async () => {
      const path = etlPath(stem);
      const all = linesOf(await run(path, []));
      const objs = all.map((l) => JSON.parse(l) as Line);
      let telling = 0;
      for (const c of casesFor(objs, traceStart(path))) {
        const expected = all.filter((_, i) => c.keep(objs[i]!));
        const got = linesOf(await run(path, c.args));
        expect(got.length, `${stem} ${c.args.join(' ')}`).toBe(expected.length);
        expect(got, `${stem} ${c.args.join(' ')}`).toEqual(expected);
        if (expected.length > 0 && expected.length < all.length) telling++;
      }
      // The values picked from the data keep some records and drop others (small files have few kinds of record).
      if (all.length > 100) expect(telling, stem).toBeGreaterThanOrEqual(4);
    }, 120_000);
  }
});

describe.skipIf(!haveCorpus)('the XML dump and provider names', () => {
  it('a filtered XML dump is the unfiltered dump\'s events at the places the JSON lines reference keeps', async () => {
    for (const stem of ['diaghub-user-injected', 'perfview-clr-rundown', 'sonde-relogged-mof-tl']) {
      const path = etlPath(stem);
      const objs = linesOf(await run(path, [])).map((l) => JSON.parse(l) as Line);
      const xml = xmlEvents(await run(path, [], 'XML'));
      expect(xml.length).toBe(objs.length);
      const c = casesFor(objs, traceStart(path)).find((x) => x.args[0] === '--pid')!;
      const filtered = xmlEvents(await run(path, c.args, 'XML'));
      expect(filtered).toEqual(xml.filter((_, i) => c.keep(objs[i]!)));
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.length).toBeLessThan(xml.length);
    }
  }, 120_000);

  it('--provider NAME keeps the events the XML dump shows with that Provider Name', async () => {
    let checked = 0;
    for (const stem of corpusStems()) {
      const path = etlPath(stem);
      const xml = xmlEvents(await run(path, [], 'XML'));
      const nameOf = (e: string) => /<Provider Name="([^"]*)"/.exec(e)?.[1] ?? null;
      const name = mostCommon(xml.map(nameOf).filter((x): x is string => x !== null));
      if (name === undefined) continue;
      const filtered = xmlEvents(await run(path, ['--provider', name.toUpperCase()], 'XML'));
      expect(filtered, `${stem} --provider ${name}`).toEqual(xml.filter((e) => nameOf(e) === name));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('the kernel logger\'s GUID and MSNT_SystemTrace keep the events the XML dump shows under it', async () => {
    const path = etlPath('diaghub-kernel');
    const xml = xmlEvents(await run(path, [], 'XML'));
    const kernel = xml.filter((e) => e.includes('<Provider Guid="{9e814aad-3204-11d2-9a82-006008a86939}" />'));
    expect(kernel.length).toBeGreaterThan(1000);
    expect(xmlEvents(await run(path, ['--provider', '{9E814AAD-3204-11D2-9A82-006008A86939}'], 'XML'))).toEqual(kernel);
    expect(xmlEvents(await run(path, ['--provider', 'msnt_systemtrace'], 'XML'))).toEqual(kernel);
  }, 60_000);
});

describe.skipIf(!haveCorpus)('the summary of a filtered run', () => {
  it('counts the events kept, says what was filtered and how many were dropped, by the count pass and the ordered pass alike', async () => {
    const path = etlPath('diaghub-kernel');
    const objs = linesOf(await run(path, [])).map((l) => JSON.parse(l) as Line);
    const pid = mostCommon(objs.map((o) => o.pid))!;
    const kept = objs.filter((o) => o.pid === pid).length;
    const counted = join(dir, 'counted.txt');
    const ordered = join(dir, 'ordered.txt');
    expect((await reportInProcess([path, '-summary', counted, '-y', '--quiet', '--pid', String(pid)])).code).toBe(0);
    expect((await reportInProcess([path, '-summary', ordered, '-report', join(dir, 'w.xml'), '-y', '--quiet', '--pid', String(pid)])).code).toBe(0);
    const text = readFileSync(counted, 'utf8');
    expect(readFileSync(ordered, 'utf8')).toBe(text);
    expect(text).toContain(`\nTotal Events  Processed ${kept}\n`);
    expect(text).toContain(`\nFilter Applied          --pid ${pid}\nEvents Filtered Out     ${objs.length - kept}\n`);
    const rows = text.split('\n').filter((l) => /^\|\s+\d+ /.test(l)).map((l) => Number(l.slice(1, 12)));
    expect(rows.reduce((a, b) => a + b, 0)).toBe(kept);
    const report = readFileSync(join(dir, 'w.xml'), 'utf8');
    expect(report).toContain(` events="${kept}"`);
    expect(report).toContain(` filter="--pid ${pid}" eventsFilteredOut="${objs.length - kept}"`);
  }, 60_000);

  it('an unfiltered summary has no filter lines', async () => {
    const out = join(dir, 'plain.txt');
    await reportInProcess([etlPath('perfview-primitive-types-tl'), '-summary', out, '-y', '--quiet']);
    expect(readFileSync(out, 'utf8')).not.toContain('Filter Applied');
  });

  it('a CSV dump keeps the same rows', async () => {
    const path = etlPath('perfview-clr-rundown');
    const objs = linesOf(await run(path, [])).map((l) => JSON.parse(l) as Line);
    const csv = linesOf(await run(path, [], 'CSV'));
    expect(csv.length).toBe(objs.length + 1);
    const c = casesFor(objs, traceStart(path)).find((x) => x.args[0] === '--id')!;
    const filtered = linesOf(await run(path, c.args, 'CSV'));
    expect(filtered).toEqual([csv[0], ...csv.slice(1).filter((_, i) => c.keep(objs[i]!))]);
  }, 60_000);
});

describe('a trace that carries its EventSource manifest', () => {
  const SOURCE = '7e57e57e-0000-5000-a000-00000000d3e0';
  const manifest = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'manifests', 'etwkit-eventsource.xml'));
  const head = Buffer.from([1, 1, 0, 0x5b, 1, 0, 0, 0]); // format 1, version 1.0, magic, one chunk, chunk 0
  const order = (customer: string, color: number) => {
    const tail = Buffer.alloc(12);
    tail.writeBigInt64LE(42n, 0);
    tail.writeInt32LE(color, 8);
    return Buffer.concat([Buffer.from(customer + '\0', 'utf16le'), tail]);
  };
  const b = new EtlBuilder({ cpus: 1 });
  const T0 = b.o.anchorRaw;
  b.event({ raw: T0 + 1n, provider: SOURCE, id: 1, task: 1, opcode: 1, payload: order('early', 0) })
    .event({ raw: T0 + 2n, provider: SOURCE, id: 0xfffe, opcode: 0xfe, task: 0xfffe, version: 1, payload: Buffer.concat([head, manifest]) })
    .event({ raw: T0 + 3n, provider: SOURCE, id: 1, task: 1, opcode: 1, payload: order('late', 1) })
    .event({ raw: T0 + 4n, provider: SOURCE, id: 2, task: 1, opcode: 2, payload: Buffer.from([1, 0, 0, 0]) });
  const path = join(dir, 'eventsource.etl');
  writeFileSync(path, b.build('sequence'));

  it('decodes the events a filter keeps with the manifest it dropped', async () => {
    const all = linesOf(await run(path, []));
    const kept = linesOf(await run(path, ['--id', '1,2']));
    expect(kept).toEqual(all.filter((l) => [1, 2].includes(JSON.parse(l).id)));
    expect(kept.map((l) => JSON.parse(l).fields)).toEqual([null, { customer: 'late', amount: 42, color: 'Grün' }, { ok: true }]);
  });

  it('knows the provider by name from the manifest on, as the XML dump does', async () => {
    const xml = xmlEvents(await run(path, [], 'XML'));
    const named = xml.filter((e) => e.includes('<Provider Name="Etwkit-Demo-Source"'));
    expect(named.length).toBe(3); // the manifest event and the two after it
    expect(xmlEvents(await run(path, ['--provider', 'etwkit-demo-source'], 'XML'))).toEqual(named);
  });

  it('gives the same summary by the count pass (which gives up here) and the ordered pass', async () => {
    const a = join(dir, 'es-a.txt'), c = join(dir, 'es-c.txt');
    await reportInProcess([path, '-summary', a, '-y', '--quiet', '--provider', 'Etwkit-Demo-Source']);
    await reportInProcess([path, '-summary', c, '-report', join(dir, 'es.xml'), '-y', '--quiet', '--provider', 'Etwkit-Demo-Source']);
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(c, 'utf8')).toBe(text);
    expect(text).toContain('\nTotal Events  Processed 3\n');
    expect(text).toContain('\nEvents Filtered Out     2\n'); // the log-file header record and the early event
  });
});

describe('--docker-container', () => {
  const { etl } = buildDockerEtl(60);
  const path = join(dir, 'docker.etl');
  writeFileSync(path, etl);

  it('keeps the lines of a container by name, full id or 12-digit id prefix', async () => {
    const all = linesOf(await run(path, []));
    const objs = all.map((l) => JSON.parse(l) as Line);
    const of = (name: string) => all.filter((_, i) => objs[i]!.provider === `{${DOCKER_PROVIDER}}` && objs[i]!.fields?.['container_name'] === name);
    const db = of('db-1');
    expect(db.length).toBeGreaterThan(10);
    expect(linesOf(await run(path, ['--docker-container', 'db-1']))).toEqual(db);
    expect(linesOf(await run(path, ['--docker-container', '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']))).toEqual(db);
    expect(linesOf(await run(path, ['--docker-container', '0123456789AB']))).toEqual(db);
    expect(linesOf(await run(path, ['--docker-container', '0123456789a']))).toEqual([]);
    expect(linesOf(await run(path, ['--docker-container', 'backstabbing_spence']))).toEqual(of('backstabbing_spence'));
  });

  it('goes with --docker\'s table', async () => {
    const table = linesOf(await run(path, ['--docker', '--docker-container', 'db-1'], 'CSV'));
    expect(table.length).toBeGreaterThan(10);
    expect(table.slice(1).every((row) => row.split(',')[1] === 'db-1')).toBe(true);
  });
});

describe('bad filter values are one usage line naming the option (exit 2)', () => {
  const { etl } = buildDockerEtl(2);
  const path = join(dir, 'bad.etl');
  writeFileSync(path, etl);
  const bad: Array<[string[], RegExp]> = [
    [['--level', '9x'], /^etwkit report: --level 9x: not a level/],
    [['--level', '256'], /^etwkit report: --level 256: a level is at most 255/],
    [['--id', '1,,2'], /^etwkit report: --id 1,,2: give numbers separated by commas/],
    [['--id', '70000'], /^etwkit report: --id 70000: an event id is at most 65535/],
    [['--pid', '12x'], /^etwkit report: --pid 12x: not a process id/],
    [['--keywords', '0'], /^etwkit report: --keywords 0: the mask is 1 to 0xFFFFFFFFFFFFFFFF/],
    [['--keywords', 'zz'], /^etwkit report: --keywords zz: not a keyword mask/],
    [['--since', 'yesterday'], /^etwkit report: --since yesterday: not a time/],
    [['--until', '2024-02-30T00:00:00Z'], /^etwkit report: --until 2024-02-30T00:00:00Z: not a time/],
    [['--since', '+5s', '--until', '+1s'], /^etwkit report: --until \+1s: it is not after --since \+5s/],
    [['--provider', '{1234}'], /^etwkit report: --provider \{1234\}: not a GUID/],
    [['--docker-container', ' '], /^etwkit report: --docker-container: give a container name or id/],
    [['--time', 'gmt'], /^etwkit report: --time gmt: use local or utc/],
    [['--tz', 'Mars/Olympus'], /^etwkit report: --tz Mars\/Olympus: unknown time zone/],
    [['--tz', 'Europe/Berlin', '--time', 'utc'], /^etwkit report: --tz Europe\/Berlin writes local times/],
  ];
  for (const [args, message] of bad) {
    it(args.join(' '), async () => {
      const r = await reportInProcess([path, '-o', join(dir, 'never.xml'), '-y', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});

describe('time bounds', () => {
  it('reads offsets from the trace start to the tick, and ISO times with any offset', async () => {
    const { parseTimeBound } = await import('../../src/etw/report/filter-time.js');
    expect(parseTimeBound('+5s', null)).toEqual({ kind: 'relative', ticks: 50_000_000n });
    expect(parseTimeBound('+1.5m', null)).toEqual({ kind: 'relative', ticks: 900_000_000n });
    expect(parseTimeBound('+250ms', null)).toEqual({ kind: 'relative', ticks: 2_500_000n });
    expect(parseTimeBound('+0.1234567s', null)).toEqual({ kind: 'relative', ticks: 1_234_567n });
    expect(parseTimeBound('+2h', null)).toEqual({ kind: 'relative', ticks: 72_000_000_000n });
    expect(parseTimeBound('+300ns', null)).toEqual({ kind: 'relative', ticks: 3n });
    const z = parseTimeBound('2024-10-27T01:00:00.5Z', null);
    expect(z).toEqual({ kind: 'absolute', fileTime: 133744644005000000n });
    expect(parseTimeBound('2024-10-27T03:00:00.5+02:00', null)).toEqual(z);
    expect(parseTimeBound('2024-10-27T01:00:00.5', null)).toEqual(z);
    expect(parseTimeBound('2024-10-26T20:00:00.5-0500', null)).toEqual(z);
    expect(parseTimeBound('2024-10-27', null)).toEqual({ kind: 'absolute', fileTime: 133744608000000000n });
    for (const bad of ['5s', '+5', '+s', '2024-13-01', '2024-10-27T25:00:00Z', 'now', '+-5s']) expect(parseTimeBound(bad, null), bad).toBeNull();
  });
});
