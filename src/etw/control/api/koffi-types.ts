/**
 * koffi declarations of the ETW structs etwkit passes or reads, with fixed-width
 * member types only, so koffi.sizeof/offsetof on Linux x64 equal Windows x64.
 * Declaring types is a pure computation (no DLL is loaded), which is what lets
 * the layout tests run anywhere. Source of the shapes: docs/architecture.md F12.
 */
import koffi from 'koffi';

export const GUID = koffi.struct('GUID', { Data1: 'uint32_t', Data2: 'uint16_t', Data3: 'uint16_t', Data4: koffi.array('uint8_t', 8) });

export const WNODE_HEADER = koffi.struct('WNODE_HEADER', {
  BufferSize: 'uint32_t',
  ProviderId: 'uint32_t',
  HistoricalContext: 'uint64_t',
  TimeStamp: 'int64_t',
  Guid: 'GUID',
  ClientContext: 'uint32_t',
  Flags: 'uint32_t',
});

export const EVENT_TRACE_PROPERTIES = koffi.struct('EVENT_TRACE_PROPERTIES', {
  Wnode: 'WNODE_HEADER',
  BufferSize: 'uint32_t',
  MinimumBuffers: 'uint32_t',
  MaximumBuffers: 'uint32_t',
  MaximumFileSize: 'uint32_t',
  LogFileMode: 'uint32_t',
  FlushTimer: 'uint32_t',
  EnableFlags: 'uint32_t',
  AgeLimit: 'int32_t',
  NumberOfBuffers: 'uint32_t',
  FreeBuffers: 'uint32_t',
  EventsLost: 'uint32_t',
  BuffersWritten: 'uint32_t',
  LogBuffersLost: 'uint32_t',
  RealTimeBuffersLost: 'uint32_t',
  LoggerThreadId: 'uintptr_t',
  LogFileNameOffset: 'uint32_t',
  LoggerNameOffset: 'uint32_t',
});

export const ENABLE_TRACE_PARAMETERS = koffi.struct('ENABLE_TRACE_PARAMETERS', {
  Version: 'uint32_t',
  EnableProperty: 'uint32_t',
  ControlFlags: 'uint32_t',
  SourceId: 'GUID',
  EnableFilterDesc: 'uintptr_t',
  FilterDescCount: 'uint32_t',
});

export const TRACE_GUID_INFO = koffi.struct('TRACE_GUID_INFO', { InstanceCount: 'uint32_t', Reserved: 'uint32_t' });

export const TRACE_PROVIDER_INSTANCE_INFO = koffi.struct('TRACE_PROVIDER_INSTANCE_INFO', {
  NextOffset: 'uint32_t', EnableCount: 'uint32_t', Pid: 'uint32_t', Flags: 'uint32_t',
});

export const TRACE_ENABLE_INFO = koffi.struct('TRACE_ENABLE_INFO', {
  IsEnabled: 'uint32_t', Level: 'uint8_t', Reserved1: 'uint8_t', LoggerId: 'uint16_t', EnableProperty: 'uint32_t',
  Reserved2: 'uint32_t', MatchAnyKeyword: 'uint64_t', MatchAllKeyword: 'uint64_t',
});

export const TRACE_PROVIDER_INFO = koffi.struct('TRACE_PROVIDER_INFO', {
  ProviderGuid: 'GUID', SchemaSource: 'uint32_t', ProviderNameOffset: 'uint32_t',
});

export const PROVIDER_FIELD_INFO = koffi.struct('PROVIDER_FIELD_INFO', {
  NameOffset: 'uint32_t', DescriptionOffset: 'uint32_t', Value: 'uint64_t',
});

export const EVENT_DESCRIPTOR = koffi.struct('EVENT_DESCRIPTOR', {
  Id: 'uint16_t', Version: 'uint8_t', Channel: 'uint8_t', Level: 'uint8_t', Opcode: 'uint8_t', Task: 'uint16_t', Keyword: 'uint64_t',
});

/** EVENT_HEADER with its two unions as their 8-byte forms (KernelTime/UserTime as ProcessorTime). */
export const EVENT_HEADER = koffi.struct('EVENT_HEADER', {
  Size: 'uint16_t', HeaderType: 'uint16_t', Flags: 'uint16_t', EventProperty: 'uint16_t', ThreadId: 'uint32_t', ProcessId: 'uint32_t',
  TimeStamp: 'int64_t', ProviderId: 'GUID', EventDescriptor: 'EVENT_DESCRIPTOR', ProcessorTime: 'uint64_t', ActivityId: 'GUID',
});

export const EVENT_RECORD = koffi.struct('EVENT_RECORD', {
  EventHeader: 'EVENT_HEADER', ProcessorNumber: 'uint8_t', Alignment: 'uint8_t', LoggerId: 'uint16_t',
  ExtendedDataCount: 'uint16_t', UserDataLength: 'uint16_t', ExtendedData: 'uintptr_t', UserData: 'uintptr_t', UserContext: 'uintptr_t',
});

/** EVENT_TRACE_HEADER with its unions as their widest forms (Version as one u32, the GUID, ProcessorTime). */
export const EVENT_TRACE_HEADER = koffi.struct('EVENT_TRACE_HEADER', {
  Size: 'uint16_t', FieldTypeFlags: 'uint16_t', Version: 'uint32_t', ThreadId: 'uint32_t', ProcessId: 'uint32_t',
  TimeStamp: 'int64_t', Guid: 'GUID', ProcessorTime: 'uint64_t',
});

export const EVENT_TRACE = koffi.struct('EVENT_TRACE', {
  Header: 'EVENT_TRACE_HEADER', InstanceId: 'uint32_t', ParentInstanceId: 'uint32_t', ParentGuid: 'GUID',
  MofData: 'uintptr_t', MofLength: 'uint32_t', ClientContext: 'uint32_t',
});

export const SYSTEMTIME = koffi.struct('SYSTEMTIME', {
  wYear: 'uint16_t', wMonth: 'uint16_t', wDayOfWeek: 'uint16_t', wDay: 'uint16_t',
  wHour: 'uint16_t', wMinute: 'uint16_t', wSecond: 'uint16_t', wMilliseconds: 'uint16_t',
});

export const TIME_ZONE_INFORMATION = koffi.struct('TIME_ZONE_INFORMATION', {
  Bias: 'int32_t', StandardName: koffi.array('char16_t', 32), StandardDate: 'SYSTEMTIME', StandardBias: 'int32_t',
  DaylightName: koffi.array('char16_t', 32), DaylightDate: 'SYSTEMTIME', DaylightBias: 'int32_t',
});

/** TRACE_LOGFILE_HEADER as it sits in memory: the names are pointers; the GUID/struct union as its four u32s. */
export const TRACE_LOGFILE_HEADER = koffi.struct('TRACE_LOGFILE_HEADER', {
  BufferSize: 'uint32_t', Version: 'uint32_t', ProviderVersion: 'uint32_t', NumberOfProcessors: 'uint32_t', EndTime: 'int64_t',
  TimerResolution: 'uint32_t', MaximumFileSize: 'uint32_t', LogFileMode: 'uint32_t', BuffersWritten: 'uint32_t',
  StartBuffers: 'uint32_t', PointerSize: 'uint32_t', EventsLost: 'uint32_t', CpuSpeedInMHz: 'uint32_t',
  LoggerName: 'uintptr_t', LogFileName: 'uintptr_t', TimeZone: 'TIME_ZONE_INFORMATION',
  BootTime: 'int64_t', PerfFreq: 'int64_t', StartTime: 'int64_t', ReservedFlags: 'uint32_t', BuffersLost: 'uint32_t',
});

/** EVENT_TRACE_LOGFILEW; the two callback unions as pointers (etwkit sets BufferCallback to NULL and EventRecordCallback). */
export const EVENT_TRACE_LOGFILEW = koffi.struct('EVENT_TRACE_LOGFILEW', {
  LogFileName: 'uintptr_t', LoggerName: 'uintptr_t', CurrentTime: 'int64_t', BuffersRead: 'uint32_t', ProcessTraceMode: 'uint32_t',
  CurrentEvent: 'EVENT_TRACE', LogfileHeader: 'TRACE_LOGFILE_HEADER', BufferCallback: 'uintptr_t', BufferSize: 'uint32_t',
  Filled: 'uint32_t', EventsLost: 'uint32_t', EventRecordCallback: 'uintptr_t', IsKernelTrace: 'uint32_t', Context: 'uintptr_t',
});

export const EVENT_HEADER_EXTENDED_DATA_ITEM = koffi.struct('EVENT_HEADER_EXTENDED_DATA_ITEM', {
  Reserved1: 'uint16_t', ExtType: 'uint16_t', Linkage: 'uint16_t', DataSize: 'uint16_t', DataPtr: 'uint64_t',
});

/** PEVENT_RECORD_CALLBACK: VOID WINAPI (PEVENT_RECORD). */
export const EVENT_RECORD_CALLBACK = koffi.proto('void __stdcall EventRecordCallback(void *EventRecord)');

/** ETW_OPEN_TRACE_OPTIONS (OpenTraceFromRealTimeLogger): the modes and two callback/context pairs. */
export const ETW_OPEN_TRACE_OPTIONS = koffi.struct('ETW_OPEN_TRACE_OPTIONS', {
  ProcessTraceModes: 'uint32_t', EventCallback: 'uintptr_t', EventCallbackContext: 'uintptr_t', BufferCallback: 'uintptr_t', BufferCallbackContext: 'uintptr_t',
});

/** PETW_BUFFER_CALLBACK: BOOL WINAPI (const ETW_BUFFER_HEADER *Buffer, ULONG BufferSize, const ETW_BUFFER_CALLBACK_INFORMATION *ConsumerInfo, void *CallbackContext); TRUE goes on. */
export const ETW_BUFFER_CALLBACK = koffi.proto('int32_t __stdcall EtwBufferCallback(void *Buffer, uint32_t BufferSize, void *ConsumerInfo, void *CallbackContext)');
