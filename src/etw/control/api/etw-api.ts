/**
 * EtwApi: the Windows calls etwkit's session control (and report's TDH schema source) makes, one method per
 * Win32 function, with byte buffers where Windows takes structs. The koffi
 * implementation calls advapi32/tdh/kernel32; tests use a recording fake.
 * Every method returns the raw Win32 status; callers decide what is an error.
 * Handles and keyword masks are bigint.
 */
import { Guid } from './guid.js';

export interface StartTraceResult {
  status: number;
  handle: bigint;
}

export interface SizedResult {
  status: number;
  /** ReturnLength / *pBufferSize / *LoggerCount after the call. */
  size: number;
}

/**
 * An EVENT_RECORD as ETW hands it to a consumer's callback: its bytes (layout in
 * event-record.ts) and a reader of the memory its pointers lead to (ExtendedData,
 * UserData, each item's DataPtr). Both are valid only during the callback; `read` copies.
 */
export interface DeliveredEventRecord {
  record: Buffer;
  read(address: bigint, length: number): Buffer;
}

export interface OpenTraceResult {
  /** 0, or GetLastError() when the handle is INVALID_PROCESSTRACE_HANDLE. */
  status: number;
  handle: bigint;
}

export interface EtwApi {
  /** StartTraceW(&handle, name, properties). ETW writes into `properties`. */
  startTrace(sessionName: string, properties: Buffer): StartTraceResult;
  /** ControlTraceW(handle, name|NULL, properties, code). ETW writes into `properties`. */
  controlTrace(handle: bigint, sessionName: string | null, properties: Buffer, controlCode: number): number;
  /** EnableTraceEx2(handle, &provider, code, level, any, all, timeout, params|NULL). */
  enableTraceEx2(
    handle: bigint,
    provider: Guid,
    controlCode: number,
    level: number,
    matchAnyKeyword: bigint,
    matchAllKeyword: bigint,
    timeoutMs: number,
    parameters: Buffer | null,
  ): number;
  /** QueryAllTracesW(pointers to `slots`, slots.length, &count); size = LoggerCount. */
  queryAllTraces(slots: Buffer[]): SizedResult;
  /** EnumerateTraceGuidsEx(class, in, inSize, out, outSize, &returnLength). */
  enumerateTraceGuidsEx(infoClass: number, input: Buffer | null, output: Buffer | null): SizedResult;
  /** TdhEnumerateProviders(buffer, &size); size in/out. */
  tdhEnumerateProviders(buffer: Buffer | null): SizedResult;
  /** TdhEnumerateProviderFieldInformation(&guid, fieldType, buffer, &size). */
  tdhEnumerateProviderFieldInformation(provider: Guid, fieldType: number, buffer: Buffer | null): SizedResult;
  /** TdhEnumerateManifestProviderEvents(&guid, buffer, &size): the PROVIDER_EVENT_INFO of a registered manifest provider. */
  tdhEnumerateManifestProviderEvents(provider: Guid, buffer: Buffer | null): SizedResult;
  /** TdhGetManifestEventInformation(&guid, descriptor (16-byte EVENT_DESCRIPTOR), buffer, &size): a TRACE_EVENT_INFO. */
  tdhGetManifestEventInformation(provider: Guid, descriptor: Buffer, buffer: Buffer | null): SizedResult;
  /** TdhGetEventMapInformation(event (an EVENT_RECORD, event-record.ts), mapName, buffer, &size): an EVENT_MAP_INFO. */
  tdhGetEventMapInformation(event: Buffer, mapName: string, buffer: Buffer | null): SizedResult;
  /**
   * OpenTraceW(logfile) for the real-time session `sessionName`: `logfile` is an
   * EVENT_TRACE_LOGFILEW (trace-logfile.ts) whose LoggerName and EventRecordCallback
   * the call fills in (the name, and a callback that hands each EVENT_RECORD to
   * `onEventRecord` on the JavaScript thread). ETW writes LogfileHeader into `logfile`.
   */
  openTrace(sessionName: string, logfile: Buffer, onEventRecord: (event: DeliveredEventRecord) => void): OpenTraceResult;
  /**
   * ProcessTrace(handles, count, NULL, NULL), run off the JavaScript thread so the
   * callbacks of openTrace (and signals) are served meanwhile; resolves with its
   * status when the sessions stop or are closed.
   */
  processTrace(handles: bigint[]): Promise<number>;
  /**
   * OpenTraceFromRealTimeLogger(sessionName, options, header) — newer Windows only
   * (ERROR_PROC_NOT_FOUND where the export is missing): `options` is an
   * ETW_OPEN_TRACE_OPTIONS (open-trace-options.ts) whose BufferCallback the call fills
   * in with one that hands each raw buffer (a copy, laid out as in an .etl file) to
   * `onBuffer` on the JavaScript thread. ETW writes the session's TRACE_LOGFILE_HEADER into `header`.
   */
  openTraceFromRealTimeLogger(sessionName: string, options: Buffer, header: Buffer, onBuffer: (buffer: Buffer) => void): OpenTraceResult;
  /** QueryPerformanceCounter and GetSystemTimePreciseAsFileTime, read back to back: the anchor that turns raw QPC times into FILETIMEs. */
  clockNow(): { qpc: bigint; fileTime: bigint };
  /** CloseTrace(handle) of an openTrace handle; 7007 (ERROR_CTX_CLOSE_PENDING) while ProcessTrace drains. */
  closeTrace(handle: bigint): number;
  /** FormatMessageW(FROM_SYSTEM | IGNORE_INSERTS) text for a Win32 code, trimmed; null when Windows has none. */
  formatMessage(code: number): string | null;
}
