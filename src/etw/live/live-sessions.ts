/**
 * Consuming running real-time sessions (tracerpt -rt; docs/architecture.md F14).
 * Each session is opened as a consumer, one ProcessTrace runs over all of them
 * off the JavaScript thread, and each record goes to the caller as an EtlRecord;
 * CloseTrace stops early. Two ways to open a session:
 *  - events (the default): OpenTraceW in real-time, event-record mode with the
 *    session's index as Context; ETW hands over one EVENT_RECORD at a time, in
 *    time order over all sessions (delivered-record.ts);
 *  - buffers: OpenTraceFromRealTimeLogger (newer Windows) without an event
 *    callback; ETW hands over whole buffers, read with the .etl buffer reader
 *    (etl/buffer-records.ts): records in buffer order, raw times converted with
 *    the session's clock anchored on QueryPerformanceCounter/system time read at open.
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
import { recordFromDelivered } from './delivered-record.js';

/** A session that could not be opened: its name and the Win32 status of the open call. */
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
   * the session stopped; 'consumer': never sampled, what the open call reported.
   */
  source: 'statistics' | 'last statistics' | 'consumer';
}

export interface LiveOpenOptions {
  /** Take whole buffers (OpenTraceFromRealTimeLogger) instead of one EVENT_RECORD at a time. */
  buffers?: boolean;
  /** A buffer whose records could not all be read (buffer mode): one line. */
  onWarning?: (text: string) => void;
}

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

  private constructor(
    private readonly api: EtwApi, private readonly sessions: OpenSession[], private readonly layout: TraceLogfileLayout,
    private readonly options: LiveOpenOptions,
  ) {
    this.files = sessions.map((s, i) => sessionInfo(s, i, layout));
    const starts = this.files.map((f) => f.header.startTime).filter((t) => t > 0n);
    this.epoch = starts.length > 0 ? starts.reduce((a, b) => (b < a ? b : a)) : 0n;
    this.reading = options.buffers === true ? this.files.map((f) => ({ clock: this.clockOf(f), last: new Map(), buffers: 0 })) : [];
  }

  /** Opens every session, or none: on a failure the ones opened are closed and LiveSessionError is thrown. */
  static open(api: EtwApi, names: string[], options: LiveOpenOptions = {}, layout: TraceLogfileLayout = hostTraceLogfileLayout()): LiveSessions {
    const sessions: OpenSession[] = [];
    let live: LiveSessions | null = null;
    const deliver = (ev: DeliveredEventRecord) => live?.deliver(ev);
    const fail = (name: string, status: number): never => {
      for (const s of sessions) api.closeTrace(s.handle);
      throw new LiveSessionError(name, status, api.formatMessage(status));
    };
    for (const [i, name] of names.entries()) {
      if (options.buffers === true) {
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
      live = new LiveSessions(api, sessions, layout, options);
    } catch (e) {
      for (const s of sessions) api.closeTrace(s.handle);
      throw e;
    }
    return live;
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
      throw new LiveSessionError(f.path, WIN32.NOT_SUPPORTED,
        `its clock (${h.reservedFlags === 3 ? 'the CPU cycle counter' : `type ${h.reservedFlags}, frequency ${h.perfFreq}`}) cannot be converted from whole buffers; read it without --rt-buffers`);
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

  private deliverBuffer(index: number, b: Buffer): void {
    if (this.onRecord === null || this.failure !== null) return;
    const onRecord = this.onRecord;
    const reading = this.reading[index]!;
    const n = ++reading.buffers;
    const cpu = b.length >= 0x2a ? b.readUInt16LE(0x28) & 0x07ff : 0;
    let last = reading.last.get(cpu);
    if (last === undefined) reading.last.set(cpu, (last = { lo: 0, hi: 0 }));
    try {
      readBufferRecords(b, {
        fileIndex: index, clock: reading.clock, last, onRecord,
        onDamage: (at, reason) => this.options.onWarning?.(`${this.sessions[index]!.name}: buffer ${n} (processor ${cpu}), offset 0x${at.toString(16)}: ${reason}; the rest of this buffer is skipped`),
      });
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
