/**
 * Reading live sessions: one session by name (ControlTraceW QUERY, handle 0),
 * all sessions (QueryAllTracesW with 64 slots, more on ERROR_MORE_DATA), and
 * stopping one (ControlTraceW STOP, whose statistics come back like a query).
 */
import { LOG_FILE_MODE, TRACE_CONTROL } from '../api/etw-constants.js';
import { Guid } from '../api/guid.js';
import { EtwApi } from '../api/etw-api.js';
import { decodeTraceProperties, encodeQueryProperties, encodeTraceProperties, TraceProperties } from './trace-properties.js';
import { check, Win32Error, WIN32 } from '../api/win32-error.js';

/** QueryAllTracesW slots on the first try: the classic limit of concurrent sessions. */
export const SESSION_SLOTS = 64;
const MAX_SESSION_SLOTS = 4096;

/** Addressing a user-mode (private) session also needs its mode bit and its provider's GUID. */
export interface PrivateSession {
  providerGuid: Guid;
}

function controlBuffer(privateSession?: PrivateSession): Buffer {
  if (!privateSession) return encodeQueryProperties();
  return encodeTraceProperties({ guid: privateSession.providerGuid, logFileMode: LOG_FILE_MODE.PRIVATE_LOGGER_MODE, reserveLogFileName: true });
}

export function querySession(api: EtwApi, name: string, privateSession?: PrivateSession): TraceProperties {
  const buf = controlBuffer(privateSession);
  check(api.controlTrace(0n, name, buf, TRACE_CONTROL.QUERY), 'ControlTraceW(QUERY)');
  return decodeTraceProperties(buf);
}

/** ERROR_MORE_DATA on STOP means the session stopped but the names did not fit: still success. */
export function stopSession(api: EtwApi, name: string, privateSession?: PrivateSession): TraceProperties {
  const buf = controlBuffer(privateSession);
  const status = api.controlTrace(0n, name, buf, TRACE_CONTROL.STOP);
  if (status !== WIN32.MORE_DATA) check(status, 'ControlTraceW(STOP)');
  return decodeTraceProperties(buf);
}

export function flushSession(api: EtwApi, name: string): void {
  check(api.controlTrace(0n, name, encodeQueryProperties(), TRACE_CONTROL.FLUSH), 'ControlTraceW(FLUSH)');
}

/** In the order ETW returns them. */
export function listSessions(api: EtwApi): TraceProperties[] {
  for (let n = SESSION_SLOTS; n <= MAX_SESSION_SLOTS; n *= 2) {
    const slots = Array.from({ length: n }, () => encodeQueryProperties());
    const r = api.queryAllTraces(slots);
    if (r.status === WIN32.MORE_DATA) continue;
    check(r.status, 'QueryAllTracesW');
    return slots.slice(0, Math.min(r.size, n)).map((s) => decodeTraceProperties(s));
  }
  throw new Win32Error(WIN32.MORE_DATA, 'QueryAllTracesW');
}
