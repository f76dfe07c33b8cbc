/**
 * Compile-time resolution of one PropertyDef into what the decoder acts on:
 * how to read its bytes (ReadAs), how to render an integer (IntForm), its
 * effective in/out types after MOF extensions and format qualifiers
 * and TDH's default out-types (docs/architecture.md F8). Nothing here runs per
 * event.
 */
import { InType, OutType, type MapDef, type PropertyDef, type SizeRef } from './event-schema.js';

/** How the bytes of one element are read. */
export const ReadAs = {
  INT: 1, FLOAT: 2, DOUBLE: 3, BOOL32: 4, GUID: 5, FILETIME: 6, SYSTEMTIME: 7, SID: 8, TOKEN_USER_SID: 9,
  /** UTF-16: NUL-terminated, or `length` characters when the property has a length. */
  STRING16: 10,
  /** 8-bit: NUL-terminated, or `length` bytes. */
  STRING8: 11,
  /** u16 little-endian byte count + UTF-16 (TDH 22, 300). */
  COUNTED16: 12,
  COUNTED8: 13,
  /** u16 big-endian byte count (TDH 302/303, MOF RWString/RString). */
  RCOUNTED16: 14,
  RCOUNTED8: 15,
  /** To the end of the payload (TDH 304/305, MOF NotCounted). */
  REST16: 16,
  REST8: 17,
  CHAR16: 18,
  CHAR8: 19,
  /** Bytes: `length`, else 16 for IPV6, else the rest of the payload. */
  BINARY: 20,
  /** u16 byte count + bytes (TDH 25, TraceLogging BINARY). */
  COUNTED_BINARY: 21,
  /** u32 byte count + bytes (TDH 309). */
  HEXDUMP: 22,
  /** MOF extension("Variant"): a VARIANT (8 + 2 pointers), shown as hex — best effort. */
  VARIANT: 23,
  STRUCT: 24,
  UNSUPPORTED: 25,
  /** The rest of the payload, LZNT1-compressed UTF-16 decompressing to `length` bytes (etwkit's in-type). */
  LZNT1_STRING16: 26,
} as const;

/** How an integer is turned into text. */
export const IntForm = {
  DECIMAL: 0, HEX: 1, BOOLEAN: 2, CHAR: 3, PORT: 4, IPV4: 5, ERROR_CODE: 6, FILETIME: 7, ETWTIME: 8,
} as const;

export interface CompiledMap {
  kind: 'value' | 'bitmap';
  /** valueMap: exact value → text. */
  byValue: Map<number, string>;
  /** bitMap: masks and names, in schema order. */
  masks: number[];
  names: string[];
  /** No name holds a character JSON escapes (so every mapped text, hex remainders included, is plain). */
  plain: boolean;
  /** bitMap: the texts of values seen (tdh-value.ts mappedText), bounded. */
  texts: Map<number, string>;
}

export interface CompiledProperty {
  name: string;
  /** Effective TDH in-type and out-type (defaults and MOF qualifiers applied). */
  inType: number;
  outType: number;
  readAs: number;
  /** Byte size of an integer element: 1, 2, 4, 8, or 0 = the event's pointer size. */
  intSize: number;
  signed: boolean;
  intForm: number;
  /** 8-bit strings are UTF-8 (out-type UTF8/JSON/XML) rather than Windows-1252. */
  utf8: boolean;
  count: SizeRef | null;
  length: SizeRef | null;
  /** An array of characters (count or length given) read as one string. */
  charString: boolean;
  members: CompiledProperty[] | null;
  map: CompiledMap | null;
  /** NoPrint: consumed, not shown. */
  hidden: boolean;
}

const INT_SIZE: Record<number, number> = {
  [InType.INT8]: 1, [InType.UINT8]: 1, [InType.INT16]: 2, [InType.UINT16]: 2, [InType.INT32]: 4, [InType.UINT32]: 4,
  [InType.INT64]: 8, [InType.UINT64]: 8, [InType.HEXINT32]: 4, [InType.HEXINT64]: 8, [InType.POINTER]: 0, [InType.SIZET]: 0,
};

const SIGNED_IN = new Set<number>([InType.INT8, InType.INT16, InType.INT32, InType.INT64]);

/** TDH's default out-type per in-type (docs/architecture.md F8). */
export function defaultOutType(inType: number): number {
  switch (inType) {
    case InType.INT8: return OutType.BYTE;
    case InType.UINT8: return OutType.UNSIGNEDBYTE;
    case InType.INT16: return OutType.SHORT;
    case InType.UINT16: return OutType.UNSIGNEDSHORT;
    case InType.INT32: return OutType.INT;
    case InType.UINT32: return OutType.UNSIGNEDINT;
    case InType.INT64: return OutType.LONG;
    case InType.UINT64: return OutType.UNSIGNEDLONG;
    case InType.FLOAT: return OutType.FLOAT;
    case InType.DOUBLE: return OutType.DOUBLE;
    case InType.BOOLEAN: return OutType.BOOLEAN;
    case InType.BINARY: case InType.MANIFEST_COUNTEDBINARY: case InType.HEXDUMP: return OutType.HEXBINARY;
    case InType.GUID: return OutType.GUID;
    case InType.POINTER: case InType.SIZET: return OutType.HEXINT64;
    case InType.FILETIME: case InType.SYSTEMTIME: return OutType.DATETIME;
    case InType.HEXINT32: return OutType.HEXINT32;
    case InType.HEXINT64: return OutType.HEXINT64;
    case InType.NULL: return OutType.NULL;
    default: return OutType.STRING;
  }
}

interface Resolved {
  inType: number;
  outType: number;
  length: SizeRef | null;
  hidden: boolean;
  variant: boolean;
}

/**
 * Apply MOF `extension(...)` and `format(...)` qualifiers (docs/architecture.md F8). They only fill
 * in what the declared types leave open (in-type or out-type NULL, or a plain
 * integer for `format("x")`/`("c")`); a type a loader chose on purpose is kept.
 * `NoPrint` (extension or out-type) always hides the property.
 */
function resolveQualifiers(p: PropertyDef): Resolved {
  let inType = p.inType, outType = p.outType;
  let length = p.length ?? null;
  let hidden = p.noPrint === true;
  let variant = false;
  const open = inType === InType.NULL && !(p.members && p.members.length > 0);
  const fill = (inT: number, outT: number): void => {
    if (open && inT !== InType.NULL) inType = inT;
    if (outType === OutType.NULL && outT !== OutType.NULL) outType = outT;
  };
  switch ((p.extension ?? '').toLowerCase()) {
    case 'sid': if (open || inType === InType.SID) inType = InType.WBEMSID; break;
    case 'sizet': if (open || INT_SIZE[inType] !== undefined) inType = InType.SIZET; break;
    case 'wmitime': fill(InType.UINT64, OutType.ETWTIME); break;
    case 'port': fill(InType.UINT16, OutType.PORT); break;
    case 'ipaddr': case 'ipaddrv4': fill(InType.UINT32, OutType.IPV4); break;
    case 'ipaddrv6':
      if (open) { inType = InType.BINARY; length = length ?? { fixed: 16 }; }
      fill(InType.NULL, OutType.IPV6);
      break;
    case 'guid': fill(InType.GUID, OutType.NULL); break;
    case 'noprint': hidden = true; break;
    case 'rstring': fill(InType.REVERSEDCOUNTEDANSISTRING, OutType.NULL); break;
    case 'rwstring': fill(InType.REVERSEDCOUNTEDSTRING, OutType.NULL); break;
    case 'variant': if (open) variant = true; break;
    case 'xmlfragment': fill(InType.UNICODESTRING, OutType.XML); break;
    default: break;
  }
  const size = INT_SIZE[inType];
  switch ((p.format ?? '').toLowerCase()) {
    case 'x':
      if (size !== undefined && outType === OutType.NULL) {
        outType = size === 1 ? OutType.HEXINT8 : size === 2 ? OutType.HEXINT16 : size === 4 ? OutType.HEXINT32 : OutType.HEXINT64;
      }
      break;
    case 'c':
      if (inType === InType.UINT8 || inType === InType.INT8) inType = InType.ANSICHAR;
      else if (inType === InType.UINT16 || inType === InType.INT16) inType = InType.UNICODECHAR;
      break;
    case 'w': fill(InType.UNICODESTRING, OutType.NULL); break;
    case 's': fill(InType.ANSISTRING, OutType.NULL); break;
    default: break;
  }
  if (outType === OutType.NOPRINT) hidden = true;
  return { inType, outType, length, hidden, variant };
}

function readAsFor(inType: number, variant: boolean): number {
  if (variant) return ReadAs.VARIANT;
  if (INT_SIZE[inType] !== undefined) return ReadAs.INT;
  switch (inType) {
    case InType.FLOAT: return ReadAs.FLOAT;
    case InType.DOUBLE: return ReadAs.DOUBLE;
    case InType.BOOLEAN: return ReadAs.BOOL32;
    case InType.GUID: return ReadAs.GUID;
    case InType.FILETIME: return ReadAs.FILETIME;
    case InType.SYSTEMTIME: return ReadAs.SYSTEMTIME;
    case InType.SID: return ReadAs.SID;
    case InType.WBEMSID: return ReadAs.TOKEN_USER_SID;
    case InType.UNICODESTRING: return ReadAs.STRING16;
    case InType.ANSISTRING: return ReadAs.STRING8;
    case InType.COUNTEDSTRING: case InType.MANIFEST_COUNTEDSTRING: return ReadAs.COUNTED16;
    case InType.COUNTEDANSISTRING: case InType.MANIFEST_COUNTEDANSISTRING: return ReadAs.COUNTED8;
    case InType.REVERSEDCOUNTEDSTRING: return ReadAs.RCOUNTED16;
    case InType.REVERSEDCOUNTEDANSISTRING: return ReadAs.RCOUNTED8;
    case InType.NONNULLTERMINATEDSTRING: return ReadAs.REST16;
    case InType.NONNULLTERMINATEDANSISTRING: return ReadAs.REST8;
    case InType.UNICODECHAR: return ReadAs.CHAR16;
    case InType.ANSICHAR: return ReadAs.CHAR8;
    case InType.BINARY: return ReadAs.BINARY;
    case InType.MANIFEST_COUNTEDBINARY: return ReadAs.COUNTED_BINARY;
    case InType.HEXDUMP: return ReadAs.HEXDUMP;
    case InType.LZNT1_UNICODESTRING: return ReadAs.LZNT1_STRING16;
    default: return ReadAs.UNSUPPORTED;
  }
}

/** Which integer text form an out-type selects for an integer of `size` bytes (0 = pointer-sized). */
function intFormFor(inType: number, outType: number, size: number): number {
  switch (outType) {
    case OutType.HEXINT8: case OutType.HEXINT16: case OutType.HEXINT32: case OutType.HEXINT64: case OutType.CODE_POINTER:
      return IntForm.HEX;
    case OutType.BOOLEAN: return size === 1 || size === 4 ? IntForm.BOOLEAN : IntForm.DECIMAL;
    case OutType.STRING: return size === 1 || size === 2 ? IntForm.CHAR : IntForm.DECIMAL;
    case OutType.PORT: return size === 2 ? IntForm.PORT : IntForm.DECIMAL;
    case OutType.IPV4: return size === 4 ? IntForm.IPV4 : IntForm.DECIMAL;
    case OutType.ERRORCODE: case OutType.WIN32ERROR: case OutType.NTSTATUS: case OutType.HRESULT:
      return size === 4 ? IntForm.ERROR_CODE : IntForm.DECIMAL;
    case OutType.DATETIME: case OutType.DATETIME_UTC: case OutType.CULTURE_INSENSITIVE_DATETIME:
      return size === 8 ? IntForm.FILETIME : IntForm.DECIMAL;
    case OutType.ETWTIME: return size === 8 ? IntForm.ETWTIME : IntForm.DECIMAL;
    default:
      // HEXINT32/HEXINT64/POINTER/SIZET are hex by nature unless an out-type above says otherwise.
      return inType === InType.HEXINT32 || inType === InType.HEXINT64 || inType === InType.POINTER || inType === InType.SIZET
        ? (outType === OutType.NULL || outType === OutType.HEXINT64 || outType === OutType.HEXINT32 ? IntForm.HEX : IntForm.DECIMAL)
        : IntForm.DECIMAL;
  }
}

function signedFor(inType: number, outType: number): boolean {
  switch (outType) {
    case OutType.BYTE: case OutType.SHORT: case OutType.INT: case OutType.LONG: case OutType.HRESULT: return true;
    case OutType.UNSIGNEDBYTE: case OutType.UNSIGNEDSHORT: case OutType.UNSIGNEDINT: case OutType.UNSIGNEDLONG: return false;
    default: return SIGNED_IN.has(inType);
  }
}

function compileMap(m: MapDef | null | undefined): CompiledMap | null {
  if (!m || m.entries.length === 0) return null;
  const byValue = new Map<number, string>();
  const masks: number[] = [], names: string[] = [];
  for (const e of m.entries) {
    if (!byValue.has(e.value)) byValue.set(e.value, e.text);
    masks.push(e.value);
    names.push(e.text);
  }
  const plain = names.every((n) => !/[\u0000-\u001f"\\\ud800-\udfff]/.test(n));
  return { kind: m.kind, byValue, masks, names, plain, texts: new Map() };
}

/** Resolve one property (and its struct members) for decoding. */
export function compileProperty(p: PropertyDef): CompiledProperty {
  const r = resolveQualifiers(p);
  const members = p.members && p.members.length > 0 ? p.members.map(compileProperty) : null;
  const readAs = members ? ReadAs.STRUCT : readAsFor(r.inType, r.variant);
  const outType = r.outType === OutType.NULL ? defaultOutType(r.inType) : r.outType;
  const intSize = INT_SIZE[r.inType] ?? 0;
  const intForm = readAs === ReadAs.INT ? intFormFor(r.inType, outType, intSize === 0 ? 8 : intSize) : IntForm.DECIMAL;
  const count = p.count ?? null;
  const isCharElement = readAs === ReadAs.CHAR8 || readAs === ReadAs.CHAR16 || (readAs === ReadAs.INT && intForm === IntForm.CHAR);
  return {
    name: p.name,
    inType: r.inType,
    outType,
    readAs,
    intSize,
    signed: signedFor(r.inType, outType),
    intForm,
    utf8: outType === OutType.UTF8 || outType === OutType.JSON || outType === OutType.XML,
    count,
    length: r.length,
    charString: isCharElement && (count !== null || r.length !== null),
    members,
    map: compileMap(p.map),
    hidden: r.hidden,
  };
}
