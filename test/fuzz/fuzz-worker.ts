/**
 * A fuzz worker process (started by fuzz.ts): runs the cases it is sent, one at
 * a time (each with one output also through the built CLI, its memory checked),
 * and answers each with its result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCase } from './mutant-run.js';

interface CaseMessage { seed: number; index: number; stems: string[] }

const dir = mkdtempSync(join(tmpdir(), 'etwkit-fuzz-worker-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

process.on('message', (m: CaseMessage) => {
  void (async () => {
    try {
      process.send!({ result: await runCase(m.seed, m.index, m.stems, dir, true) });
    } catch (e) {
      // An error outside the report runs (building the case, reading the intact file) is the harness's own.
      process.send!({ harnessError: `${(e as Error).stack ?? String(e)}`, index: m.index });
    }
  })();
});
process.send!({ ready: true });
