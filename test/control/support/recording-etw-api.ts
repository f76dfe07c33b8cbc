// A recording fake of EtwApi for command tests: it records every call with a copy of its
// argument bytes, and behaves like a small ETW (sessions by name, LoggerIds, providers with
// TDH keyword/level tables and registering processes) so start → query → stop can be observed.
// Real-time sessions have consumers: OpenTraceW checks the mode and the session, ProcessTrace
// hands the events queued with deliverRealTime() to the callbacks (one per turn of the event
// loop) until the sessions stop or CloseTrace is called, draining what is queued first;
// buffer consumers (OpenTraceFromRealTimeLogger) get the buffers queued with deliverRealTimeBuffers().
// Several consumers are served in turn, one event or buffer each.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DeliveredEventRecord, EtwApi, OpenTraceResult, SizedResult, StartTraceResult } from '../../../src/etw/control/api/etw-api.js';
import { hostEventRecordLayout } from '../../../src/etw/control/api/event-record.js';
import { LOG_FILE_MODE } from '../../../src/etw/control/api/etw-constants.js';
import { hostTraceLogfileLayout, INVALID_PROCESSTRACE_HANDLE, PROCESS_TRACE_MODE, readPointer } from '../../../src/etw/control/api/trace-logfile.js';
import { hostOpenTraceOptionsLayout } from '../../../src/etw/control/api/open-trace-options.js';
import { Guid } from '../../../src/etw/control/api/guid.js';
import { decodeTraceProperties, hostLayout } from '../../../src/etw/control/session/trace-properties.js';
import { BlobField, BlobInstance, fieldArrayBlob, guidListBlob, providerEnumerationBlob, traceGuidInfoBlob } from './etw-blobs.js';

export type RecordedCall =
  | { fn: 'StartTraceW'; name: string; properties: Buffer }
  | { fn: 'ControlTraceW'; handle: bigint; name: string | null; properties: Buffer; controlCode: number }
  | { fn: 'EnableTraceEx2'; handle: bigint; provider: string; controlCode: number; level: number; matchAny: bigint; matchAll: bigint; timeout: number; parameters: Buffer | null }
  | { fn: 'QueryAllTracesW'; slots: number }
  | { fn: 'EnumerateTraceGuidsEx'; infoClass: number; input: string | null; outSize: number }
  | { fn: 'TdhEnumerateProviders'; size: number }
  | { fn: 'TdhEnumerateProviderFieldInformation'; provider: string; fieldType: number; size: number }
  | { fn: 'TdhEnumerateManifestProviderEvents'; provider: string; size: number }
  | { fn: 'TdhGetManifestEventInformation'; provider: string; descriptor: Buffer; size: number }
  | { fn: 'TdhGetEventMapInformation'; event: Buffer; mapName: string; size: number }
  | { fn: 'FormatMessageW'; code: number }
  | { fn: 'OpenTraceW'; name: string; logfile: Buffer }
  | { fn: 'OpenTraceFromRealTimeLogger'; name: string; options: Buffer }
  | { fn: 'QueryPerformanceCounter' }
  | { fn: 'ProcessTrace'; handles: bigint[] }
  | { fn: 'CloseTrace'; handle: bigint };

interface FakeConsumer {
  session: string;
  context: bigint;
  /** An OpenTraceW consumer gets events; an OpenTraceFromRealTimeLogger one whole buffers. */
  onEvent: ((event: DeliveredEventRecord) => void) | null;
  onBuffer: ((buffer: Buffer) => void) | null;
  closed: boolean;
}

/** What TDH knows of one manifest provider: each event's descriptor and TRACE_EVENT_INFO, and its maps' EVENT_MAP_INFO by name. */
export interface FakeManifestProvider {
  events: { descriptor: Buffer; info: Buffer }[];
  maps: Map<string, Buffer>;
}

export interface FakeProvider {
  guid: Guid;
  name: string;
  keywords?: BlobField[];
  levels?: BlobField[];
  pids?: number[];
  schemaSource?: number;
}

interface FakeSession {
  name: string;
  loggerId: number;
  properties: Buffer;
  stats: SessionStats;
}

export interface SessionStats { buffersWritten: number; logBuffersLost: number; realTimeBuffersLost: number; eventsLost?: number }

const MESSAGES: Record<number, string> = {
  87: 'The parameter is incorrect.',
  1450: 'Insufficient system resources exist to complete the requested service.',
  4201: 'The instance name passed was not recognized as valid by a WMI data provider.',
};

export class RecordingEtwApi implements EtwApi {
  readonly calls: RecordedCall[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly providers: FakeProvider[] = [];
  /** Enables per provider GUID: LoggerId → enable info. */
  private readonly enables = new Map<string, Map<number, { level: number; any: bigint; all: bigint; property: number }>>();
  private readonly failures = new Map<string, number[]>();
  private nextLoggerId = 0x21;
  /** Manifest providers TDH describes, by lower-case GUID without braces. */
  readonly manifestProviders = new Map<string, FakeManifestProvider>();

  /** The next call(s) of `fn` return `status` (queued). */
  failNext(fn: RecordedCall['fn'], status: number): this {
    this.failures.set(fn, [...(this.failures.get(fn) ?? []), status]);
    return this;
  }

  addProvider(p: FakeProvider): this {
    this.providers.push(p);
    return this;
  }

  /** Adds a running session as if another tool had started it. */
  addSession(name: string, props: Buffer, stats: SessionStats = { buffersWritten: 0, logBuffersLost: 0, realTimeBuffersLost: 0 }): number {
    const loggerId = this.nextLoggerId++;
    this.sessions.set(name.toLowerCase(), { name, loggerId, properties: Buffer.from(props), stats });
    return loggerId;
  }

  enableDirectly(guid: Guid, loggerId: number, level: number, any: bigint, all = 0n, property = 0): void {
    const m = this.enables.get(guid.toString()) ?? new Map();
    m.set(loggerId, { level, any, all, property });
    this.enables.set(guid.toString(), m);
  }

  callsOf<F extends RecordedCall['fn']>(fn: F): Extract<RecordedCall, { fn: F }>[] {
    return this.calls.filter((c): c is Extract<RecordedCall, { fn: F }> => c.fn === fn);
  }

  private injected(fn: RecordedCall['fn']): number | undefined {
    const q = this.failures.get(fn);
    return q && q.length > 0 ? q.shift() : undefined;
  }

  private writeBack(target: Buffer, s: FakeSession): void {
    const layout = hostLayout();
    const o = layout.offsets;
    const nameOffset = target.readUInt32LE(o.LoggerNameOffset);
    const fileOffset = target.readUInt32LE(o.LogFileNameOffset);
    s.properties.copy(target, 0, 0, layout.size);
    target.writeUInt32LE(target.length, o['Wnode.BufferSize']);
    target.writeBigUInt64LE(0xffffc000_00000000n | BigInt(s.loggerId), o['Wnode.HistoricalContext']);
    target.writeUInt32LE(s.stats.buffersWritten, o.BuffersWritten);
    target.writeUInt32LE(s.stats.logBuffersLost, o.LogBuffersLost);
    target.writeUInt32LE(s.stats.realTimeBuffersLost, o.RealTimeBuffersLost);
    target.writeUInt32LE(s.stats.eventsLost ?? 0, o.EventsLost);
    target.writeUInt32LE(nameOffset, o.LoggerNameOffset);
    target.writeUInt32LE(fileOffset, o.LogFileNameOffset);
    if (nameOffset) target.write(`${s.name}\0`, nameOffset, 'utf16le');
    const file = decodeTraceProperties(s.properties).logFileName;
    if (fileOffset) target.write(`${file}\0`, fileOffset, 'utf16le');
  }

  startTrace(sessionName: string, properties: Buffer): StartTraceResult {
    this.calls.push({ fn: 'StartTraceW', name: sessionName, properties: Buffer.from(properties) });
    const fail = this.injected('StartTraceW');
    if (fail !== undefined) return { status: fail, handle: 0n };
    if (this.sessions.has(sessionName.toLowerCase())) return { status: 183, handle: 0n };
    const loggerId = this.addSession(sessionName, properties);
    const s = this.sessions.get(sessionName.toLowerCase())!;
    this.writeBack(properties, s);
    return { status: 0, handle: 0xffffc000_00000000n | BigInt(loggerId) };
  }

  controlTrace(handle: bigint, sessionName: string | null, properties: Buffer, controlCode: number): number {
    this.calls.push({ fn: 'ControlTraceW', handle, name: sessionName, properties: Buffer.from(properties), controlCode });
    const fail = this.injected('ControlTraceW');
    if (fail !== undefined) return fail;
    const s = sessionName !== null ? this.sessions.get(sessionName.toLowerCase()) : undefined;
    if (!s) return 4201;
    if (controlCode === 2) {
      const o = hostLayout().offsets;
      const update = decodeTraceProperties(properties);
      s.properties.writeUInt32LE(update.logFileMode, o.LogFileMode);
      if (update.flushTimerSeconds) s.properties.writeUInt32LE(update.flushTimerSeconds, o.FlushTimer);
      if (update.maximumBuffers) s.properties.writeUInt32LE(update.maximumBuffers, o.MaximumBuffers);
      s.properties.writeUInt32LE(update.enableFlags, o.EnableFlags);
    }
    this.writeBack(properties, s);
    if (controlCode === 1) {
      this.sessions.delete(sessionName!.toLowerCase());
      for (const m of this.enables.values()) m.delete(s.loggerId);
      this.wake();
    }
    return 0;
  }

  enableTraceEx2(handle: bigint, provider: Guid, controlCode: number, level: number, matchAny: bigint, matchAll: bigint, timeout: number, parameters: Buffer | null): number {
    this.calls.push({ fn: 'EnableTraceEx2', handle, provider: provider.toString(), controlCode, level, matchAny, matchAll, timeout, parameters: parameters && Buffer.from(parameters) });
    const fail = this.injected('EnableTraceEx2');
    if (fail !== undefined) return fail;
    const loggerId = Number(handle & 0xffffn);
    if (![...this.sessions.values()].some((s) => s.loggerId === loggerId)) return 4201;
    const m = this.enables.get(provider.toString()) ?? new Map();
    if (controlCode === 0) m.delete(loggerId);
    else m.set(loggerId, { level, any: matchAny, all: matchAll, property: parameters ? parameters.readUInt32LE(4) : 0 });
    this.enables.set(provider.toString(), m);
    return 0;
  }

  queryAllTraces(slots: Buffer[]): SizedResult {
    this.calls.push({ fn: 'QueryAllTracesW', slots: slots.length });
    const fail = this.injected('QueryAllTracesW');
    if (fail !== undefined) return { status: fail, size: 0 };
    const all = [...this.sessions.values()];
    all.slice(0, slots.length).forEach((s, i) => this.writeBack(slots[i]!, s));
    return { status: all.length > slots.length ? 234 : 0, size: Math.min(all.length, slots.length) };
  }

  private fill(blob: Buffer, output: Buffer | null): SizedResult {
    if (!output || output.length < blob.length) return { status: 122, size: blob.length };
    blob.copy(output);
    return { status: 0, size: blob.length };
  }

  enumerateTraceGuidsEx(infoClass: number, input: Buffer | null, output: Buffer | null): SizedResult {
    const inputGuid = input ? Guid.fromBytes(input) : null;
    this.calls.push({ fn: 'EnumerateTraceGuidsEx', infoClass, input: inputGuid?.toString() ?? null, outSize: output?.length ?? 0 });
    const fail = this.injected('EnumerateTraceGuidsEx');
    if (fail !== undefined) return { status: fail, size: 0 };
    if (infoClass === 0) {
      const guids = new Map<string, Guid>();
      for (const p of this.providers) guids.set(p.guid.toString(), p.guid);
      for (const [g, m] of this.enables) if (m.size > 0) guids.set(g, Guid.parse(g));
      return this.fill(guidListBlob([...guids.values()]), output);
    }
    const known = this.providers.find((p) => p.guid.equals(inputGuid!));
    const enables = this.enables.get(inputGuid!.toString());
    if (!known && (!enables || enables.size === 0)) return { status: 4200, size: 0 };
    const enableList = [...(enables ?? new Map()).entries()].map(([loggerId, e]) => ({ loggerId, level: e.level, matchAny: e.any, matchAll: e.all, enableProperty: e.property }));
    const pids = known?.pids?.length ? known.pids : [0];
    const instances: BlobInstance[] = pids.map((pid) => ({ pid, enables: enableList }));
    return this.fill(traceGuidInfoBlob(instances), output);
  }

  tdhEnumerateProviders(buffer: Buffer | null): SizedResult {
    this.calls.push({ fn: 'TdhEnumerateProviders', size: buffer?.length ?? 0 });
    const fail = this.injected('TdhEnumerateProviders');
    if (fail !== undefined) return { status: fail, size: 0 };
    return this.fill(providerEnumerationBlob(this.providers), buffer);
  }

  tdhEnumerateProviderFieldInformation(provider: Guid, fieldType: number, buffer: Buffer | null): SizedResult {
    this.calls.push({ fn: 'TdhEnumerateProviderFieldInformation', provider: provider.toString(), fieldType, size: buffer?.length ?? 0 });
    const fail = this.injected('TdhEnumerateProviderFieldInformation');
    if (fail !== undefined) return { status: fail, size: 0 };
    const p = this.providers.find((x) => x.guid.equals(provider));
    if (!p) return { status: 4200, size: 0 };
    const fields = fieldType === 0 ? p.keywords : p.levels;
    if (!fields || fields.length === 0) return { status: 1168, size: 0 };
    return this.fill(fieldArrayBlob(fieldType, fields), buffer);
  }

  /** A TDH answer: the blob copied into `buffer` when it fits, else ERROR_INSUFFICIENT_BUFFER with the size needed. */
  private sized(blob: Buffer, buffer: Buffer | null): SizedResult {
    if (buffer === null || buffer.length < blob.length) return { status: 122, size: blob.length };
    blob.copy(buffer);
    return { status: 0, size: blob.length };
  }

  private manifestProvider(guid: Guid): FakeManifestProvider | undefined {
    return this.manifestProviders.get(guid.toString().replace(/[{}]/g, '').toLowerCase());
  }

  tdhEnumerateManifestProviderEvents(provider: Guid, buffer: Buffer | null): SizedResult {
    this.calls.push({ fn: 'TdhEnumerateManifestProviderEvents', provider: provider.toString(), size: buffer?.length ?? 0 });
    const fail = this.injected('TdhEnumerateManifestProviderEvents');
    if (fail !== undefined) return { status: fail, size: 0 };
    const p = this.manifestProvider(provider);
    if (!p) return { status: 1168, size: 0 };
    const blob = Buffer.alloc(8 + 16 * p.events.length);
    blob.writeUInt32LE(p.events.length, 0);
    p.events.forEach((e, i) => e.descriptor.copy(blob, 8 + 16 * i));
    return this.sized(blob, buffer);
  }

  tdhGetManifestEventInformation(provider: Guid, descriptor: Buffer, buffer: Buffer | null): SizedResult {
    this.calls.push({ fn: 'TdhGetManifestEventInformation', provider: provider.toString(), descriptor: Buffer.from(descriptor), size: buffer?.length ?? 0 });
    const fail = this.injected('TdhGetManifestEventInformation');
    if (fail !== undefined) return { status: fail, size: 0 };
    const e = this.manifestProvider(provider)?.events.find((x) => x.descriptor.equals(descriptor));
    return e ? this.sized(e.info, buffer) : { status: 1168, size: 0 };
  }

  tdhGetEventMapInformation(event: Buffer, mapName: string, buffer: Buffer | null): SizedResult {
    this.calls.push({ fn: 'TdhGetEventMapInformation', event: Buffer.from(event), mapName, size: buffer?.length ?? 0 });
    const fail = this.injected('TdhGetEventMapInformation');
    if (fail !== undefined) return { status: fail, size: 0 };
    // TDH finds the provider from the record's EVENT_HEADER.ProviderId (offset 24).
    const map = this.manifestProvider(Guid.fromBytes(event, 24))?.maps.get(mapName);
    return map ? this.sized(map, buffer) : { status: 1168, size: 0 };
  }

  /** Real-time consumers by handle, the events waiting per session, and the TRACE_LOGFILE_HEADER OpenTraceW writes per session. */
  private readonly consumers = new Map<bigint, FakeConsumer>();
  private nextConsumer = 0x1000n;
  private readonly realTimeQueues = new Map<string, DeliveredEventRecord[]>();
  readonly realTimeHeaders = new Map<string, Buffer>();
  private wakeUp: (() => void) | null = null;
  private drainedWaiters: (() => void)[] = [];

  /** Raw buffers (laid out as in an .etl file) a session delivers to its buffer consumers, by session name. */
  private readonly realTimeBufferQueues = new Map<string, Buffer[]>();
  /** What QueryPerformanceCounter and the precise system time read (the buffer consumer's clock anchor). */
  clock = { qpc: 0n, fileTime: 0n };

  deliverRealTimeBuffers(session: string, buffers: Buffer[]): void {
    const key = session.toLowerCase();
    this.realTimeBufferQueues.set(key, [...(this.realTimeBufferQueues.get(key) ?? []), ...buffers]);
    this.wake();
  }

  /** Queues events the session `session` delivers to its consumers. */
  deliverRealTime(session: string, events: DeliveredEventRecord[]): void {
    const key = session.toLowerCase();
    this.realTimeQueues.set(key, [...(this.realTimeQueues.get(key) ?? []), ...events]);
    this.wake();
  }

  /** Resolves once ProcessTrace has handed every queued event to its callback. */
  drained(): Promise<void> {
    const empty = [...this.realTimeQueues.values(), ...this.realTimeBufferQueues.values()].every((q) => q.length === 0);
    if (empty && this.processing) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  private processing = false;

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  openTrace(sessionName: string, logfile: Buffer, onEventRecord: (event: DeliveredEventRecord) => void): OpenTraceResult {
    this.calls.push({ fn: 'OpenTraceW', name: sessionName, logfile: Buffer.from(logfile) });
    const fail = this.injected('OpenTraceW');
    if (fail !== undefined) return { status: fail, handle: INVALID_PROCESSTRACE_HANDLE };
    const layout = hostTraceLogfileLayout();
    const mode = logfile.readUInt32LE(layout.offsets.ProcessTraceMode);
    if ((mode & (PROCESS_TRACE_MODE.REAL_TIME | PROCESS_TRACE_MODE.EVENT_RECORD)) !== (PROCESS_TRACE_MODE.REAL_TIME | PROCESS_TRACE_MODE.EVENT_RECORD)) {
      return { status: 87, handle: INVALID_PROCESSTRACE_HANDLE };
    }
    const s = this.sessions.get(sessionName.toLowerCase());
    const realTime = s !== undefined && (decodeTraceProperties(s.properties).logFileMode & LOG_FILE_MODE.REAL_TIME_MODE) !== 0;
    if (!realTime) return { status: 4201, handle: INVALID_PROCESSTRACE_HANDLE };
    this.realTimeHeaders.get(sessionName.toLowerCase())?.copy(logfile, layout.offsets.LogfileHeader, 0, layout.headerSize);
    const handle = this.nextConsumer++;
    this.consumers.set(handle, { session: sessionName.toLowerCase(), context: readPointer(logfile, layout.offsets.Context, layout.pointerSize), onEvent: onEventRecord, onBuffer: null, closed: false });
    return { status: 0, handle };
  }

  openTraceFromRealTimeLogger(sessionName: string, options: Buffer, header: Buffer, onBuffer: (buffer: Buffer) => void): OpenTraceResult {
    this.calls.push({ fn: 'OpenTraceFromRealTimeLogger', name: sessionName, options: Buffer.from(options) });
    const fail = this.injected('OpenTraceFromRealTimeLogger');
    if (fail !== undefined) return { status: fail, handle: INVALID_PROCESSTRACE_HANDLE };
    if (options.length !== hostOpenTraceOptionsLayout().size) return { status: 87, handle: INVALID_PROCESSTRACE_HANDLE };
    const s = this.sessions.get(sessionName.toLowerCase());
    if (s === undefined || (decodeTraceProperties(s.properties).logFileMode & LOG_FILE_MODE.REAL_TIME_MODE) === 0) return { status: 4201, handle: INVALID_PROCESSTRACE_HANDLE };
    this.realTimeHeaders.get(sessionName.toLowerCase())?.copy(header, 0, 0, header.length);
    const handle = this.nextConsumer++;
    this.consumers.set(handle, { session: sessionName.toLowerCase(), context: 0n, onEvent: null, onBuffer, closed: false });
    return { status: 0, handle };
  }

  clockNow(): { qpc: bigint; fileTime: bigint } {
    this.calls.push({ fn: 'QueryPerformanceCounter' });
    return { ...this.clock };
  }

  async processTrace(handles: bigint[]): Promise<number> {
    this.calls.push({ fn: 'ProcessTrace', handles: [...handles] });
    const consumers = handles.map((h) => this.consumers.get(h));
    if (consumers.some((c) => c === undefined)) return 6;
    this.processing = true;
    const recordLayout = hostEventRecordLayout();
    try {
      for (;;) {
        // One event or buffer per consumer in turn, as several sessions deliver side by side.
        for (let more = true; more;) {
          more = false;
          for (const c of consumers as FakeConsumer[]) {
            const queue = c.onEvent !== null ? this.realTimeQueues.get(c.session) ?? [] : [];
            if (queue.length > 0) {
              const ev = queue.shift()!;
              // ETW hands every consumer's Context back in UserContext.
              if (recordLayout.pointerSize === 8) ev.record.writeBigUInt64LE(c.context, recordLayout.userContext);
              else ev.record.writeUInt32LE(Number(c.context), recordLayout.userContext);
              c.onEvent!(ev);
              await nextTurn();
              more = true;
            }
            const buffers = c.onBuffer !== null ? this.realTimeBufferQueues.get(c.session) ?? [] : [];
            if (buffers.length > 0) {
              c.onBuffer!(buffers.shift()!);
              await nextTurn();
              more = true;
            }
          }
        }
        for (const w of this.drainedWaiters.splice(0)) w();
        if ((consumers as FakeConsumer[]).every((c) => c.closed)) return 1223;
        if ((consumers as FakeConsumer[]).every((c) => !this.sessions.has(c.session))) return 0;
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
      }
    } finally {
      this.processing = false;
    }
  }

  closeTrace(handle: bigint): number {
    this.calls.push({ fn: 'CloseTrace', handle });
    const c = this.consumers.get(handle);
    if (c === undefined || c.closed) return 6;
    c.closed = true;
    this.wake();
    return this.processing ? 7007 : 0;
  }

  formatMessage(code: number): string | null {
    this.calls.push({ fn: 'FormatMessageW', code });
    return MESSAGES[code] ?? null;
  }
}
