/**
 * `-of EVTX` on every corpus file, read back by two independent EVTX readers
 * from Debian packages: libyal's evtxexport (libevtx-utils) renders every
 * record; python-evtx (python3-evtx) verifies the header and chunk checksums,
 * walks every record and renders an even spread of them (it renders only a few
 * hundred records a second). Both must read without an error and find as many
 * records as the XML dump has events; the records rendered must hold the same
 * System values and data items as the dump's events (EventRecordID numbering
 * them from 1). Of libevtx's rendering the first 10,000 and last 2,000 records
 * of a file are compared (parsing a 180,000-event dump takes most of a minute);
 * ETWKIT_EVTX_ALL=1 compares every record with both readers. Values shortened
 * to fit a chunk must be prefixes of the dump's and counted by the warning.
 * .ci/run installs the readers; without them these tests skip with a notice,
 * and fail under CI=true.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../../src/etw/etl/reader.js';
import { corpusStems, etlPath, haveCorpus } from '../../support/corpus.js';
import { buildDockerEtl, DOCKER_PROVIDER } from '../../support/docker-etl.js';
import { reportInProcess, scratchDir } from '../report-run.js';
import { EventIndex, eventFacts, eventNodes, haveReaders, libevtxXml, pythonEvtxXml, type EventFacts, type Reader } from './evtx-events.js';

/** python-evtx renders about this many records per file, spread evenly (all with ETWKIT_EVTX_ALL=1). */
const PYTHON_SPREAD = 300;
/** Records compared with libevtx's rendering: the first and the last of each file (all with ETWKIT_EVTX_ALL=1); all are counted. */
const LIBEVTX_HEAD = 10_000;
const LIBEVTX_TAIL = 2_000;

/**
 * python-evtx converts FILETIMEs through a double (about 3 µs steps at today's
 * dates), so its times are compared within 5 µs.
 */
const PYTHON_TIME_SLACK = 50n;

/** A data item cut short to fit a chunk: the same name, its text a prefix of the dump's. */
function shortened(read: string, dump: string): boolean {
  const eq = dump.indexOf('=');
  return read.length < dump.length && read.slice(0, eq + 1) === dump.slice(0, eq + 1) && dump.startsWith(read);
}

/** Records whose facts differ from the dump's event (at most 3, shortened); `cut` counts records with values shortened to fit. */
function compare(dump: EventFacts[], read: EventFacts[], reader: Reader): { differences: string[]; cut: number } {
  const differences: string[] = [];
  let cut = 0;
  for (const r of read) {
    const d = dump[Number(r.recordId) - 1];
    if (d === undefined) { differences.push(`EventRecordID ${r.recordId}: no such event in the dump`); continue; }
    const slack = reader === 'python-evtx' ? PYTHON_TIME_SLACK : 0n;
    const timeOk = r.time - d.time <= slack && d.time - r.time <= slack;
    let dataOk = JSON.stringify(r.data) === JSON.stringify(d.data);
    if (!dataOk && r.data.length === d.data.length && r.data.every((x, i) => x === d.data[i] || shortened(x, d.data[i]!))) { dataOk = true; cut++; }
    if (!timeOk || !dataOk || JSON.stringify([r.system, r.extended]) !== JSON.stringify([d.system, d.extended])) {
      const at = r.data.findIndex((x, i) => x !== d.data[i]);
      const detail = !timeOk ? `time ${r.time} vs ${d.time}`
        : !dataOk ? `data item ${at}: ${JSON.stringify(r.data[at])?.slice(0, 300)} vs ${JSON.stringify(d.data[at])?.slice(0, 300)}`
          : `system/extended ${JSON.stringify([r.system, r.extended])} vs ${JSON.stringify([d.system, d.extended])}`;
      differences.push(`EventRecordID ${r.recordId} (${reader}): ${detail}`);
      if (differences.length >= 3) break;
    }
  }
  return { differences, cut };
}

/** The count in the sink's warning about values shortened to fit a chunk (0 without one). */
function shortenedCount(stderr: string): number {
  const m = /(\d+) event\(s\) did not fit in one 64 KiB EVTX chunk/.exec(stderr);
  return m === null ? 0 : Number(m[1]);
}

/** Records in an .etl file, as the reader gives them. */
function countRecords(path: string): number {
  const reader = EtlReader.open([path]);
  let n = 0;
  for (const _ of reader.records()) n++;
  reader.close();
  return n;
}

/**
 * Write `etl` as the XML dump and as EVTX (with `args`), read the EVTX back
 * with both readers and compare their records with the dump's events.
 * Returns the number of records.
 */
async function readBack(etl: string, dir: string, name: string, args: string[] = []): Promise<number> {
  const xmlPath = join(dir, `${name}.xml`);
  const evtxPath = join(dir, `${name}.evtx`);
  const x = await reportInProcess([etl, ...args, '-o', xmlPath, '-y', '--quiet']);
  expect(x.code, x.stderr).toBe(0);
  const v = await reportInProcess([etl, ...args, '-of', 'EVTX', '-o', evtxPath, '-y', '--quiet']);
  expect(v.code, v.stderr).toBe(0);
  const warnedCut = shortenedCount(v.stderr);

  const all = process.env.ETWKIT_EVTX_ALL === '1';
  const dump = new EventIndex(readFileSync(xmlPath, 'utf8'));
  const total = dump.total;
  /** The dump's facts at `positions`, as compared with `reader`'s (indexed by position). */
  const dumpFacts = (positions: number[], reader: Reader) => {
    const facts: EventFacts[] = [];
    eventNodes(dump.select(positions)).forEach((e, i) => { facts[positions[i]!] = eventFacts(e, 'dump', reader); });
    return facts;
  };

  const lib = new EventIndex(libevtxXml(evtxPath));
  expect(lib.total).toBe(total);
  const positions = [...Array(total).keys()].filter((i) => all || i < LIBEVTX_HEAD || i >= total - LIBEVTX_TAIL);
  const libFacts = eventNodes(lib.select(positions)).map((e) => eventFacts(e, 'libevtx', 'dump'));
  expect(libFacts.map((f) => f.recordId)).toEqual(positions.map((i) => String(i + 1)));
  const libResult = compare(dumpFacts(positions, 'libevtx'), libFacts, 'libevtx');
  expect(libResult.differences).toEqual([]);
  if (positions.length === total) expect(libResult.cut, 'records with values shortened = the warning\'s count').toBe(warnedCut);
  else expect(libResult.cut).toBeLessThanOrEqual(warnedCut);

  const py = pythonEvtxXml(evtxPath, all ? 0 : Math.max(1, Math.floor(total / PYTHON_SPREAD)));
  expect(py.records).toBe(total);
  const pyFacts = eventNodes(py.xml).map((e) => eventFacts(e, 'python-evtx', 'dump'));
  expect(pyFacts.length).toBeGreaterThan(0);
  const pyPositions = pyFacts.map((f) => Number(f.recordId) - 1).filter((i) => i >= 0 && i < total);
  const pyResult = compare(dumpFacts(pyPositions, 'python-evtx'), pyFacts, 'python-evtx');
  expect(pyResult.differences).toEqual([]);
  expect(pyResult.cut).toBeLessThanOrEqual(warnedCut);
  return total;
}

describe.skipIf(!haveCorpus || !haveReaders)('EVTX read back by libevtx and python-evtx', () => {
  const dir = scratchDir('etwkit-evtx-');
  it.each(corpusStems())('%s', async (stem) => {
    expect(await readBack(etlPath(stem), dir, stem)).toBe(countRecords(etlPath(stem)));
  }, process.env.ETWKIT_EVTX_ALL === '1' ? 3_600_000 : 600_000);

  it('-rts: TimeCreated carries the raw timestamp (RawTime) as the XML dump does', async () => {
    const stem = 'perfview-clr-rundown';
    const xmlPath = join(dir, 'rts.xml');
    const evtxPath = join(dir, 'rts.evtx');
    expect((await reportInProcess([etlPath(stem), '-o', xmlPath, '-rts', '-y', '--quiet'])).code).toBe(0);
    expect((await reportInProcess([etlPath(stem), '-of', 'EVTX', '-o', evtxPath, '-rts', '-y', '--quiet'])).code).toBe(0);
    const rawTimes = (xml: string) => eventNodes(xml).map((e) => e.children.find((c) => c.name === 'System')!.children.find((c) => c.name === 'TimeCreated')!.attrs['RawTime']);
    const expected = rawTimes(readFileSync(xmlPath, 'utf8'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((t) => t !== undefined && /^\d+$/.test(t))).toBe(true);
    expect(rawTimes(libevtxXml(evtxPath))).toEqual(expected);
  });
});

describe.skipIf(!haveReaders)('EVTX of a synthetic Docker trace: hostile text, --docker', () => {
  const dir = scratchDir('etwkit-evtx-docker-');
  const etl = join(dir, 'docker.etl');
  const built = buildDockerEtl(40);
  writeFileSync(etl, built.etl);

  it('markup characters, controls, CR, non-BMP characters and 16 KiB lines read back as the dump has them', async () => {
    expect(await readBack(etl, dir, 'all')).toBe(countRecords(etl));
  });

  it('--docker -of EVTX keeps only the Docker events, as --docker -of XML does', async () => {
    const docker = await readBack(etl, dir, 'docker', ['--docker']);
    expect(docker).toBe(built.events.filter((e) => e.provider === DOCKER_PROVIDER).length);
  });
});
