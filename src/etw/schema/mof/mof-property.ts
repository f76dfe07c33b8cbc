/**
 * One MOF event property → the shared property model: the MOF data type and the
 * event-tracing qualifiers (Pointer/PointerType, Extension, Format,
 * StringTermination, ValueMap/Values/ValueType, BitMap/BitValues, XMLFragment,
 * MAX, WmiSizeIs, array shapes) decide the TDH in/out type, count, length,
 * map and rendering hints. The result is fully resolved: `inType`/`outType`
 * already say what Format c/s/w and the type-changing Extensions mean; `format`
 * keeps only "x" and `extension` names the qualifier for rendering (NoPrint,
 * RString newline folding, WmiTime, Sid, …).
 */
import { InType, OutType, type MapDef, type MapEntry, type PropertyDef, type SizeRef } from '../event-schema.js';
import { parseInteger } from '../manifest/manifest-values.js';
import type { MofProperty, MofQualifier, MofScalar } from './mof-parser.js';

/** What a property conversion can ask of its surroundings. */
export interface MofPropertyContext {
  /** Properties converted so far in the same list (for WmiSizeIs references). */
  earlier: readonly PropertyDef[];
  /** Converts the data properties of an embedded class (for `ClassName Prop` members); null when unknown. */
  embeddedMembers(className: string): PropertyDef[] | null;
  warn(message: string): void;
}

const INTEGER_TYPES: Record<string, { inType: number; hexOut: number; bytes: number }> = {
  sint8: { inType: InType.INT8, hexOut: OutType.HEXINT8, bytes: 1 },
  uint8: { inType: InType.UINT8, hexOut: OutType.HEXINT8, bytes: 1 },
  sint16: { inType: InType.INT16, hexOut: OutType.HEXINT16, bytes: 2 },
  uint16: { inType: InType.UINT16, hexOut: OutType.HEXINT16, bytes: 2 },
  sint32: { inType: InType.INT32, hexOut: OutType.HEXINT32, bytes: 4 },
  uint32: { inType: InType.UINT32, hexOut: OutType.HEXINT32, bytes: 4 },
  sint64: { inType: InType.INT64, hexOut: OutType.HEXINT64, bytes: 8 },
  uint64: { inType: InType.UINT64, hexOut: OutType.HEXINT64, bytes: 8 },
};

/** Reads a qualifier's single value as a string (case kept), or null. */
export function qualifierText(q: MofQualifier | undefined): string | null {
  if (!q) return null;
  const v = Array.isArray(q.value) ? q.value[0] : q.value;
  return v === undefined || v === null || typeof v === 'boolean' ? null : String(v);
}

/** A qualifier's values as a list (a single value becomes a one-element list). */
export function qualifierList(q: MofQualifier | undefined): MofScalar[] {
  if (!q) return [];
  return Array.isArray(q.value) ? q.value : [q.value];
}

export function convertMofProperty(p: MofProperty, ctx: MofPropertyContext): PropertyDef {
  const q = (name: string): MofQualifier | undefined => p.qualifiers.get(name);
  const warn = (m: string): void => ctx.warn(`property ${p.name}: ${m}`);
  const type = p.type.toLowerCase();
  const extension = qualifierText(q('extension'))?.toLowerCase() ?? null;
  const format = qualifierText(q('format'))?.toLowerCase() ?? null;
  const termination = qualifierText(q('stringtermination'))?.toLowerCase() ?? null;
  const isPointer = q('pointer') !== undefined || q('pointertype') !== undefined;

  const def: PropertyDef = { name: p.name, inType: InType.NULL, outType: 0 };
  let arrayIsString = false; // char arrays with format("s") are strings, not arrays

  if (extension === 'sizet') {
    def.inType = InType.SIZET; // the data type and format are ignored for SizeT
  } else if (isPointer) {
    def.inType = InType.POINTER;
  } else if (extension !== null && (type === 'object' || EXTENSION_OVERRIDES_TYPE.has(extension))) {
    applyExtension(def, extension, warn);
  } else if (type === 'string') {
    applyString(def, format, termination, extension, warn);
  } else if (type === 'char16') {
    if (format === 's' && p.isArray) {
      def.inType = InType.UNICODESTRING;
      arrayIsString = true;
    } else def.inType = InType.UNICODECHAR;
  } else if (type === 'char8') {
    def.inType = InType.ANSICHAR;
  } else if (INTEGER_TYPES[type]) {
    const int = INTEGER_TYPES[type]!;
    if (format === 'c' && int.bytes === 1) def.inType = InType.ANSICHAR;
    else if (format === 's' && p.isArray && int.bytes === 1) {
      def.inType = InType.ANSISTRING;
      arrayIsString = true;
    } else if (format === 'w' && p.isArray && int.bytes === 2) {
      def.inType = InType.UNICODESTRING;
      arrayIsString = true;
    } else {
      def.inType = int.inType;
      if (format === 'x') def.outType = int.hexOut;
    }
  } else if (type === 'real32') {
    def.inType = InType.FLOAT;
  } else if (type === 'real64') {
    def.inType = InType.DOUBLE;
  } else if (type === 'boolean') {
    // WMI classic booleans are one byte; TDH renders UINT8 + BOOLEAN as true/false.
    def.inType = InType.UINT8;
    def.outType = OutType.BOOLEAN;
  } else if (type === 'object') {
    warn('object without an Extension qualifier');
  } else {
    const members = ctx.embeddedMembers(p.type);
    if (members) def.members = members;
    else warn(`unknown data type ${p.type}`);
  }

  // Only `x` is passed on as a rendering hint: `c`, `s` and `w` are already expressed by the
  // in-type chosen above, and the decoder must not apply them a second time.
  if (format === 'x') def.format = format;
  if (extension === 'noprint') def.noPrint = true;
  if (p.qualifiers.has('xmlfragment')) {
    def.outType = OutType.XML;
    def.extension = 'XMLFragment';
  }
  if (def.extension === undefined && extension !== null) {
    def.extension = CANONICAL_EXTENSIONS[extension] ?? qualifierText(q('extension'));
  }

  const size = arraySize(p, ctx, warn);
  if (size) {
    if (arrayIsString) def.length = size;
    else def.count = size;
  }
  const map = mofMap(p, warn);
  if (map) def.map = map;
  return def;
}

/** Extension names in the spelling PropertyDef.extension uses (MOF compares them case-insensitively). */
const CANONICAL_EXTENSIONS: Record<string, string> = {
  guid: 'Guid', ipaddr: 'IPAddr', ipaddrv4: 'IPAddrV4', ipaddrv6: 'IPAddrV6', port: 'Port', sid: 'Sid',
  sizet: 'SizeT', variant: 'Variant', wmitime: 'WmiTime', noprint: 'NoPrint', rstring: 'RString', rwstring: 'RWString',
};

/** Extensions whose payload shape replaces the declared data type. */
const EXTENSION_OVERRIDES_TYPE = new Set(['guid', 'ipaddr', 'ipaddrv4', 'ipaddrv6', 'port', 'sid', 'variant', 'wmitime']);

function applyExtension(def: PropertyDef, extension: string, warn: (m: string) => void): void {
  switch (extension) {
    case 'guid':
      def.inType = InType.GUID;
      break;
    case 'ipaddr':
    case 'ipaddrv4':
      def.inType = InType.UINT32;
      def.outType = OutType.IPV4;
      break;
    case 'ipaddrv6':
      def.inType = InType.BINARY;
      def.outType = OutType.IPV6;
      def.length = { fixed: 16 };
      break;
    case 'port':
      def.inType = InType.UINT16;
      def.outType = OutType.PORT;
      break;
    case 'sid':
      def.inType = InType.WBEMSID;
      break;
    case 'variant':
      def.inType = InType.HEXDUMP;
      break;
    case 'wmitime':
      def.inType = InType.UINT64;
      def.outType = OutType.ETWTIME;
      break;
    case 'rstring':
      def.inType = InType.ANSISTRING;
      break;
    case 'rwstring':
      def.inType = InType.UNICODESTRING;
      break;
    default:
      warn(`object with unsupported Extension("${extension}")`);
  }
}

function applyString(
  def: PropertyDef,
  format: string | null,
  termination: string | null,
  extension: string | null,
  warn: (m: string) => void,
): void {
  const wide = format === 'w' || extension === 'rwstring';
  if (extension === 'rstring' || extension === 'rwstring') {
    def.inType = wide ? InType.UNICODESTRING : InType.ANSISTRING;
    return;
  }
  switch (termination ?? 'nullterminated') {
    case 'nullterminated':
      def.inType = wide ? InType.UNICODESTRING : InType.ANSISTRING;
      break;
    case 'counted':
      def.inType = wide ? InType.COUNTEDSTRING : InType.COUNTEDANSISTRING;
      break;
    case 'reversecounted':
      def.inType = wide ? InType.REVERSEDCOUNTEDSTRING : InType.REVERSEDCOUNTEDANSISTRING;
      break;
    case 'notcounted':
      def.inType = wide ? InType.NONNULLTERMINATEDSTRING : InType.NONNULLTERMINATEDANSISTRING;
      break;
    default:
      warn(`unknown StringTermination("${termination}"), assuming NullTerminated`);
      def.inType = wide ? InType.UNICODESTRING : InType.ANSISTRING;
  }
}

/** `[N]`, `MAX(N)` or `WmiSizeIs("Field")` → count (or string length); `[]` alone is reported. */
function arraySize(p: MofProperty, ctx: MofPropertyContext, warn: (m: string) => void): SizeRef | null {
  if (!p.isArray) return null;
  if (p.arraySize !== null) return { fixed: p.arraySize };
  const max = parseInteger(qualifierText(p.qualifiers.get('max')));
  if (max !== null) return { fixed: max };
  const sizeField = qualifierText(p.qualifiers.get('wmisizeis'));
  if (sizeField !== null) {
    for (let i = ctx.earlier.length - 1; i >= 0; i--) if (ctx.earlier[i]!.name === sizeField) return { ref: i };
    warn(`WmiSizeIs("${sizeField}") names no earlier property`);
    return null;
  }
  warn('array without a size (no [N], MAX or WmiSizeIs)');
  return null;
}

/** ValueMap/Values (index or flag) and BitMap/BitValues → a MapDef. */
function mofMap(p: MofProperty, warn: (m: string) => void): MapDef | null {
  const values = qualifierList(p.qualifiers.get('values')).map((v) => String(v ?? ''));
  const bitValues = qualifierList(p.qualifiers.get('bitvalues')).map((v) => String(v ?? ''));
  if (values.length > 0) {
    const keys = qualifierList(p.qualifiers.get('valuemap'));
    const isFlag = qualifierText(p.qualifiers.get('valuetype'))?.toLowerCase() === 'flag';
    const entries = mapEntries(values, keys, (k) => parseInteger(String(k)), warn);
    return { name: p.name, kind: isFlag ? 'bitmap' : 'value', entries };
  }
  if (bitValues.length > 0) {
    const bits = qualifierList(p.qualifiers.get('bitmap'));
    const position = (k: MofScalar): number | null => {
      const bit = parseInteger(String(k));
      return bit === null || bit > 52 ? null : 2 ** bit;
    };
    // Without BitMap, the n-th string names bit n (counting from the lowest bit).
    const entries = bits.length > 0
      ? mapEntries(bitValues, bits, position, warn)
      : bitValues.map((text, i) => ({ value: 2 ** i, text }));
    return { name: p.name, kind: 'bitmap', entries };
  }
  return null;
}

function mapEntries(
  texts: string[],
  keys: MofScalar[],
  keyValue: (k: MofScalar) => number | null,
  warn: (m: string) => void,
): MapEntry[] {
  if (keys.length === 0) return texts.map((text, i) => ({ value: i, text })); // zero-based index
  if (keys.length !== texts.length) warn(`map has ${keys.length} keys but ${texts.length} texts`);
  const entries: MapEntry[] = [];
  for (let i = 0; i < Math.min(keys.length, texts.length); i++) {
    const value = keyValue(keys[i]!);
    if (value === null) warn(`map key "${String(keys[i])}" is not a number`);
    else entries.push({ value, text: texts[i]! });
  }
  return entries;
}
