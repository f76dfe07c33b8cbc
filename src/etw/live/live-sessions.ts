/**
 * Consuming running real-time sessions (tracerpt -rt; docs/architecture.md F14): OpenTraceW for each
 * session (real-time, event-record mode, its index as the consumer's Context),
 * one ProcessTrace over all of them off the JavaScript thread, each delivered
 * EVENT_RECORD turned into an EtlRecord (delivered-record.ts) for the caller,
 * CloseTrace to stop early. Each session is presented as an input like a file
 * (EtlFileInfo) from the TRACE_LOGFILE_HEADER that OpenTraceW fills in. The
 * events a session lost come from its statistics (ControlTraceW QUERY), sampled
 * while it runs: a session stopped by `etwkit stop` can no longer be asked, so
 * its last sample stands.
 */
import type { DeliveredEventRecord, EtwApi } from '../control/api/etw-api.js';
import { TRACE_CONTROL } from '../control/api/etw-constants.js';
import { encodeQueryProperties, decodeTraceProperties } from '../control/session/trace-properties.js';
import { encodeRealTimeLogfile, hostTraceLogfileLayout, logfileHeaderOf, type TraceLogfileLayout } from '../control/api/trace-logfile.js';
import { WIN32 } from '../control/api/win32-error.js';
import { parseLogfileHeader } from '../etl/logfile-header.js';
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { recordFromDelivered } from './delivered-record.js';

/** A session that could not be opened: its name and the Win32 status of OpenTraceW. */
export class LiveSessionError extends Error {
  constructor(readonly session: string, readonly code: number, detail: string | null) {
    super(`real-time session "${session}" cannot be opened: ${detail ?? `Win32 error ${code}`}${code === WIN32.WMI_INSTANCE_NOT_FOUND ? ' (is it running with -rt? etwkit start NAME … -rt -ets)' : ''}`);
    this.name = 'LiveSessionError';
  }
}

/** What a session lost, and where the numbers come from. */
export interface SessionLoss {
  session: string;
  eventsLost: number;
  buffersLost: number;
  /**
   * 'statistics': ControlTraceW QUERY at the end; 'last statistics': the last sample before
   * the session stopped; 'consumer': never sampled, what OpenTraceW wrote into the consumer's logfile.
   */
  source: 'statistics' | 'last statistics' | 'consumer';
}

interface OpenSession {
  name: string;
  logfile: Buffer;
  handle: bigint;
  closed: boolean;
  /** The last statistics sample, if any succeeded. */
  sampled: { eventsLost: number; buffersLost: number } | null;
}

export class LiveSessions {
  readonly files: EtlFileInfo[];
  private onRecord: ((r: EtlRecord) => void) | null = null;
  private failure: unknown = null;
  private readonly epoch: bigint;

  private constructor(private readonly api: EtwApi, private readonly sessions: OpenSession[], private readonly layout: TraceLogfileLayout) {
    this.files = sessions.map((s, i) => sessionInfo(s, i, layout));
    const starts = this.files.map((f) => f.header.startTime).filter((t) => t > 0n);
    this.epoch = starts.length > 0 ? starts.reduce((a, b) => (b < a ? b : a)) : 0n;
  }

  /** Opens every session, or none: on a failure the ones opened are closed and LiveSessionError is thrown. */
  static open(api: EtwApi, names: string[], layout: TraceLogfileLayout = hostTraceLogfileLayout()): LiveSessions {
    const sessions: OpenSession[] = [];
    let live: LiveSessions | null = null;
    const deliver = (ev: DeliveredEventRecord) => live?.deliver(ev);
    for (const [i, name] of names.entries()) {
      const logfile = encodeRealTimeLogfile(i, layout);
      const opened = api.openTrace(name, logfile, deliver);
      if (opened.status !== 0) {
        for (const s of sessions) api.closeTrace(s.handle);
        throw new LiveSessionError(name, opened.status, api.formatMessage(opened.status));
      }
      sessions.push({ name, logfile, handle: opened.handle, closed: false, sampled: null });
    }
    live = new LiveSessions(api, sessions, layout);
    return live;
  }

  private deliver(ev: DeliveredEventRecord): void {
    if (this.onRecord === null || this.failure !== null) return;
    try {
      this.onRecord(recordFromDelivered(ev, this.epoch, this.layout.pointerSize));
    } catch (e) {
      // Nothing may be thrown back into ETW's thread: keep the first failure, stop, rethrow from process().
      this.failure = e;
      this.close();
    }
  }

  /**
   * Runs ProcessTrace over every session, handing each record to `onRecord`;
   * resolves with ProcessTrace's status when the sessions stop or are closed.
   */
  async process(onRecord: (r: EtlRecord) => void): Promise<number> {
    this.onRecord = onRecord;
    try {
      const status = await this.api.processTrace(this.sessions.map((s) => s.handle));
      if (this.failure !== null) throw this.failure;
      return status;
    } finally {
      this.onRecord = null;
    }
  }

  /**
   * CloseTrace for every session not closed yet: ProcessTrace delivers what is buffered,
   * then returns (CloseTrace answers ERROR_CTX_CLOSE_PENDING meanwhile). Its status is not
   * checked: a consumer that cannot be closed has nothing left to stop, and this runs from
   * Ctrl-C and cleanup paths that must not fail.
   */
  close(): void {
    for (const s of this.sessions) {
      if (s.closed) continue;
      s.closed = true;
      this.api.closeTrace(s.handle);
    }
  }

  /** The system text of a Win32 code (for ProcessTrace's status). */
  formatMessage(code: number): string | null {
    return this.api.formatMessage(code);
  }

  /** Samples every session's statistics (ControlTraceW QUERY); false for the sessions that no longer run. */
  sample(): boolean[] {
    return this.sessions.map((s) => {
      const query = encodeQueryProperties();
      if (this.api.controlTrace(0n, s.name, query, TRACE_CONTROL.QUERY) !== WIN32.SUCCESS) return false;
      const p = decodeTraceProperties(query);
      s.sampled = { eventsLost: p.eventsLost, buffersLost: p.logBuffersLost + p.realTimeBuffersLost };
      return true;
    });
  }

  /** What each session lost: sampled now while it runs, else its last sample, else what OpenTraceW reported. */
  losses(): SessionLoss[] {
    const now = this.sample();
    return this.sessions.map((s, i) => {
      if (s.sampled !== null) return { session: s.name, ...s.sampled, source: now[i] ? 'statistics' as const : 'last statistics' as const };
      const header = parseLogfileHeader(logfileHeaderOf(s.logfile, this.layout), this.layout.pointerSize, s.name, 0);
      return { session: s.name, eventsLost: s.logfile.readUInt32LE(this.layout.offsets.EventsLost), buffersLost: header.buffersLost, source: 'consumer' as const };
    });
  }
}

/** A session as an input of the run: the facts of the TRACE_LOGFILE_HEADER OpenTraceW wrote, named after the session. */
function sessionInfo(s: OpenSession, fileIndex: number, layout: TraceLogfileLayout): EtlFileInfo {
  const header = { ...parseLogfileHeader(logfileHeaderOf(s.logfile, layout), layout.pointerSize, s.name, 0), loggerName: s.name, logFileName: '' };
  return {
    path: s.name, fileIndex, size: 0, header, anchorRaw: 0n, headerPointerSize: layout.pointerSize,
    buffers: 0, compressedBuffers: 0, buffersFlaggedLost: 0, processors: header.numberOfProcessors, buffersMissing: 0, damagedRegions: 0,
  };
}
