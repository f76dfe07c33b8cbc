/**
 * Bad inputs to `etwkit report`: each gives one clear line naming the path and a
 * non-zero exit, never a stack trace. And the JSONL dump of a real file.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { etlPath, haveCorpus, oracle } from '../support/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'etwkit-bad-'));

function expectOneLine(args: string[], path: string, pattern: RegExp) {
  const r = runCli(['report', ...args, '-of', 'JSONL', '-o', '-']);
  expect(r.status).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('report: inputs that are not .etl files', () => {
  it('a missing file', () => {
    const p = join(dir, 'missing.etl');
    expectOneLine([p], p, /no such file/);
  });

  it('a directory', () => {
    const p = join(dir, 'adir.etl');
    mkdirSync(p);
    expectOneLine([p], p, /is a directory/);
  });

  it('an empty file', () => {
    const p = join(dir, 'empty.etl');
    writeFileSync(p, '');
    expectOneLine([p], p, /is empty/);
  });

  it('a file that is not ETL', () => {
    const p = join(dir, 'text.etl');
    writeFileSync(p, 'This is a plain text file, long enough to look at its first bytes as a buffer header.\n'.repeat(4));
    expectOneLine([p], p, /is not an \.etl file/);
  });
});

describe.skipIf(!haveCorpus)('report -of JSONL on a real file', () => {
  it('writes one object per record in time order with the documented keys', () => {
    const stem = 'perfview-clr-rundown';
    const r = runCli(['report', etlPath(stem), '-of', 'JSONL', '-o', '-']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(oracle(stem).records_total);
    for (const k of ['time', 'rawTime', 'header', 'provider', 'id', 'version', 'level', 'opcode', 'task', 'keywords', 'type', 'pid', 'tid', 'cpu', 'activityId', 'flags', 'payloadSize', 'extended', 'message', 'fields']) {
      expect(lines[0]).toHaveProperty(k);
    }
    expect(lines[0].header).toBe('system');
    expect(lines[0].time).toBe(oracle(stem).logfile_header.StartTime_iso);
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const ev = lines.find((l) => l.header === 'event' && l.id === 187);
    expect(ev).toMatchObject({ provider: '{a669021c-c450-4609-a035-5af59af4df18}', version: 0, level: 4, opcode: 1, task: 19, keywords: '0x0', pid: 179596, tid: 179828, rawTime: '5464967065830' });
    for (let i = 1; i < lines.length; i++) expect(lines[i].time >= lines[i - 1].time).toBe(true);
  });
});
