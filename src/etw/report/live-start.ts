/**
 * What a `report -rt` run needs before its live pass (run-live-report.ts): the
 * real-time sessions opened through the machine's EtwApi (Windows only:
 * elsewhere loading it throws EtwPlatformError; a session that cannot be read
 * throws LiveSessionError), and Ctrl-C turned into a clean ending (the first one
 * fires an AbortSignal that closes the consumers so the run completes its
 * outputs; a second one aborts as usual).
 */
import { loadEtwApi } from '../control/api/load-etw-api.js';
import { LiveSessions, type LiveOpenOptions } from '../live/live-sessions.js';
import { deferInterrupt } from '../render/output-file.js';

export async function openLiveSessions(names: string[], options: LiveOpenOptions): Promise<LiveSessions> {
  return LiveSessions.open(await loadEtwApi(), names, options);
}

/** An AbortSignal the first Ctrl-C fires (the second one aborts as usual); `release` hands Ctrl-C back. */
export function ctrlC(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = deferInterrupt(() => controller.abort());
  return { signal: controller.signal, release };
}
