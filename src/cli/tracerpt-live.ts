/**
 * What `report -rt` adds around the report run: opening the sessions (on
 * Windows only; elsewhere one line saying so), Ctrl-C as a clean ending (the
 * first one closes the consumers and the run completes its outputs; exit 130),
 * and the closing lines: what each session lost, and a ProcessTrace failure.
 */
import { EtwPlatformError, loadEtwApi } from '../etw/control/api/load-etw-api.js';
import { WIN32 } from '../etw/control/api/win32-error.js';
import { LiveSessionError, LiveSessions, type LiveOpenOptions } from '../etw/live/live-sessions.js';
import { deferInterrupt } from '../etw/render/output-file.js';
import { ExitCode } from '../etw/report/exit-codes.js';
import type { LiveReportRun } from '../etw/report/run-live-report.js';

const PREFIX = 'etwkit report: ';

/** The opened sessions, or the exit code after one line on `stderr` saying why they cannot be read. */
export async function openLiveSessions(names: string[], options: LiveOpenOptions, stderr: { write(text: string): unknown }): Promise<LiveSessions | number> {
  try {
    return LiveSessions.open(await loadEtwApi(), names, options);
  } catch (e) {
    if (e instanceof EtwPlatformError) {
      stderr.write(`${PREFIX}-rt reads real-time ETW sessions, which needs Windows (this is ${e.platform}); record to an .etl file there and report on that here\n`);
      return ExitCode.INPUT;
    }
    if (e instanceof LiveSessionError) {
      stderr.write(PREFIX + e.message + '\n');
      return ExitCode.INPUT;
    }
    throw e;
  }
}

/** An AbortSignal the first Ctrl-C fires (the second one aborts as usual); `release` hands Ctrl-C back. */
export function ctrlC(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = deferInterrupt(() => controller.abort());
  return { signal: controller.signal, release };
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
