/**
 * Starting a report's worker threads (slice-worker.ts). A worker may be started
 * before the report knows its plan, as soon as the command line suggests a run
 * that will be cut into slices (cli/report-head-start.ts): its Node start and
 * module loading (a few tenths of a second) then overlap the main thread's own,
 * and it waits for its setup. Such a worker does not keep the process alive
 * while it waits; the sliced pass takes it (run-sliced-report.ts), and a run that
 * is not sliced lets the waiting ones go.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './slice-render.js';

/** Each worker's young generation (V8 heap), in MB. */
const YOUNG_GENERATION_MB = 16;

/**
 * A worker running the script beside this module, with its setup now or (null)
 * by a `{ setup }` message later. Under the test runner this module is
 * TypeScript in src/: the worker is then the built one in dist/ (`npm test` builds
 * first; a worker thread cannot load TypeScript by itself), else src/ through tsx.
 */
export function startSliceWorker(setup: WorkerSetup | null): Worker {
  let url = new URL('./slice-worker.js', import.meta.url);
  let execArgv: string[] = [];
  if (import.meta.url.endsWith('.ts')) {
    url = new URL('../../../../dist/etw/report/threads/slice-worker.js', import.meta.url);
    if (!existsSync(url)) { url = new URL('./slice-worker.ts', import.meta.url); execArgv = ['--import', 'tsx']; }
  }
  return new Worker(url, {
    workerData: setup, execArgv,
    // V8's default young generation for a worker is large; this bounds each worker's memory at a small cost in time.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}

/** Workers started ahead, waiting for their setup (a failed or exited one leaves the list). */
const waiting: Worker[] = [];

/** Start `n` workers ahead of the report's plan. */
export function startSliceWorkersAhead(n: number): void {
  for (let i = 0; i < n; i++) {
    const w = startSliceWorker(null);
    w.unref();
    const leave = () => { const k = waiting.indexOf(w); if (k >= 0) waiting.splice(k, 1); };
    w.on('error', leave);
    w.on('exit', leave);
    waiting.push(w);
  }
}

/** A worker started ahead, given `setup` (it says it is ready as any worker does), or null when none waits. */
export function takeWorkerStartedAhead(setup: WorkerSetup): Worker | null {
  const w = waiting.shift();
  if (w === undefined) return null;
  w.ref();
  w.postMessage({ setup });
  return w;
}

/** Let the workers started ahead and not taken go (the run is not sliced, or needs fewer). */
export function dropWorkersStartedAhead(): void {
  for (const w of waiting.splice(0)) void w.terminate();
}
