/**
 * Outputs that are not regular files: the dump is written into a device or FIFO,
 * never renamed over it (which would replace /dev/null with a file).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { etlPath, haveCorpus } from '../support/corpus.js';

describe.skipIf(!haveCorpus || process.platform === 'win32')('report into special files', () => {
  it('-o /dev/null writes into the device and leaves it a device, without asking for -y', () => {
    const r = runCli(['report', etlPath('findneedle-wppstr'), '-of', 'JSONL', '-o', '/dev/null', '--quiet']);
    expect(r.status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('-o FIFO streams the dump to the process reading it', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-fifo-'));
    const fifo = join(dir, 'dump.fifo');
    execFileSync('mkfifo', [fifo]);
    const out = join(dir, 'copy.jsonl');
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${out}"`]);
    const done = new Promise((resolve) => reader.on('exit', resolve));
    const r = runCli(['report', etlPath('findneedle-wppstr'), '-of', 'JSONL', '-o', fifo, '--quiet']);
    if (r.status !== 0) reader.kill();
    await done;
    expect(r.status).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(8);
  });
});
