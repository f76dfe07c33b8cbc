/**
 * Consuming running real-time sessions (tracerpt -rt; docs/architecture.md F14).
 * Each session is opened as a consumer, one ProcessTrace runs over all of them
 * off the JavaScript thread, and each record goes to the caller as an EtlRecord;
 * CloseTrace stops early. Two ways to open a session:
 *  - buffers (the default where Windows has OpenTraceFromRealTimeLogger): no
 *    event callback; ETW hands over whole buffers, read with the .etl buffer
 *    reader (etl/buffer-records.ts), raw times converted with the session's clock
 *    anchored on QueryPerformanceCounter/system time read at open, and put back in
 *    time order across processors and sessions by buffer-merge.ts;
 *  - events: OpenTraceW in real-time, event-record mode with the session's index
 *    as Context; ETW hands over one EVENT_RECORD at a time, in time order over all
 *    sessions (delivered-record.ts). Used when asked for (--rt-events), and when
 *    the buffer consumer is missing (older Windows), not implemented (Wine) or
 *    cannot convert the session's clock.
 * Each session is presented as an input like a file (EtlFileInfo) from the
 * TRACE_LOGFILE_HEADER the open call fills in. The events a session lost come
 * from its statistics (ControlTraceW QUERY), sampled while it runs: a session
 * stopped by `etwkit stop` can no longer be asked, so its last sample stands.
 */
import type { DeliveredEventRecord, EtwApi } from '../control/api/etw-api.js';
import { TRACE_CONTROL } from '../control/api/etw-constants.js';
import { encodeBufferConsumerOptions } from '../control/api/open-trace-options.js';
import { encodeQueryProperties, decodeTraceProperties } from '../control/session/trace-properties.js';
import { encodeRealTimeLogfile, hostTraceLogfileLayout, logfileHeaderOf, type TraceLogfileLayout } from '../control/api/trace-logfile.js';
import { WIN32 } from '../control/api/win32-error.js';
import { readBufferRecords } from '../etl/buffer-records.js';
import { ClockConverter } from '../etl/clock.js';
import type { RawParts } from '../etl/event-header.js';
import { parseLogfileHeader, type LogfileHeader } from '../etl/logfile-header.js';
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { BufferMerge, DEFAULT_QUIET_MS, type BufferMergeOptions } from './buffer-merge.js';
import { recordFromDelivered } from './delivered-record.js';

/** A session that could not be opened: its name and the Win32 status of the open call. */
export class LiveSessionError extends Error {
  /** `clockProblem`: the session's clock, not the open call, is what failed (said without advice). */
  constructor(readonly session: string, readonly code: number, readonly detail: string | null, readonly clockProblem: string | null = null) {
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
   * the session stopped; 'consumer': never sampled, what the open call reported.
   */
  source: 'statistics' | 'last statistics' | 'consumer';
}

/**
 * How sessions are read: 'auto' takes whole buffers where the system can, else one
 * event at a time; 'buffers' insists on buffers (an error where they cannot be had);
 * 'events' takes one EVENT_RECORD at a time.
 */
export type LiveReadMode = 'auto' | 'buffers' | 'events';

export interface LiveOpenOptions {
  mode?: LiveReadMode;
  /** A buffer whose records could not all be read, or merged order that could not be kept (buffer mode): one line. */
  onWarning?: (text: string) => void;
  /** Why 'auto' reads events instead of buffers: one line, said before the sessions are opened for events. */
  onInfo?: (text: string) => void;
  /** Buffer mode: the merge's clock, quiet bound and memory cap (tests), and how often it looks at the clock (ms). */
  merge?: Pick<BufferMergeOptions, 'now' | 'quietMs' | 'maxHeldBytes'> & { tickMs?: number };
}

/** Win32 answers of OpenTraceFromRealTimeLogger that mean "not on this system": 'auto' then reads events. */
const BUFFERS_UNAVAILABLE: ReadonlySet<number> = new Set([WIN32.PROC_NOT_FOUND, WIN32.CALL_NOT_IMPLEMENTED, WIN32.NOT_SUPPORTED]);

/** How often the merge looks at the clock when no buffer arrives (a quiet processor stops holding the others back). */
const MERGE_TICK_MS = 250;

interface OpenSession {
  name: string;
  handle: bigint;
  /** The TRACE_LOGFILE_HEADER bytes the open call wrote. */
  header: Buffer;
  /** OpenTraceW's EVENT_TRACE_LOGFILEW (events mode), null in buffer mode. */
  logfile: Buffer | null;
  closed: boolean;
  /** The last statistics sample, if any succeeded. */
  sampled: { eventsLost: number; buffersLost: number } | null;
}

/** A buffer-mode session's clock and, per processor, the last raw time read. */
interface BufferReading {
  clock: ClockConverter;
  last: Map<number, RawParts>;
  buffers: number;
}

export class LiveSessions {
  readonly files: EtlFileInfo[];
  private onRecord: ((r: EtlRecord) => void) | null = null;
  private failure: unknown = null;
  private readonly epoch: bigint;
  /** Buffer mode: one per session; empty in events mode. */
  private readonly reading: BufferReading[];
  /** Buffer mode: the time-ordered merge of every session's processor streams. */
  private readonly merge: BufferMerge | null;

  private constructor(
    private readonly api: EtwApi, private readonly sessions: OpenSession[], private readonly layout: TraceLogfileLayout,
    private readonly options: LiveOpenOptions, buffers: boolean,
  ) {
    this.files = sessions.map((s, i) => sessionInfo(s, i, layout));
    const starts = this.files.map((f) => f.header.startTime).filter((t) => t > 0n);
    this.epoch = starts.length > 0 ? starts.reduce((a, b) => (b < a ? b : a)) : 0n;
    this.reading = buffers ? this.files.map((f) => ({ clock: this.clockOf(f), last: new Map(), buffers: 0 })) : [];
    this.merge = buffers ? this.makeMerge() : null;
  }

  /** True when the sessions are read as whole buffers. */
  get buffers(): boolean {
    return this.merge !== null;
  }

  /**
   * Opens every session, or none: on a failure the ones opened are closed and LiveSessionError
   * is thrown. Mode 'auto' tries buffers and, where the system has no buffer consumer or the
   * session's clock cannot be converted from raw buffers, opens the sessions for events instead.
   */
  static open(api: EtwApi, names: string[], options: LiveOpenOptions = {}, layout: TraceLogfileLayout = hostTraceLogfileLayout()): LiveSessions {
    const mode = options.mode ?? 'auto';
    if (mode === 'events') return LiveSessions.openAs(api, names, options, layout, false);
    try {
      return LiveSessions.openAs(api, names, options, layout, true);
    } catch (e) {
      if (mode === 'buffers' || !(e instanceof LiveSessionError) || !BUFFERS_UNAVAILABLE.has(e.code)) throw e;
      options.onInfo?.(e.clockProblem !== null
        ? `${e.session}: ${e.clockProblem}; reading events one at a time`
        : `whole real-time buffers are not available here (OpenTraceFromRealTimeLogger: Win32 error ${e.code}${e.detail !== null ? `, ${e.detail}` : ''}); reading events one at a time`);
      return LiveSessions.openAs(api, names, options, layout, false);
    }
  }

  private static openAs(api: EtwApi, names: string[], options: LiveOpenOptions, layout: TraceLogfileLayout, buffers: boolean): LiveSessions {
    const sessions: OpenSession[] = [];
    let live: LiveSessions | null = null;
    const deliver = (ev: DeliveredEventRecord) => live?.deliver(ev);
    const fail = (name: string, status: number): never => {
      for (const s of sessions) api.closeTrace(s.handle);
      throw new LiveSessionError(name, status, api.formatMessage(status));
    };
    for (const [i, name] of names.entries()) {
      if (buffers) {
        const header = Buffer.alloc(layout.headerSize);
        const opened = api.openTraceFromRealTimeLogger(name, encodeBufferConsumerOptions(), header, (b) => live?.deliverBuffer(i, b));
        if (opened.status !== 0) fail(name, opened.status);
        sessions.push({ name, handle: opened.handle, header, logfile: null, closed: false, sampled: null });
      } else {
        const logfile = encodeRealTimeLogfile(i, layout);
        const opened = api.openTrace(name, logfile, deliver);
        if (opened.status !== 0) fail(name, opened.status);
        sessions.push({ name, handle: opened.handle, header: logfileHeaderOf(logfile, layout), logfile, closed: false, sampled: null });
      }
    }
    try {
      live = new LiveSessions(api, sessions, layout, options, buffers);
    } catch (e) {
      for (const s of sessions) api.closeTrace(s.handle);
      throw e;
    }
    return live;
  }

  /**
   * The merge of the buffer mode. A stream quiet for longer than the sessions' flush
   * timer (plus a second) or DEFAULT_QUIET_MS stops holding the others back.
   */
  private makeMerge(): BufferMerge {
    const m = this.options.merge;
    const flushMs = Math.max(0, ...this.sessions.map((s) => this.flushTimerSeconds(s.name) * 1000 + 1000));
    const merge = new BufferMerge({
      sessions: this.sessions.map((s) => s.name),
      onRecord: (r) => this.onRecord?.(r),
      onWarning: (text) => this.options.onWarning?.(text),
      now: m?.now, quietMs: m?.quietMs ?? Math.max(DEFAULT_QUIET_MS, flushMs), maxHeldBytes: m?.maxHeldBytes,
    });
    this.files.forEach((f, i) => merge.expect(i, f.header.numberOfProcessors));
    return merge;
  }

  /** The session's FlushTimer in seconds (ControlTraceW QUERY), 0 when it cannot be asked. */
  private flushTimerSeconds(name: string): number {
    const query = encodeQueryProperties();
    return this.api.controlTrace(0n, name, query, TRACE_CONTROL.QUERY) === WIN32.SUCCESS ? decodeTraceProperties(query).flushTimerSeconds : 0;
  }

  /**
   * The clock of a buffer-mode session: system time is already FILETIME; a QPC clock
   * is anchored on QueryPerformanceCounter and the precise system time read now.
   */
  private clockOf(f: EtlFileInfo): ClockConverter {
    const h = f.header;
    let clock: ClockConverter;
    if (h.reservedFlags === 2) clock = new ClockConverter(h, h.startTime);
    else if ((h.reservedFlags === 1 || h.reservedFlags === 0) && h.perfFreq > 0n) {
      const now = this.api.clockNow();
      clock = new ClockConverter({ ...h, startTime: now.fileTime, reservedFlags: 1 }, now.qpc);
    } else {
      const problem = `its clock (${h.reservedFlags === 3 ? 'the CPU cycle counter' : `type ${h.reservedFlags}, frequency ${h.perfFreq}`}) cannot be converted from whole buffers`;
      throw new LiveSessionError(f.path, WIN32.NOT_SUPPORTED, `${problem}; read it without --rt-buffers`, problem);
    }
    clock.setEpoch(this.epoch);
    return clock;
  }

  private deliver(ev: DeliveredEventRecord): void {
    if (this.onRecord === null || this.failure !== null) return;
    try {
      this.onRecord(recordFromDelivered(ev, this.epoch, this.layout.pointerSize));
    } catch (e) {
      this.fail(e);
    }
  }

  /** One buffer of session `index`: its records into the merge (processor and sequence number from its header, F1). */
  private deliverBuffer(index: number, b: Buffer): void {
    if (this.onRecord === null || this.failure !== null) return;
    const reading = this.reading[index]!;
    const n = ++reading.buffers;
    const cpu = b.length >= 0x2a ? b.readUInt16LE(0x28) & 0x07ff : 0;
    const seq = b.length >= 0x20 ? Number(b.readBigInt64LE(0x18)) : 0;
    let last = reading.last.get(cpu);
    if (last === undefined) reading.last.set(cpu, (last = { lo: 0, hi: 0 }));
    const records: EtlRecord[] = [];
    try {
      readBufferRecords(b, {
        fileIndex: index, clock: reading.clock, last, onRecord: (r) => { records.push(r); },
        onDamage: (at, reason) => this.options.onWarning?.(`${this.sessions[index]!.name}: buffer ${n} (processor ${cpu}), offset 0x${at.toString(16)}: ${reason}; the rest of this buffer is skipped`),
      });
      this.merge!.add(index, cpu, seq, records, b.length);
    } catch (e) {
      this.fail(e);
    }
  }

  /** The merge's look at the clock between buffers. */
  private tick(): void {
    if (this.onRecord === null || this.failure !== null) return;
    try {
      this.merge!.release();
    } catch (e) {
      this.fail(e);
    }
  }

  /** Nothing may be thrown back into ETW's thread: keep the first failure, stop, rethrow from process(). */
  private fail(e: unknown): void {
    this.failure = e;
    this.close();
  }

  /**
   * Runs ProcessTrace over every session, handing each record to `onRecord`;
   * resolves with ProcessTrace's status when the sessions stop or are closed.
   */
  async process(onRecord: (r: EtlRecord) => void): Promise<number> {
    this.onRecord = onRecord;
    const ticker = this.merge !== null ? setInterval(() => this.tick(), this.options.merge?.tickMs ?? MERGE_TICK_MS) : undefined;
    ticker?.unref();
    try {
      const status = await this.api.processTrace(this.sessions.map((s) => s.handle));
      clearInterval(ticker);
      if (this.failure === null) {
        try {
          this.merge?.flush(); // what the merge still holds: every stream has ended
        } catch (e) {
          this.failure = e;
        }
      }
      if (this.failure !== null) throw this.failure;
      return status;
    } finally {
      clearInterval(ticker);
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

  /** What each session lost: sampled now while it runs, else its last sample, else what the open call reported. */
  losses(): SessionLoss[] {
    const now = this.sample();
    return this.sessions.map((s, i) => {
      if (s.sampled !== null) return { session: s.name, ...s.sampled, source: now[i] ? 'statistics' as const : 'last statistics' as const };
      const header = headerOf(s, this.layout);
      const eventsLost = s.logfile !== null ? s.logfile.readUInt32LE(this.layout.offsets.EventsLost) : header.eventsLost;
      return { session: s.name, eventsLost, buffersLost: header.buffersLost, source: 'consumer' as const };
    });
  }
}

function headerOf(s: OpenSession, layout: TraceLogfileLayout): LogfileHeader {
  return parseLogfileHeader(s.header, layout.pointerSize, s.name, 0);
}

/** A session as an input of the run: the facts of the TRACE_LOGFILE_HEADER the open call wrote, named after the session. */
function sessionInfo(s: OpenSession, fileIndex: number, layout: TraceLogfileLayout): EtlFileInfo {
  const header = { ...headerOf(s, layout), loggerName: s.name, logFileName: '' };
  return {
    path: s.name, fileIndex, size: 0, header, anchorRaw: 0n, headerPointerSize: layout.pointerSize,
    buffers: 0, compressedBuffers: 0, buffersFlaggedLost: 0, processors: header.numberOfProcessors, buffersMissing: 0, damagedRegions: 0,
  };
}
