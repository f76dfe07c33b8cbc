/**
 * How many threads a report uses when --threads is not given, and from what input
 * size: read by the report's plan (report-plan.ts) and by the CLI's early start of
 * worker threads (cli/report-head-start.ts), which must guess the same.
 */
import { availableParallelism } from 'node:os';

/**
 * Threads when --threads is not given: every core, at most MAX_DEFAULT_THREADS.
 * Each thread past the first adds about 40 MB (CSV) to 70 MB (JSON lines) at peak
 * on a 1 GiB kernel trace (one thread: 110-120 MB; two: 195-250 MB; three:
 * 240-315 MB; four: 310-390 MB), and a run is to stay within 300 MB in all.
 */
const MAX_DEFAULT_THREADS = 2;

/**
 * Without --threads, inputs under this size are rendered by one thread: a second
 * thread costs a worker's start (a few tenths of a second) and warming up a second
 * JavaScript engine, which smaller inputs do not win back. Measured on the 2-core
 * build VM (kernel trace, to /dev/null, fastest of 2-3 runs, 1 vs 2 threads):
 * 256 MiB CSV 1.65/1.56 s, JSON lines 1.78/1.91 s, XML 1.81/2.01 s; 512 MiB CSV
 * 2.91/2.32 s, JSON lines 3.02/2.62 s, XML 2.90/2.85 s; the 128 MiB .NET rundown
 * trace was slower with two.
 */
export const DEFAULT_MIN_THREADED_BYTES = 512 * 1024 * 1024;

/** The threads of a report without --threads: the cores this process may use, up to MAX_DEFAULT_THREADS. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}
