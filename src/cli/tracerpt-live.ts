/**
 * What `report -rt` prints around the report run: the line saying why the
 * sessions cannot be read (they are read on Windows only), and the closing
 * lines: what each session lost, a ProcessTrace failure, and the exit code (130
 * after Ctrl-C, which the run takes as a clean ending).
 */
import { EtwPlatformError } from '../etw/control/api/load-etw-api.js';
import { WIN32 } from '../etw/control/api/win32-error.js';
import { LiveSessionError } from '../etw/live/live-sessions.js';
import { ExitCode } from '../etw/report/exit-codes.js';
import type { LiveReportRun } from '../etw/report/run-live-report.js';

const PREFIX = 'etwkit report: ';

/** The text of an error opening the sessions (src/etw/report/live-start.ts), without the prefix; null for any other error. */
export function liveOpenFailure(e: unknown): string | null {
  if (e instanceof EtwPlatformError) {
    return `-rt reads real-time ETW sessions, which needs Windows (this is ${e.platform}); record to an .etl file there and report on that here`;
  }
  if (e instanceof LiveSessionError) return e.message;
  return null;
}

/**
 * The closing lines of a live run: each session's losses (a warning when it lost
 * anything), a ProcessTrace failure as an error; the exit code.
 */
export function liveEnding(run: LiveReportRun, say: (text: string) => void, stderr: { write(text: string): unknown }, message: (code: number) => string | null): number {
  for (const l of run.losses) {
    const from = l.source === 'statistics' ? "the session's statistics" : l.source === 'last statistics' ? "the session's last statistics before it stopped" : 'OpenTraceW';
    if (l.eventsLost > 0 || l.buffersLost > 0) stderr.write(`warning: ${l.session}: ${l.eventsLost} events lost, ${l.buffersLost} buffers lost (from ${from})\n`);
    else say(`${l.session}: no events lost (from ${from})\n`);
  }
  if (run.interrupted) return ExitCode.INTERRUPTED;
  if (run.status !== WIN32.SUCCESS && run.status !== WIN32.CANCELLED) {
    stderr.write(`${PREFIX}ProcessTrace failed with Win32 error ${run.status}${message(run.status) ? `: ${message(run.status)}` : ''} (the outputs hold the events read until then)\n`);
    return ExitCode.INPUT;
  }
  return ExitCode.OK;
}
