/**
 * The entry of a report's worker thread: builds a SliceRenderer from the setup
 * in workerData (or, for a worker started ahead of the report's plan
 * (slice-workers.ts), from its first message, a `{ setup }`), says it is ready
 * (the main thread gives it slices only then: until then it renders them
 * itself), then renders each slice job posted to it, one at a time, and posts
 * the result back with the dump's bytes transferred, not copied; the
 * main thread gives the pages back once written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SliceRenderer, type SliceJob, type WorkerSetup } from './slice-render.js';

const port = parentPort!;
let given: (setup: WorkerSetup) => void = () => {};
const setup: Promise<WorkerSetup> = workerData !== null ? Promise.resolve(workerData as WorkerSetup) : new Promise((resolve) => { given = resolve; });
const ready = setup.then((s) => SliceRenderer.create(s));
ready.then(
  () => port.postMessage({ ready: true }),
  (e: unknown) => port.postMessage({ index: -1, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
);
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: { setup: WorkerSetup } | { job: SliceJob } | { pages: ArrayBuffer[] }) => {
  if ('setup' in message) { given(message.setup); return; }
  if ('pages' in message) { void ready.then((renderer) => renderer.givePages(message.pages)); return; }
  const job = message.job;
  queue = queue.then(async () => {
    try {
      const renderer = await ready;
      const result = await renderer.render(job);
      port.postMessage({ result }, result.body.map((b) => b.buffer as ArrayBuffer));
    } catch (e) {
      port.postMessage({ index: job.index, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  });
});
