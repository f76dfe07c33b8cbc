/**
 * A head start for a report's worker threads: bin/run.js asks this first, before
 * oclif and the commands load, whether the command line is a file report that
 * will likely be cut into time slices (--threads above 1, or no --threads and
 * inputs of DEFAULT_MIN_THREADED_BYTES or more on a machine with several
 * cores), and if so starts its workers at once. Their Node start and module
 * loading then overlap the main thread's instead of following it. A wrong guess
 * costs only the waiting workers' start: a run that is not sliced lets them go
 * (report/threads/slice-workers.ts). Only what the command line shows is read:
 * the option names (after the tracerpt spelling is translated) and the sizes of
 * the `.etl` files named in it.
 */
import { statSync } from 'node:fs';
import { DEFAULT_MIN_THREADED_BYTES, defaultThreads } from '../etw/report/threads/thread-defaults.js';
import { translateArgv } from './translate.js';

/** Native report options whose runs are never sliced (-rt, -report, -export) or which end the run first. */
const NOT_SLICED = new Set(['--realtime', '--report', '--default-report', '--export', '--default-export', '--help', '--argument-error']);

/** Smallest inputs an explicit --threads N slices: two slices of the smallest slice size. */
const MIN_EXPLICIT_BYTES = 2 * 1024 * 1024;

/** Worker threads the report on this command line will likely start (0 for any other command line). */
export function likelyReportWorkers(argv: string[]): number {
  const first = argv[0]?.toLowerCase();
  if (first !== 'report') return 0;
  const line = translateArgv(argv);
  let threads: number | null = null;
  let bytes = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (NOT_SLICED.has(name)) return 0;
    if (name === '--format' && (inline ?? line[i + 1] ?? '').toUpperCase() === 'EVTX') return 0;
    if (name === '--threads') {
      const n = Number(inline ?? line[i + 1]);
      if (!Number.isInteger(n) || n < 1) return 0;
      threads = n;
    }
    if (!a.startsWith('-') && a.toLowerCase().endsWith('.etl')) bytes += sizeOf(a);
  }
  if (threads !== null) return bytes >= MIN_EXPLICIT_BYTES ? threads - 1 : 0;
  return bytes >= DEFAULT_MIN_THREADED_BYTES ? defaultThreads() - 1 : 0;
}

function sizeOf(path: string): number {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0; // the report says what is wrong with it
  }
}

/** Start the workers of the report on this command line, if it will likely have some (their module is loaded only then). */
export async function headStartReport(argv: string[]): Promise<void> {
  const n = likelyReportWorkers(argv);
  if (n > 0) (await import('../etw/report/threads/slice-workers.js')).startSliceWorkersAhead(n);
}
