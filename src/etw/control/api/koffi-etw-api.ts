/**
 * The Windows implementation of EtwApi: koffi bindings of advapi32 (StartTraceW,
 * ControlTraceW, EnableTraceEx2, QueryAllTracesW, EnumerateTraceGuidsEx), tdh
 * (TdhEnumerateProviders, TdhEnumerateProviderFieldInformation, and for schemas
 * TdhEnumerateManifestProviderEvents, TdhGetManifestEventInformation,
 * TdhGetEventMapInformation — the first two exist from Windows 8.1 on; where an
 * export is missing its method answers ERROR_PROC_NOT_FOUND) and kernel32
 * (FormatMessageW), and the real-time consumer calls (OpenTraceW, or
 * OpenTraceFromRealTimeLogger where it exists, ProcessTrace on a koffi worker
 * thread, CloseTrace; GetLastError after a failed open; QueryPerformanceCounter
 * and GetSystemTimePreciseAsFileTime for the clock anchor), whose EVENT_RECORD or
 * buffer callback koffi runs on the JavaScript thread while the worker waits.
 * Fixed-width types and `__stdcall` everywhere; structs are passed as Buffers
 * (`void *`), 64-bit values normalised to bigint.
 * Loaded only on Windows (see load-etw-api.ts). Under Wine, whose
 * EnumerateTraceGuidsEx and Tdh* are unimplemented exports that abort the
 * process, those calls answer ERROR_CALL_NOT_IMPLEMENTED instead.
 */
import koffi from 'koffi';
import { DeliveredEventRecord, EtwApi, OpenTraceResult, SizedResult, StartTraceResult } from './etw-api.js';
import { hostEventRecordLayout } from './event-record.js';
import { Guid } from './guid.js';
import { ETW_BUFFER_CALLBACK, EVENT_RECORD_CALLBACK } from './koffi-types.js';
import { hostOpenTraceOptionsLayout } from './open-trace-options.js';
import { hostTraceLogfileLayout, INVALID_PROCESSTRACE_HANDLE, isInvalidTraceHandle, writePointer } from './trace-logfile.js';
import { WIN32 } from './win32-error.js';

type Fn = (...args: unknown[]) => unknown;

const FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;
const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;

function declare(lib: koffi.IKoffiLib, prototype: string): Fn {
  return lib.func(prototype) as Fn;
}

function tryDeclare(libs: koffi.IKoffiLib[], prototype: string): Fn {
  let last: unknown;
  for (const lib of libs) {
    try {
      return declare(lib, prototype);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/** True inside Wine (ntdll exports wine_get_version). */
function runningUnderWine(): boolean {
  try {
    koffi.load('ntdll.dll').func('const char * wine_get_version(void)');
    return true;
  } catch {
    return false;
  }
}

const POINTER_SIZE = process.arch === 'ia32' ? 4 : 8;

/** The bytes at a native address (a copy); empty for a null pointer or no bytes. */
function readNative(address: bigint, length: number): Buffer {
  if (address === 0n || length <= 0) return Buffer.alloc(0);
  // koffi reads pointers from memory only: the address, little-endian, read back as `void *` (its low half on x86).
  const holder = Buffer.alloc(8);
  holder.writeBigUInt64LE(address);
  const pointer = koffi.decode(holder, 'void *') as unknown;
  return Buffer.from(koffi.decode(pointer, 'uint8_t', length) as Uint8Array);
}

/** An opened consumer: its registered callback and (OpenTraceW) the name buffer its logfile points to, kept until CloseTrace. */
interface OpenConsumer {
  callback: koffi.IKoffiRegisteredCallback;
  name: Buffer | null;
  processing: boolean;
}

export function loadKoffiEtwApi(): EtwApi {
  const advapi = koffi.load('advapi32.dll');
  const sechost = (() => {
    try {
      return [koffi.load('sechost.dll')];
    } catch {
      return [];
    }
  })();
  const tdh = koffi.load('tdh.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const wine = runningUnderWine();

  const StartTraceW = declare(advapi, 'uint32_t __stdcall StartTraceW(_Out_ uint64_t *TraceHandle, const char16_t *InstanceName, void *Properties)');
  const ControlTraceW = declare(advapi, 'uint32_t __stdcall ControlTraceW(uint64_t TraceHandle, const char16_t *InstanceName, void *Properties, uint32_t ControlCode)');
  const EnableTraceEx2 = declare(advapi,
    'uint32_t __stdcall EnableTraceEx2(uint64_t TraceHandle, void *ProviderId, uint32_t ControlCode, uint8_t Level, uint64_t MatchAnyKeyword, uint64_t MatchAllKeyword, uint32_t Timeout, void *EnableParameters)');
  const QueryAllTracesW = declare(advapi, 'uint32_t __stdcall QueryAllTracesW(void *PropertyArray, uint32_t PropertyArrayCount, _Out_ uint32_t *LoggerCount)');
  const EnumerateTraceGuidsEx = tryDeclare([advapi, ...sechost],
    'uint32_t __stdcall EnumerateTraceGuidsEx(int32_t TraceQueryInfoClass, void *InBuffer, uint32_t InBufferSize, void *OutBuffer, uint32_t OutBufferSize, _Out_ uint32_t *ReturnLength)');
  const TdhEnumerateProviders = declare(tdh, 'uint32_t __stdcall TdhEnumerateProviders(void *pBuffer, _Inout_ uint32_t *pBufferSize)');
  const TdhEnumerateProviderFieldInformation = declare(tdh,
    'uint32_t __stdcall TdhEnumerateProviderFieldInformation(void *pGuid, int32_t EventFieldType, void *pBuffer, _Inout_ uint32_t *pBufferSize)');
  /** A tdh export that older Windows lack: null when missing, so its method can say so. */
  const optional = (prototype: string): Fn | null => {
    try {
      return declare(tdh, prototype);
    } catch {
      return null;
    }
  };
  const TdhEnumerateManifestProviderEvents = optional(
    'uint32_t __stdcall TdhEnumerateManifestProviderEvents(void *ProviderGuid, void *Buffer, _Inout_ uint32_t *BufferSize)');
  const TdhGetManifestEventInformation = optional(
    'uint32_t __stdcall TdhGetManifestEventInformation(void *ProviderGuid, void *EventDescriptor, void *Buffer, _Inout_ uint32_t *BufferSize)');
  const TdhGetEventMapInformation = optional(
    'uint32_t __stdcall TdhGetEventMapInformation(void *pEvent, const char16_t *pMapName, void *pBuffer, _Inout_ uint32_t *pBufferSize)');
  /** Call a sized TDH function (buffer and in/out size last), or answer why it cannot be called. */
  const sized = (fn: Fn | null, args: unknown[], buffer: Buffer | null): SizedResult => {
    if (wine) return { status: WIN32.CALL_NOT_IMPLEMENTED, size: 0 };
    if (fn === null) return { status: WIN32.PROC_NOT_FOUND, size: 0 };
    const size: unknown[] = [buffer?.length ?? 0];
    const status = fn(...args, buffer, size) as number;
    return { status, size: Number(size[0]) };
  };
  const OpenTraceW = declare(advapi, 'uint64_t __stdcall OpenTraceW(void *Logfile)');
  const ProcessTrace = declare(advapi, 'uint32_t __stdcall ProcessTrace(uint64_t *HandleArray, uint32_t HandleCount, void *StartTime, void *EndTime)') as Fn & { async: Fn };
  const CloseTrace = declare(advapi, 'uint32_t __stdcall CloseTrace(uint64_t TraceHandle)');
  const GetLastError = declare(kernel32, 'uint32_t __stdcall GetLastError(void)');
  const QueryPerformanceCounter = declare(kernel32, 'int32_t __stdcall QueryPerformanceCounter(_Out_ int64_t *Count)');
  const GetSystemTimePreciseAsFileTime = declare(kernel32, 'void __stdcall GetSystemTimePreciseAsFileTime(_Out_ uint64_t *FileTime)');
  /** Newer Windows only (sechost, forwarded by advapi32); null where neither exports it. */
  const OpenTraceFromRealTimeLogger = (() => {
    try {
      return tryDeclare([...sechost, advapi], 'uint64_t __stdcall OpenTraceFromRealTimeLogger(const char16_t *LoggerName, void *Options, void *LogFileHeader)');
    } catch {
      return null;
    }
  })();
  const consumers = new Map<bigint, OpenConsumer>();
  const release = (handle: bigint) => {
    const c = consumers.get(handle);
    if (c === undefined) return;
    consumers.delete(handle);
    koffi.unregister(c.callback);
  };
  const FormatMessageW = declare(kernel32,
    'uint32_t __stdcall FormatMessageW(uint32_t dwFlags, void *lpSource, uint32_t dwMessageId, uint32_t dwLanguageId, void *lpBuffer, uint32_t nSize, void *Arguments)');

  return {
    startTrace(sessionName: string, properties: Buffer): StartTraceResult {
      const handle: unknown[] = [0];
      const status = StartTraceW(handle, sessionName, properties) as number;
      return { status, handle: BigInt(handle[0] as number | bigint) };
    },

    controlTrace(handle, sessionName, properties, controlCode) {
      return ControlTraceW(handle, sessionName, properties, controlCode) as number;
    },

    enableTraceEx2(handle, provider: Guid, controlCode, level, matchAny, matchAll, timeoutMs, parameters) {
      return EnableTraceEx2(handle, provider.toBytes(), controlCode, level, matchAny, matchAll, timeoutMs, parameters) as number;
    },

    queryAllTraces(slots: Buffer[]): SizedResult {
      const slotSize = slots[0]?.length ?? 0;
      const pool = Buffer.alloc(slots.length * slotSize);
      slots.forEach((s, i) => s.copy(pool, i * slotSize));
      const base = koffi.address(pool);
      const pointers = Buffer.alloc(slots.length * POINTER_SIZE);
      slots.forEach((_, i) => {
        const p = base + BigInt(i * slotSize);
        if (POINTER_SIZE === 8) pointers.writeBigUInt64LE(p, i * 8);
        else pointers.writeUInt32LE(Number(p), i * 4);
      });
      const count: unknown[] = [0];
      const status = QueryAllTracesW(pointers, slots.length, count) as number;
      slots.forEach((s, i) => pool.copy(s, 0, i * slotSize, (i + 1) * slotSize));
      return { status, size: Number(count[0]) };
    },

    enumerateTraceGuidsEx(infoClass, input, output): SizedResult {
      if (wine) return { status: WIN32.CALL_NOT_IMPLEMENTED, size: 0 };
      const length: unknown[] = [0];
      const status = EnumerateTraceGuidsEx(infoClass, input, input?.length ?? 0, output, output?.length ?? 0, length) as number;
      return { status, size: Number(length[0]) };
    },

    tdhEnumerateProviders(buffer): SizedResult {
      if (wine) return { status: WIN32.CALL_NOT_IMPLEMENTED, size: 0 };
      const size: unknown[] = [buffer?.length ?? 0];
      const status = TdhEnumerateProviders(buffer, size) as number;
      return { status, size: Number(size[0]) };
    },

    tdhEnumerateProviderFieldInformation(provider, fieldType, buffer): SizedResult {
      if (wine) return { status: WIN32.CALL_NOT_IMPLEMENTED, size: 0 };
      const size: unknown[] = [buffer?.length ?? 0];
      const status = TdhEnumerateProviderFieldInformation(provider.toBytes(), fieldType, buffer, size) as number;
      return { status, size: Number(size[0]) };
    },

    tdhEnumerateManifestProviderEvents(provider, buffer): SizedResult {
      return sized(TdhEnumerateManifestProviderEvents, [provider.toBytes()], buffer);
    },

    tdhGetManifestEventInformation(provider, descriptor, buffer): SizedResult {
      return sized(TdhGetManifestEventInformation, [provider.toBytes(), descriptor], buffer);
    },

    tdhGetEventMapInformation(event, mapName, buffer): SizedResult {
      return sized(TdhGetEventMapInformation, [event, mapName], buffer);
    },

    openTrace(sessionName, logfile, onEventRecord): OpenTraceResult {
      const layout = hostTraceLogfileLayout();
      const recordLayout = hostEventRecordLayout();
      const callback = koffi.register((event: unknown) => {
        const delivered: DeliveredEventRecord = {
          record: Buffer.from(koffi.decode(event, 'uint8_t', recordLayout.size) as Uint8Array),
          read: readNative,
        };
        onEventRecord(delivered);
      }, koffi.pointer(EVENT_RECORD_CALLBACK));
      const name = Buffer.from(`${sessionName}\0`, 'utf16le');
      writePointer(logfile, layout.offsets.LoggerName, koffi.address(name), layout.pointerSize);
      writePointer(logfile, layout.offsets.EventRecordCallback, koffi.address(callback), layout.pointerSize);
      const handle = BigInt(OpenTraceW(logfile) as number | bigint);
      if (isInvalidTraceHandle(handle)) {
        const status = GetLastError() as number;
        koffi.unregister(callback);
        return { status: status === 0 ? WIN32.INVALID_PARAMETER : status, handle };
      }
      consumers.set(handle, { callback, name, processing: false });
      return { status: 0, handle };
    },

    openTraceFromRealTimeLogger(sessionName, options, header, onBuffer): OpenTraceResult {
      if (wine) return { status: WIN32.CALL_NOT_IMPLEMENTED, handle: INVALID_PROCESSTRACE_HANDLE };
      if (OpenTraceFromRealTimeLogger === null) return { status: WIN32.PROC_NOT_FOUND, handle: INVALID_PROCESSTRACE_HANDLE };
      const layout = hostOpenTraceOptionsLayout();
      const callback = koffi.register((buffer: unknown, size: number) => {
        onBuffer(Buffer.from(koffi.decode(buffer, 'uint8_t', size) as Uint8Array));
        return 1;
      }, koffi.pointer(ETW_BUFFER_CALLBACK));
      writePointer(options, layout.offsets.BufferCallback, koffi.address(callback), layout.pointerSize);
      const handle = BigInt(OpenTraceFromRealTimeLogger(sessionName, options, header) as number | bigint);
      if (isInvalidTraceHandle(handle)) {
        const status = GetLastError() as number;
        koffi.unregister(callback);
        return { status: status === 0 ? WIN32.INVALID_PARAMETER : status, handle };
      }
      consumers.set(handle, { callback, name: null, processing: false });
      return { status: 0, handle };
    },

    clockNow() {
      const qpc: unknown[] = [0];
      const fileTime: unknown[] = [0];
      QueryPerformanceCounter(qpc);
      GetSystemTimePreciseAsFileTime(fileTime);
      return { qpc: BigInt(qpc[0] as number | bigint), fileTime: BigInt(fileTime[0] as number | bigint) };
    },

    processTrace(handles: bigint[]): Promise<number> {
      for (const h of handles) { const c = consumers.get(h); if (c) c.processing = true; }
      return new Promise((resolve, reject) => {
        ProcessTrace.async(handles, handles.length, null, null, (err: unknown, status: number) => {
          for (const h of handles) release(h);
          if (err) reject(err);
          else resolve(status);
        });
      });
    },

    closeTrace(handle: bigint): number {
      const status = CloseTrace(handle) as number;
      if (consumers.get(handle)?.processing === false) release(handle);
      return status;
    },

    formatMessage(code: number): string | null {
      const chars = 2048;
      const out = Buffer.alloc(chars * 2);
      const n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, null, code, 0, out, chars, null) as number;
      if (!n) return null;
      return out.toString('utf16le', 0, n * 2).replace(/\s+$/, '');
    },
  };
}
