/**
 * Whether a MOF or kernel payload fits its compiled schema, told from the
 * payload's size alone where the schema's shape allows it: a run of fixed-size
 * integers, pointers and GUIDs (scalars or arrays of a constant count), where a
 * MOF payload may end at any boundary between properties or array elements,
 * then nothing but NUL-terminated strings, which fit whatever they hold. The
 * summary counts the payloads that do not fit; with the kernel classes built in,
 * deciding that without decoding keeps a summary of a kernel trace from
 * decoding every record (most kernel layouts have this shape).
 *
 * Layouts with one SID between the fixed run and the strings (the process
 * events: a TOKEN_USER and its SID, docs/architecture.md F8) depend on the SID's
 * bytes, not only the size: fitsByWalk reads the few bytes that give its size.
 */
import { sidSize } from '../etl/sid.js';
import type { CompiledSchema } from './payload-decoder.js';
import { ReadAs, type CompiledProperty } from './tdh-property.js';

interface SizeShape {
  /** Per pointer size (index 0: 4 bytes, 1: 8 bytes): the byte length of the fixed-size run. */
  fixed: [number, number];
  /** Per pointer size: 1 at each length below `fixed` where the payload may end. */
  ends: [Uint8Array, Uint8Array];
  /** The SID property's ReadAs (SID or TOKEN_USER_SID) between the run and the strings, or null when none. */
  sid: number | null;
}

const shapes = new WeakMap<CompiledSchema, SizeShape | null>();

/** True when a payload of `size` bytes surely fits the schema; false when only decoding can tell. */
export function fitsBySize(c: CompiledSchema, size: number, pointerSize: 4 | 8): boolean {
  let shape = shapes.get(c);
  if (shape === undefined) shapes.set(c, (shape = sizeShape(c)));
  if (shape === null) return false;
  const k = pointerSize === 8 ? 1 : 0;
  if (size < shape.fixed[k]) return shape.ends[k][size] === 1;
  return shape.sid === null || size === shape.fixed[k];
}

/**
 * Like fitsBySize, also for layouts with a SID before the strings: true when the
 * payload at bytes[from, from + size) surely fits the schema, false when only
 * decoding can tell.
 */
export function fitsByWalk(c: CompiledSchema, bytes: Uint8Array, from: number, size: number, pointerSize: 4 | 8): boolean {
  if (fitsBySize(c, size, pointerSize)) return true;
  const shape = shapes.get(c);
  if (shape === undefined || shape === null || shape.sid === null) return false;
  const fixed = shape.fixed[pointerSize === 8 ? 1 : 0];
  if (size < fixed) return false;
  const at = from + fixed, end = from + size;
  if (shape.sid === ReadAs.SID) return sidSize(bytes, at, end) >= 0;
  // TOKEN_USER_SID: a first u32 of 0 is a 4-byte property; else two pointers, then the SID.
  if (end - at < 4) return false;
  if ((bytes[at]! | bytes[at + 1]! | bytes[at + 2]! | bytes[at + 3]!) === 0) return true;
  return sidSize(bytes, at + 2 * pointerSize, end) >= 0;
}

/** Element size of a fixed-size property (0 stands for the pointer size), or -1. */
function elementSize(p: CompiledProperty): number {
  if (p.length !== null || p.charString || p.members !== null) return -1;
  if (p.readAs === ReadAs.INT) return p.intSize;
  if (p.readAs === ReadAs.GUID) return 16;
  return -1;
}

function isOpenString(p: CompiledProperty): boolean {
  return (p.readAs === ReadAs.STRING16 || p.readAs === ReadAs.STRING8)
    && p.count === null && p.length === null && !p.charString && p.members === null;
}

function sizeShape(c: CompiledSchema): SizeShape | null {
  if (!c.endsEarly) return null;
  // Element sizes of the fixed-size run, one entry per element.
  const elements: number[] = [];
  let i = 0;
  for (; i < c.properties.length; i++) {
    const p = c.properties[i]!;
    const size = elementSize(p);
    if (size < 0) break;
    if (p.count === null) elements.push(size);
    else if ('fixed' in p.count) for (let n = 0; n < p.count.fixed; n++) elements.push(size);
    else return null;
  }
  let sid: number | null = null;
  const next = c.properties[i];
  if (next !== undefined && (next.readAs === ReadAs.SID || next.readAs === ReadAs.TOKEN_USER_SID)
    && next.count === null && next.length === null && next.members === null && !next.hidden) {
    sid = next.readAs;
    i++;
  }
  for (; i < c.properties.length; i++) if (!isOpenString(c.properties[i]!)) return null;
  const fixed: [number, number] = [0, 0];
  const ends: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  for (const k of [0, 1] as const) {
    const pointer = k === 1 ? 8 : 4;
    let total = 0;
    for (const e of elements) total += e === 0 ? pointer : e;
    const marks = new Uint8Array(total);
    let at = 0;
    for (const e of elements) {
      marks[at] = 1;
      at += e === 0 ? pointer : e;
    }
    fixed[k] = total;
    ends[k] = marks;
  }
  return { fixed, ends, sid };
}
