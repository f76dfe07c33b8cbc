/**
 * Names in every output: the JSON lines' providerName, eventName, opcodeName and
 * levelName come from whatever schema decoded the record (TraceLogging metadata,
 * an imported manifest, a MOF file, the header records), agree with the CSV's
 * Event Name and Type columns record by record, and tell TraceLogging events
 * (all id 0) apart; XML RenderingInfo carries the TraceLogging event name as
 * <Task>; the summary names kernel classes and the Docker provider.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_PROVIDER_NAME } from '../../src/etw/render/event-names.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { buildDockerEtl, DOCKER_PROVIDER } from '../support/docker-etl.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const dir = scratchDir('etwkit-names-');

async function jsonl(args: string[], name: string): Promise<any[]> {
  const out = join(dir, name);
  const r = await reportInProcess([...args, '-of', 'JSONL', '-o', out, '-y']);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

async function csvRows(args: string[], name: string): Promise<string[][]> {
  const out = join(dir, name);
  const r = await reportInProcess([...args, '-of', 'CSV', '-o', out, '-y']);
  expect(r.code, r.stderr).toBe(0);
  return (parse(readFileSync(out, 'utf8'), { relax_column_count: true }) as string[][]).slice(1);
}

async function summary(args: string[], name: string): Promise<string> {
  const out = join(dir, name);
  const r = await reportInProcess([...args, '-summary', out, '-y']);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

/** JSON lines and CSV rows of the same run agree on the event name (else the {GUID}) and the type, record by record. */
async function expectSameNamesAsCsv(args: string[], tag: string): Promise<any[]> {
  const lines = await jsonl(args, `${tag}.jsonl`);
  const rows = await csvRows(args, `${tag}.csv`);
  expect(rows.length).toBe(lines.length);
  lines.forEach((o, i) => {
    expect(rows[i]![0], `record ${i}`).toBe(o.eventName ?? o.provider ?? '{00000000-0000-0000-0000-000000000000}');
    expect(rows[i]![1], `record ${i}`).toBe(o.opcodeName ?? '');
  });
  for (const o of lines) for (const k of ['providerName', 'eventName', 'opcodeName', 'levelName']) expect(k in o).toBe(true);
  return lines;
}

describe.skipIf(!haveCorpus)('names from the schema that decodes each record', () => {
  it('TraceLogging events (all id 0) are told apart by name; XML RenderingInfo carries it as <Task>', async () => {
    const file = etlPath('sonde-relogged-mof-tl');
    const lines = await expectSameNamesAsCsv([file], 'tl');
    const tl = lines.filter((o) => o.provider === '{559e1292-fdb4-551e-6ee3-4e8c6d9da223}');
    expect(tl.length).toBeGreaterThan(2);
    for (const o of tl) {
      expect(o.id).toBe(0);
      expect(o.providerName).toBe('sonde-gateway');
    }
    const names = new Set(tl.map((o) => o.eventName));
    expect(names.size).toBeGreaterThanOrEqual(2);
    expect(names).toContain('event crates\\sonde-gateway\\src\\engine.rs:581');
    expect(names).toContain('event crates\\sonde-gateway\\src\\modem.rs:583');
    const out = join(dir, 'tl.xml');
    expect((await reportInProcess([file, '-o', out, '-y'])).code).toBe(0);
    const tasks = [...readFileSync(out, 'utf8').matchAll(/<RenderingInfo[^>]*>\n(?:\t\t<[^\n]*\n)*?\t\t<Task>([^<]*)<\/Task>\n(?:\t\t<[^\n]*\n)*?\t\t<Provider>sonde-gateway<\/Provider>/g)]
      .map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(tasks).toEqual(tl.map((o) => o.eventName));
  });

  it('kernel records are named by the MOF classes given with --mof (class, event type)', async () => {
    const lines = await expectSameNamesAsCsv([etlPath('diaghub-kernel'), '--mof', join(CORPUS_SCHEMAS, 'wmicore.mof')], 'kernel');
    const processes = lines.filter((o) => o.provider === '{3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c}');
    expect(processes.length).toBeGreaterThan(400);
    for (const o of processes) {
      expect(o.providerName).toBe('MSNT_SystemTrace');
      expect(o.eventName).toBe('Process');
    }
    expect(new Set(processes.map((o) => o.opcodeName))).toEqual(new Set(['DCStart', 'DCEnd', 'Start', 'End', 'Defunct', 'Terminate']));
    expect(lines.filter((o) => o.provider === '{2cb15d1d-5fc1-11d2-abe1-00a0c911f518}').every((o) => o.eventName === 'Image')).toBe(true);
    // The log-file header record is named on its own (no schema file needed).
    expect([lines[0].providerName, lines[0].eventName, lines[0].opcodeName]).toEqual(['MSNT_SystemTrace', 'EventTrace', 'Header']);
    const text = await summary([etlPath('diaghub-kernel'), '--mof', join(CORPUS_SCHEMAS, 'wmicore.mof')], 'kernel.txt');
    expect(text).toMatch(/\|\s+\d+ {3}Process {14}0 {15}4 {15}\{3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c\}\|/);
  });

  it('manifest events imported with -import carry provider, task, opcode and level names', async () => {
    const lines = await expectSameNamesAsCsv([etlPath('perfview-clr-rundown'), '-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man')], 'clr');
    const runtime = lines.find((o) => o.id === 187)!;
    expect([runtime.providerName, runtime.eventName, runtime.opcodeName, runtime.levelName])
      .toEqual(['Microsoft-Windows-DotNETRuntimeRundown', 'Runtime', 'Start', 'Information']);
    const decoded = lines.filter((o) => o.header === 'event' && o.error === null);
    expect(decoded.length).toBeGreaterThan(100);
    expect(decoded.every((o) => o.providerName === 'Microsoft-Windows-DotNETRuntimeRundown' && o.eventName !== null)).toBe(true);
  });
});

describe('names of Docker etwlogs events', () => {
  const etlFile = join(dir, 'docker.etl');
  beforeAll(() => writeFileSync(etlFile, buildDockerEtl(50).etl));

  it('JSON lines name the Docker provider, and only it; XML and CSV keep it unnamed as tracerpt does', async () => {
    const lines = (await jsonl([etlFile], 'docker.jsonl')).filter((o) => o.header === 'event');
    const docker = lines.filter((o) => o.provider === `{${DOCKER_PROVIDER}}`);
    const others = lines.filter((o) => o.provider !== `{${DOCKER_PROVIDER}}`);
    expect(docker.length).toBeGreaterThan(10);
    expect(others.length).toBeGreaterThan(0);
    for (const o of docker) expect([o.providerName, o.eventName, o.opcodeName, o.levelName]).toEqual([DOCKER_PROVIDER_NAME, null, null, null]);
    for (const o of others) expect([o.providerName, o.eventName, o.opcodeName, o.levelName]).toEqual([null, null, null, null]);
    const rows = await csvRows([etlFile], 'docker.csv');
    expect(rows.filter((r) => r[0] === `{${DOCKER_PROVIDER}}`).length).toBe(docker.length);
  });

  it('the summary names the Docker provider in the Event Name column', async () => {
    const text = await summary([etlFile], 'docker.txt');
    const row = text.split('\n').find((l) => l.includes(`{${DOCKER_PROVIDER}}`))!;
    expect(row).toMatch(new RegExp(`^\\|\\s+\\d+ {3}${DOCKER_PROVIDER_NAME} +0 {15}0 {15}\\{${DOCKER_PROVIDER}\\}\\|$`));
    const other = text.split('\n').find((l) => l.includes('{11111111-2222-3333-4444-555555555555}'))!;
    expect(other).toMatch(/^\|\s+\d+ {24}0 /);
  });

  it('the -report providers table names it too', async () => {
    const out = join(dir, 'docker-report.xml');
    expect((await reportInProcess([etlFile, '-report', out, '-y'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(new RegExp(`<Provider guid="\\{${DOCKER_PROVIDER}\\}" name="${DOCKER_PROVIDER_NAME}" `));
  });
});
