/**
 * The schema model every schema source compiles to (manifest templates, MOF
 * classes, TraceLogging metadata, EventSource manifests): TDH's property model
 * (docs/architecture.md F8). The payload decoder walks it; loaders only build it.
 */
import type { EventLabels } from './types.js';

/** TDH_INTYPE_* numbers (tdh.h). TraceLogging in-types are mapped onto these by its loader. */
export const InType = {
  NULL: 0, UNICODESTRING: 1, ANSISTRING: 2, INT8: 3, UINT8: 4, INT16: 5, UINT16: 6, INT32: 7, UINT32: 8,
  INT64: 9, UINT64: 10, FLOAT: 11, DOUBLE: 12, BOOLEAN: 13, BINARY: 14, GUID: 15, POINTER: 16,
  FILETIME: 17, SYSTEMTIME: 18, SID: 19, HEXINT32: 20, HEXINT64: 21,
  MANIFEST_COUNTEDSTRING: 22, MANIFEST_COUNTEDANSISTRING: 23, RESERVED24: 24, MANIFEST_COUNTEDBINARY: 25,
  COUNTEDSTRING: 300, COUNTEDANSISTRING: 301, REVERSEDCOUNTEDSTRING: 302, REVERSEDCOUNTEDANSISTRING: 303,
  NONNULLTERMINATEDSTRING: 304, NONNULLTERMINATEDANSISTRING: 305, UNICODECHAR: 306, ANSICHAR: 307,
  SIZET: 308, HEXDUMP: 309, WBEMSID: 310,
  /**
   * etwkit's own, beyond TDH's 16-bit range so that no schema file or TDH blob can name it: the rest of
   * the payload is LZNT1-compressed UTF-16 text (docs/architecture.md F9; the WinSAT events, F13). The
   * property's `length`, required, is the decompressed size in bytes; data that does not decompress to
   * exactly that size does not fit.
   */
  LZNT1_UNICODESTRING: 0x10001,
} as const;

/** TDH_OUTTYPE_* numbers (tdh.h). */
export const OutType = {
  NULL: 0, STRING: 1, DATETIME: 2, BYTE: 3, UNSIGNEDBYTE: 4, SHORT: 5, UNSIGNEDSHORT: 6, INT: 7,
  UNSIGNEDINT: 8, LONG: 9, UNSIGNEDLONG: 10, FLOAT: 11, DOUBLE: 12, BOOLEAN: 13, GUID: 14, HEXBINARY: 15,
  HEXINT8: 16, HEXINT16: 17, HEXINT32: 18, HEXINT64: 19, PID: 20, TID: 21, PORT: 22, IPV4: 23, IPV6: 24,
  SOCKETADDRESS: 25, CIMDATETIME: 26, ETWTIME: 27, XML: 28, ERRORCODE: 29, WIN32ERROR: 30, NTSTATUS: 31,
  HRESULT: 32, CULTURE_INSENSITIVE_DATETIME: 33, JSON: 34, UTF8: 35, PKCS7_WITH_TYPE_INFO: 36,
  CODE_POINTER: 37, DATETIME_UTC: 38, REDUCEDSTRING: 300, NOPRINT: 301,
} as const;

/** A count or length: a constant, or the value of an earlier property (index into the same property list). */
export type SizeRef = { fixed: number } | { ref: number };

export interface MapEntry {
  value: number;
  text: string;
}

/** valueMap (exact value → text) or bitMap (each set bit / mask → text). */
export interface MapDef {
  name: string;
  kind: 'value' | 'bitmap';
  entries: MapEntry[];
}

export interface PropertyDef {
  name: string;
  /** TDH in-type; for a struct use InType.NULL and fill `members`. */
  inType: number;
  /** TDH out-type; 0 = the in-type's default. */
  outType: number;
  /** Array element count; absent/null = scalar. */
  count?: SizeRef | null;
  /**
   * Length of a string (in characters for UTF-16, bytes for 8-bit) or of binary data (bytes);
   * absent/null = NUL-terminated / the in-type's own rule.
   */
  length?: SizeRef | null;
  /** Struct members (decoded per element). */
  members?: PropertyDef[];
  map?: MapDef | null;
  /** MOF extension or qualifier hints that change decoding or rendering, e.g. 'Sid', 'WmiTime', 'SizeT', 'Port', 'IPAddrV6', 'Variant', 'RString', 'RWString', 'XMLFragment'. */
  extension?: string | null;
  /** MOF format("x"|"c"|"s"|"w"). */
  format?: string | null;
  /** Hidden from rendering (NoPrint) but still consumed. */
  noPrint?: boolean;
  /** TraceLogging custom-schema bytes or field tags, informational. */
  tags?: number;
}

export interface EventSchema extends EventLabels {
  source: 'manifest' | 'mof' | 'tracelogging' | 'eventsource' | 'kernel';
  providerId: string;
  /** Message template with %1..%n placeholders (manifest `message`), already localized. */
  message: string | null;
  properties: PropertyDef[];
  /** Template root element name when the manifest template uses <UserData>. */
  userDataElement: string | null;
  /**
   * The properties a payload that does not fit `properties` is decoded with instead (same labels and
   * message), so that a built-in layout that interprets the data can fall back to one that shows it raw.
   */
  fallbackProperties?: PropertyDef[];
}
