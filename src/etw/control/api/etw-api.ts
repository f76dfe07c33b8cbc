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
  /** FormatMessageW(FROM_SYSTEM | IGNORE_INSERTS) text for a Win32 code, trimmed; null when Windows has none. */
  formatMessage(code: number): string | null;
}
