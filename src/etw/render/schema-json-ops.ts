/**
 * What the JSONL byte path (schema-json.ts) does with each top-level property
 * of a compiled schema: one op per property, chosen once per schema. The common
 * scalars are read and written straight from the payload bytes; anything else
 * (arrays, structs, floats, SIDs, IP addresses, …) is GENERIC and goes through
 * the schema's own decoder for that one property.
 */
import type { CompiledSchema } from '../schema/payload-decoder.js';
import type { SizeRef } from '../schema/event-schema.js';
import { OutType } from '../schema/event-schema.js';
import { IntForm, ReadAs, type CompiledMap, type CompiledProperty } from '../schema/tdh-property.js';
import type { Piece } from './byte-writer.js';

/** What an op does. */
export const Op = {
  /** Decoded by the schema's decoder. */
  GENERIC: 0,
  /** An integer shown in decimal (1, 2, 4, 8 bytes or pointer-sized). */
  INT_DEC: 1,
  /** An integer shown as `0x…` hex, valued as a number. */
  INT_HEX: 2,
  /** An integer or BOOL shown as true/false. */
  BOOL: 3,
  GUID: 4,
  /** UTF-16: NUL-terminated, or `length` characters. */
  STR16: 5,
  /** u16 byte count + UTF-16. */
  COUNTED16: 6,
  /** 8-bit: NUL-terminated, or `length` bytes (ASCII here, else GENERIC for that payload). */
  STR8: 7,
  COUNTED8: 8,
  /** `length` bytes, else the rest of the payload, as `0x…`. */
  BINARY: 9,
  /** u16 byte count + bytes, as `0x…`. */
  COUNTED_BINARY: 10,
  /** A 1, 2 or 4-byte integer with a value map or bit map. */
  MAP: 11,
  /** A FILETIME as ISO text (GENERIC for one outside a date's range). */
  FILETIME: 12,
  /** A SYSTEMTIME as ISO text (GENERIC for an invalid one). */
  SYSTEMTIME: 13,
  /** One character (8-bit Windows-1252 or 16-bit), written here when it is ASCII and not NUL. */
  CHAR: 14,
} as const;

export interface PropertyOp {
  op: number;
  /** Index among the schema's properties (for counts/lengths and the generic decoder). */
  index: number;
  /** Index among the visible fields, or -1 (NoPrint). */
  visible: number;
  /** `{"name":` / `,"name":` for a visible field. */
  key: Piece | null;
  /** The message shows this field (its text must be available). */
  inMessage: boolean;
  /** Integer bytes (0: the event's pointer size); 4 for a BOOL32. */
  size: number;
  signed: boolean;
  length: SizeRef | null;
  /** Integers: shown as hex (else decimal). */
  hex: boolean;
  /** SYSTEMTIME: out-type DATETIME_UTC (the text ends with Z). */
  utc: boolean;
  /** CHAR: an integer in-type shown as a character (its value still counts as a number). */
  intChar: boolean;
  map: CompiledMap | null;
  /** MAP: the JSON value (`"text"`) per integer seen, null where a value map has no entry; bounded. */
  mapped: Map<number, Piece | null> | null;
}

function opFor(p: CompiledProperty): number {
  if (p.count !== null || p.charString || p.members !== null) return Op.GENERIC;
  if (p.map !== null) {
    const small = p.intSize === 1 || p.intSize === 2 || p.intSize === 4;
    return p.readAs === ReadAs.INT && small && (p.intForm === IntForm.DECIMAL || p.intForm === IntForm.HEX) ? Op.MAP : Op.GENERIC;
  }
  switch (p.readAs) {
    case ReadAs.INT:
      if (p.intForm === IntForm.DECIMAL) return Op.INT_DEC;
      if (p.intForm === IntForm.HEX) return Op.INT_HEX;
      if (p.intForm === IntForm.BOOLEAN) return Op.BOOL;
      if (p.intForm === IntForm.CHAR && (p.intSize === 1 || p.intSize === 2)) return Op.CHAR;
      return Op.GENERIC;
    case ReadAs.CHAR8: case ReadAs.CHAR16: return Op.CHAR;
    case ReadAs.FILETIME: return Op.FILETIME;
    case ReadAs.SYSTEMTIME: return Op.SYSTEMTIME;
    case ReadAs.BOOL32: return Op.BOOL;
    case ReadAs.GUID: return Op.GUID;
    case ReadAs.STRING16: return Op.STR16;
    case ReadAs.COUNTED16: return Op.COUNTED16;
    case ReadAs.STRING8: return Op.STR8;
    case ReadAs.COUNTED8: return Op.COUNTED8;
    case ReadAs.BINARY: return p.outType === OutType.IPV6 || p.outType === OutType.SOCKETADDRESS ? Op.GENERIC : Op.BINARY;
    case ReadAs.COUNTED_BINARY: return p.outType === OutType.IPV6 || p.outType === OutType.SOCKETADDRESS ? Op.GENERIC : Op.COUNTED_BINARY;
    default: return Op.GENERIC;
  }
}

/** The ops of a schema's top-level properties; `keys` are the visible fields' key pieces. */
export function opsOf(compiled: CompiledSchema, keys: Piece[]): PropertyOp[] {
  const inMessage = new Set(compiled.message?.fieldAt ?? []);
  let v = 0;
  return compiled.properties.map((p, index) => {
    const visible = p.hidden ? -1 : v++;
    let op = opFor(p);
    // Hidden strings are rare: only the integers (counts, lengths) are read here without being shown.
    if (visible < 0 && (op === Op.STR16 || op === Op.COUNTED16)) op = Op.GENERIC;
    return {
      op, index, visible, key: visible < 0 ? null : keys[visible]!, inMessage: visible >= 0 && inMessage.has(visible),
      size: p.readAs === ReadAs.BOOL32 ? 4 : p.readAs === ReadAs.CHAR8 ? 1 : p.readAs === ReadAs.CHAR16 ? 2 : p.intSize,
      signed: p.readAs === ReadAs.BOOL32 || p.signed, length: p.length, utc: p.outType === OutType.DATETIME_UTC,
      intChar: p.readAs === ReadAs.INT,
      hex: p.intForm === IntForm.HEX, map: p.map, mapped: op === Op.MAP ? new Map<number, Piece | null>() : null,
    };
  });
}
