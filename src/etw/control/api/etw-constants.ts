/**
 * Numeric constants of the ETW controller API (evntrace.h / evntprov.h / wmistr.h)
 * that etwkit uses: log file modes, control codes, Wnode flags, clock types,
 * trace levels and the standard level names logman prints.
 */

/** EVENT_TRACE_PROPERTIES.LogFileMode bits. */
export const LOG_FILE_MODE = {
  FILE_MODE_NONE: 0x0,
  FILE_MODE_SEQUENTIAL: 0x1,
  FILE_MODE_CIRCULAR: 0x2,
  FILE_MODE_APPEND: 0x4,
  FILE_MODE_NEWFILE: 0x8,
  REAL_TIME_MODE: 0x100,
  BUFFERING_MODE: 0x400,
  PRIVATE_LOGGER_MODE: 0x800,
  USE_GLOBAL_SEQUENCE: 0x4000,
  USE_LOCAL_SEQUENCE: 0x8000,
  PRIVATE_IN_PROC: 0x20000,
  USE_PAGED_MEMORY: 0x01000000,
} as const;

/** ControlTraceW ControlCode. */
export const TRACE_CONTROL = { QUERY: 0, STOP: 1, UPDATE: 2, FLUSH: 3 } as const;

/** EnableTraceEx2 ControlCode. */
export const PROVIDER_CONTROL = { DISABLE: 0, ENABLE: 1, CAPTURE_STATE: 2 } as const;

/** Wnode.Flags. */
export const WNODE_FLAG_TRACED_GUID = 0x00020000;

/** Wnode.ClientContext: the timestamp clock (logman -ct). */
export const CLOCK_TYPE = { perf: 1, system: 2, cycle: 3 } as const;
export type ClockTypeName = keyof typeof CLOCK_TYPE;

/** How logman's detail block names each clock. */
export const CLOCK_TYPE_LABEL: Record<number, string> = { 1: 'Performance', 2: 'System', 3: 'Cycle' };

/** EnumerateTraceGuidsEx TRACE_QUERY_INFO_CLASS values used here. */
export const TRACE_QUERY_INFO_CLASS = { GUID_QUERY_LIST: 0, GUID_QUERY_INFO: 1 } as const;

/** TDH EVENT_FIELD_TYPE values used here. */
export const EVENT_FIELD_TYPE = { KEYWORD: 0, LEVEL: 1 } as const;

/** logman's level when `-p` gives none: every level. */
export const ALL_LEVELS = 0xff;
/** logman's keywords when `-p` gives none: every keyword. */
export const ALL_KEYWORDS = 0xffffffffffffffffn;

/** The manifest-standard level names (winmeta.xml) accepted by `-p … level` and shown by `query NAME`. */
export const STANDARD_LEVEL_NAMES: Record<number, string> = {
  0: 'win:LogAlways',
  1: 'win:Critical',
  2: 'win:Error',
  3: 'win:Warning',
  4: 'win:Informational',
  5: 'win:Verbose',
};

/** Longest name ETW accepts for a session or a log file, in UTF-16 units (without the NUL). */
export const MAX_NAME_CHARS = 1024;
