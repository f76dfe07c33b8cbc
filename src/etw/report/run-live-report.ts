/**
 * The report pipeline over running real-time sessions (tracerpt -rt): the same
 * decoder, filter and sinks as the ordered pass over files, fed with each record
 * in time order (as ETW delivers single events, or as the live merge releases the
 * records of whole buffers: live/buffer-merge.ts). It ends when every session stops
 * (ProcessTrace returns) or when `interrupt` fires: then the sessions' losses
 * are read while they still run (they are also sampled about once a second,
 * for sessions stopped from outside), the consumers are closed, ProcessTrace delivers
 * what was buffered, and the sinks complete their outputs either way. The
 * losses also go into the inputs' facts, so the summary counts them.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { LiveSessions, SessionLoss } from '../live/live-sessions.js';
import { recordFeeder } from './record-feeder.js';
import type { ReportRunOptions } from './run-report.js';

/** How often the sessions' statistics are sampled (also on the first record). */
const STATISTICS_EVERY_MS = 1000;

export interface LiveReportOptions extends Pick<ReportRunOptions, 'makeSinks' | 'makeDecoder' | 'makeFilter' | 'onOpen'> {
  sessions: LiveSessions;
  /** Aborting stops the run early and cleanly (Ctrl-C). */
  interrupt: AbortSignal;
}

export interface LiveReportRun {
  records: number;
  files: EtlFileInfo[];
  /** True when `interrupt` ended the run. */
  interrupted: boolean;
  /** ProcessTrace's status. */
  status: number;
  losses: SessionLoss[];
}

export async function runLiveReport(o: LiveReportOptions): Promise<LiveReportRun> {
  const { sessions } = o;
  const files = sessions.files;
  let losses: SessionLoss[] | null = null;
  let interrupted = false;
  let sampler: NodeJS.Timeout | undefined;
  const stop = () => {
    if (interrupted) return;
    interrupted = true;
    losses = sessions.losses(); // while the sessions still run
    sessions.close();
  };
  try {
    o.onOpen?.(files);
    const decoder = o.makeDecoder(files);
    const accept = o.makeFilter?.(files) ?? null;
    const sinks = o.makeSinks(files, decoder);
    for (const s of sinks) s.begin({ files });
    const feed = recordFeeder(sinks, decoder, accept);
    let records = 0;
    let sampledAt = 0;
    const sample = () => { sampledAt = Date.now(); sessions.sample(); };
    sampler = setInterval(sample, STATISTICS_EVERY_MS);
    sampler.unref();
    if (o.interrupt.aborted) stop();
    else o.interrupt.addEventListener('abort', stop, { once: true });
    const status = await sessions.process((record) => {
      records++;
      feed(record);
      if (Date.now() - sampledAt >= STATISTICS_EVERY_MS) sample();
    });
    o.interrupt.removeEventListener('abort', stop);
    const lost: SessionLoss[] = losses ?? sessions.losses();
    lost.forEach((l, i) => {
      const f = files[i]!;
      f.header = { ...f.header, eventsLost: l.eventsLost, buffersLost: l.buffersLost };
    });
    for (const s of sinks) await s.end();
    return { records, files, interrupted, status, losses: lost };
  } finally {
    clearInterval(sampler);
    o.interrupt.removeEventListener('abort', stop);
    sessions.close();
  }
}
