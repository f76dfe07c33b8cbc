/**
 * The standard names an instrumentation manifest may use without defining them
 * (Windows' winmeta.xml): `win:` in-types and `win:`/`xs:` out-types, levels,
 * opcodes, tasks, keywords and channels, with the display text Windows shows.
 */
import { InType, OutType } from './event-schema.js';

/** Manifest in-type names → TDH_INTYPE_*. */
export const MANIFEST_IN_TYPES: Readonly<Record<string, number>> = {
  'win:UnicodeString': InType.UNICODESTRING,
  'win:AnsiString': InType.ANSISTRING,
  'win:Int8': InType.INT8,
  'win:UInt8': InType.UINT8,
  'win:Int16': InType.INT16,
  'win:UInt16': InType.UINT16,
  'win:Int32': InType.INT32,
  'win:UInt32': InType.UINT32,
  'win:Int64': InType.INT64,
  'win:UInt64': InType.UINT64,
  'win:Float': InType.FLOAT,
  'win:Double': InType.DOUBLE,
  'win:Boolean': InType.BOOLEAN,
  'win:Binary': InType.BINARY,
  'win:GUID': InType.GUID,
  'win:Pointer': InType.POINTER,
  'win:FILETIME': InType.FILETIME,
  'win:SYSTEMTIME': InType.SYSTEMTIME,
  'win:SID': InType.SID,
  'win:HexInt32': InType.HEXINT32,
  'win:HexInt64': InType.HEXINT64,
  'win:CountedUnicodeString': InType.MANIFEST_COUNTEDSTRING,
  'win:CountedString': InType.MANIFEST_COUNTEDSTRING,
  'win:CountedAnsiString': InType.MANIFEST_COUNTEDANSISTRING,
  'win:CountedBinary': InType.MANIFEST_COUNTEDBINARY,
};

/** Manifest out-type names → TDH_OUTTYPE_*. */
export const MANIFEST_OUT_TYPES: Readonly<Record<string, number>> = {
  'xs:string': OutType.STRING,
  'xs:dateTime': OutType.DATETIME,
  'xs:byte': OutType.BYTE,
  'xs:unsignedByte': OutType.UNSIGNEDBYTE,
  'xs:short': OutType.SHORT,
  'xs:unsignedShort': OutType.UNSIGNEDSHORT,
  'xs:int': OutType.INT,
  'xs:unsignedInt': OutType.UNSIGNEDINT,
  'xs:long': OutType.LONG,
  'xs:unsignedLong': OutType.UNSIGNEDLONG,
  'xs:float': OutType.FLOAT,
  'xs:double': OutType.DOUBLE,
  'xs:boolean': OutType.BOOLEAN,
  'xs:GUID': OutType.GUID,
  'xs:hexBinary': OutType.HEXBINARY,
  'win:HexInt8': OutType.HEXINT8,
  'win:HexInt16': OutType.HEXINT16,
  'win:HexInt32': OutType.HEXINT32,
  'win:HexInt64': OutType.HEXINT64,
  'win:PID': OutType.PID,
  'win:TID': OutType.TID,
  'win:Port': OutType.PORT,
  'win:IPv4': OutType.IPV4,
  'win:IPv6': OutType.IPV6,
  'win:SocketAddress': OutType.SOCKETADDRESS,
  'win:CIMDateTime': OutType.CIMDATETIME,
  'win:ETWTIME': OutType.ETWTIME,
  'win:Xml': OutType.XML,
  'win:ErrorCode': OutType.ERRORCODE,
  'win:Win32Error': OutType.WIN32ERROR,
  'win:NTSTATUS': OutType.NTSTATUS,
  'win:HResult': OutType.HRESULT,
  'win:DateTimeCultureInsensitive': OutType.CULTURE_INSENSITIVE_DATETIME,
  'win:Json': OutType.JSON,
  'win:Utf8': OutType.UTF8,
  'win:Pkcs7WithTypeInfo': OutType.PKCS7_WITH_TYPE_INFO,
  'win:CodePointer': OutType.CODE_POINTER,
  'win:DateTimeUtc': OutType.DATETIME_UTC,
};

/** A standard named value: its number and the text Windows displays for it. */
export interface WinMetaValue {
  value: number;
  text: string;
}

export const WIN_LEVELS: Readonly<Record<string, WinMetaValue>> = {
  'win:LogAlways': { value: 0, text: 'Log Always' },
  'win:Critical': { value: 1, text: 'Critical' },
  'win:Error': { value: 2, text: 'Error' },
  'win:Warning': { value: 3, text: 'Warning' },
  'win:Informational': { value: 4, text: 'Information' },
  'win:Verbose': { value: 5, text: 'Verbose' },
};

export const WIN_OPCODES: Readonly<Record<string, WinMetaValue>> = {
  'win:Info': { value: 0, text: 'Info' },
  'win:Start': { value: 1, text: 'Start' },
  'win:Stop': { value: 2, text: 'Stop' },
  'win:DC_Start': { value: 3, text: 'DCStart' },
  'win:DC_Stop': { value: 4, text: 'DCStop' },
  'win:Extension': { value: 5, text: 'Extension' },
  'win:Reply': { value: 6, text: 'Reply' },
  'win:Resume': { value: 7, text: 'Resume' },
  'win:Suspend': { value: 8, text: 'Suspend' },
  'win:Send': { value: 9, text: 'Send' },
  'win:Receive': { value: 240, text: 'Receive' },
};

export const WIN_TASKS: Readonly<Record<string, WinMetaValue>> = {
  'win:None': { value: 0, text: 'None' },
};

/** Standard keyword bits (the high 16 bits of the 64-bit keyword mask are reserved for these). */
export const WIN_KEYWORDS: Readonly<Record<string, { mask: bigint; text: string }>> = {
  'win:ResponseTime': { mask: 0x0001_0000_0000_0000n, text: 'Response Time' },
  'win:WDIContext': { mask: 0x0002_0000_0000_0000n, text: 'WDI Context' },
  'win:WDIDiag': { mask: 0x0004_0000_0000_0000n, text: 'WDI Diag' },
  'win:SQM': { mask: 0x0008_0000_0000_0000n, text: 'SQM' },
  'win:AuditFailure': { mask: 0x0010_0000_0000_0000n, text: 'Audit Failure' },
  'win:CorrelationHint': { mask: 0x0010_0000_0000_0000n, text: 'Correlation Hint' },
  'win:AuditSuccess': { mask: 0x0020_0000_0000_0000n, text: 'Audit Success' },
  'win:EventlogClassic': { mask: 0x0080_0000_0000_0000n, text: 'Classic' },
};

/** Imported standard channels (the `chid`/`name` of an `importChannel` or a channel's `type`). */
export const WIN_CHANNELS: Readonly<Record<string, WinMetaValue>> = {
  TraceClassic: { value: 0, text: 'TraceClassic' },
  System: { value: 8, text: 'System' },
  Application: { value: 9, text: 'Application' },
  Security: { value: 10, text: 'Security' },
  TraceLogging: { value: 11, text: 'TraceLogging' },
  ProviderMetadata: { value: 12, text: 'ProviderMetadata' },
};
