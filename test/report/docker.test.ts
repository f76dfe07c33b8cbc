/**
 * Docker etwlogs end to end on a synthetic trace framed like a real session
 * (test/support/docker-etl.ts): the exact six-field split for every hard case,
 * in JSONL, XML and CSV, the --docker tables, strings not in the format kept
 * and counted, and the per-container summary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_FIELDS, parseDockerMessage } from '../../src/etw/schema/docker-message.js';
import { buildDockerEtl, dockerText, HARD_LOGS, NOT_DOCKER_TEXTS, type DockerEtlEvent } from '../support/docker-etl.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { runCli } from '../support/run-cli.js';

/** What XML 1.0 can carry of a text (forbidden characters become U+FFFD; CR survives as &#xD;). */
const xmlVisible = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');

describe('parseDockerMessage', () => {
  it.each(HARD_LOGS)('%s', (_name, line) => {
    expect(parseDockerMessage(dockerText(line))).toEqual(line);
  });

  it.each(NOT_DOCKER_TEXTS)('not in the format: %j', (text) => {
    expect(parseDockerMessage(text)).toBeNull();
  });

  it('the example of the Docker documentation', () => {
    const text = 'container_name: backstabbing_spence, image_name: windowsservercore, container_id: f14bb55aa862d7596b03a33251c1be7dbbec8056bbdead1da8ec5ecebbe29731, image_id: sha256:2f9e19bd998d3565b4f345ac9aaf6e3fc555406239a4fb1b1ba879673713824b, source: stdout, log: Hello world!';
    expect(parseDockerMessage(text)).toEqual({
      container_name: 'backstabbing_spence', image_name: 'windowsservercore',
      container_id: 'f14bb55aa862d7596b03a33251c1be7dbbec8056bbdead1da8ec5ecebbe29731',
      image_id: 'sha256:2f9e19bd998d3565b4f345ac9aaf6e3fc555406239a4fb1b1ba879673713824b',
      source: 'stdout', log: 'Hello world!',
    });
  });
});

describe('a Docker trace framed like a real session', () => {
  const dir = scratchDir('etwkit-docker-');
  const etlFile = join(dir, 'trace.etl');
  let events: DockerEtlEvent[] = [];
  const dockerEvents = () => events.filter((e) => e.provider === 'a3693192-9ed6-46d2-a981-f8226c8363bd');

  beforeAll(() => {
    const built = buildDockerEtl();
    events = built.events;
    writeFileSync(etlFile, built.etl);
  });

  it('the file has several buffers per CPU, interleaved', async () => {
    const out = join(dir, 's.txt');
    const r = await reportInProcess([etlFile, '-summary', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const buffers = Number(/Total Buffers Processed (\d+)/.exec(readFileSync(out, 'utf8'))![1]);
    expect(buffers).toBeGreaterThan(8);
  });

  it('JSONL: every event in time order; fields hold the six values exactly, message the whole string', async () => {
    const out = join(dir, 'all.jsonl');
    const r = await reportInProcess([etlFile, '-of', 'JSONL', '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const objs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const strings = objs.filter((o) => o.header === 'event');
    expect(strings.length).toBe(events.length);
    strings.forEach((o, i) => {
      const e = events[i]!;
      expect(o.message).toBe(e.text);
      expect(o.fields).toEqual(e.fields);
      expect(o.pid).toBe(e.pid);
      expect(o.tid).toBe(e.tid);
    });
    const long = strings.find((o) => o.fields?.log?.length > 16000);
    expect(long.fields.log).toBe('L'.repeat(16 * 1024 - 4) + ', ok');
  });

  it('XML: six <Data Name> elements, the whole string as RenderingInfo/Message, well-formed', async () => {
    const out = join(dir, 'all.xml');
    const r = await reportInProcess([etlFile, '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const parser = new SaxesParser();
    const found: Array<{ data: Record<string, string>; plain: string | null; message: string | null }> = [];
    let cur: { data: Record<string, string>; plain: string | null; message: string | null } | null = null;
    let name: string | null = null;
    let inData = false;
    let inMessage = false;
    let text = '';
    parser.on('opentag', (t) => {
      if (t.name === 'Event') cur = { data: {}, plain: null, message: null };
      if (t.name === 'Data') { inData = true; name = (t.attributes['Name'] as string | undefined) ?? null; text = ''; }
      if (t.name === 'Message') { inMessage = true; text = ''; }
    });
    parser.on('text', (t) => { if (inData || inMessage) text += t; });
    parser.on('closetag', (t) => {
      if (t.name === 'Data') { if (name === null) cur!.plain = text; else cur!.data[name] = text; inData = false; }
      if (t.name === 'Message') { cur!.message = text; inMessage = false; }
      if (t.name === 'Event') found.push(cur!);
    });
    parser.write(readFileSync(out, 'utf8')).close();
    const strings = found.slice(found.length - events.length);
    strings.forEach((f, i) => {
      const e = events[i]!;
      if (e.fields) {
        expect(Object.keys(f.data)).toEqual([...DOCKER_FIELDS]);
        for (const k of DOCKER_FIELDS) expect(f.data[k]).toBe(xmlVisible(e.fields[k]));
        expect(f.message).toBe(xmlVisible(e.text));
      } else {
        expect(f.plain).toBe(xmlVisible(e.text));
        expect(Object.keys(f.data)).toEqual([]);
      }
    });
  });

  it('CSV: the six values are the User Data columns (quoted strings, parsed back exactly)', async () => {
    const out = join(dir, 'all.csv');
    const r = await reportInProcess([etlFile, '-of', 'CSV', '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const rows: string[][] = parse(readFileSync(out, 'utf8'), { relax_column_count: true });
    const strings = rows.slice(rows.length - events.length);
    strings.forEach((row, i) => {
      const e = events[i]!;
      expect(row.slice(19)).toEqual(e.fields ? DOCKER_FIELDS.map((k) => e.fields![k]) : [e.text]);
      expect(row[9]).toBe('0x' + e.pid.toString(16).toUpperCase().padStart(8, '0'));
    });
  });

  it('--docker -of CSV: only Docker events, compact columns, unparsed strings kept with their text as log', async () => {
    const out = join(dir, 'docker.csv');
    const r = await reportInProcess([etlFile, '--docker', '-of', 'CSV', '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const rows: string[][] = parse(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['TimeCreated', ...DOCKER_FIELDS, 'ProcessID', 'ThreadID']);
    const docker = dockerEvents();
    expect(rows.length - 1).toBe(docker.length);
    rows.slice(1).forEach((row, i) => {
      const e = docker[i]!;
      expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      if (e.fields) expect(row.slice(1, 7)).toEqual(DOCKER_FIELDS.map((k) => e.fields![k]));
      else expect(row.slice(1, 7)).toEqual(['', '', '', '', '', e.text]);
      expect(row.slice(7)).toEqual([String(e.pid), String(e.tid)]);
    });
  });

  it('--docker -of JSONL -o - (the real CLI): objects on stdout, console text on stderr', () => {
    const r = runCli(['report', etlFile, '--docker', '-of', 'JSONL', '-o', '-', '-y']);
    expect(r.status, r.stderr).toBe(0);
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(objs.length).toBe(dockerEvents().length);
    expect(r.stderr).toContain('The command completed successfully.');
    expect(r.stderr).toContain('DumpFile:           (standard output)');
  });

  it('--docker -of JSONL to a file: one object per Docker event with exactly the table keys', async () => {
    const out = join(dir, 'docker.jsonl');
    const r = await reportInProcess([etlFile, '--docker', '-of', 'JSONL', '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const objs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const docker = dockerEvents();
    expect(objs.length).toBe(docker.length);
    objs.forEach((o, i) => {
      expect(Object.keys(o)).toEqual(['TimeCreated', ...DOCKER_FIELDS, 'ProcessID', 'ThreadID']);
      const e = docker[i]!;
      if (e.fields) for (const k of DOCKER_FIELDS) expect(o[k]).toBe(e.fields[k]);
      else expect(o.log).toBe(e.text);
    });
  });

  it('the summary counts unparsed lines and, with --docker, lines per container and source', async () => {
    const out = join(dir, 'docker-summary.txt');
    const r = await reportInProcess([etlFile, '--docker', '-summary', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const docker = dockerEvents();
    const parsed = docker.filter((e) => e.fields);
    expect(text).toContain(`Docker Lines            ${parsed.length}\n`);
    expect(text).toContain(`Docker Lines Unparsed   ${docker.length - parsed.length}\n`);
    const perKey = new Map<string, number>();
    for (const e of parsed) perKey.set(`${e.fields!.container_name}|${e.fields!.source}`, (perKey.get(`${e.fields!.container_name}|${e.fields!.source}`) ?? 0) + 1);
    // The per-container table (cli-table3, ASCII): | Lines | Source | Container | Image |.
    const cells = text.split('\n').filter((l) => /^\| +\d+ \|/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(cells.length).toBe(perKey.size);
    for (const [key, n] of perKey) {
      const [container, source] = key.split('|');
      const row = cells.find((c) => c[1] === source && c[2] === container);
      expect(row, key).toBeDefined();
      expect(Number(row![0])).toBe(n);
    }
  });
});
