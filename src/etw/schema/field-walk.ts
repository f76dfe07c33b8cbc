/**
 * The compiled decoder's walk for writers: a schema's top-level properties,
 * resolved once into steps, read in one pass over the payload bytes, each
 * visible field told to a FieldWriter (field-writer.ts) as it is read. Strings
 * are handed over as byte ranges (no JavaScript string is made); scalars are
 * read by the same element reader as decoded fields (tdh-value.ts readElement),
 * arrays, structs and character runs by the schema's property reader
 * (payload-decoder.ts) as one decoded field. Hidden properties are read for the
 * counts and lengths that refer to them. A payload that does not fit makes
 * `write` return false; MOF classes may end between top-level properties, as
 * the decoder allows.
 */
import type { CompiledSchema } from './payload-decoder.js';
import type { FieldWriter } from './field-writer.js';
import type { SizeRef } from './event-schema.js';
import { TextForm, U64Halves } from './lazy-field.js';
import { IntForm, ReadAs, type CompiledProperty } from './tdh-property.js';
import { u64Decimal } from './render-text.js';
import { i64Decimal, newSlot, newTextRange, readElement, readTextRange, textWidth, type ReadContext, type ValueSlot } from './tdh-value.js';

/** How a top-level property is read. */
const Step = {
  /** One scalar element (readElement). */
  ELEMENT: 0,
  /** A UTF-16 string handed over as bytes. */
  TEXT16: 1,
  /** An 8-bit string handed over as bytes. */
  TEXT8: 2,
  /** An array, struct or character run, read whole by the schema's property reader. */
  WHOLE: 3,
  /** An integer shown in decimal or hex, without a map: read here (the common case, kept off the general reader). */
  INT: 4,
} as const;

function stepOf(p: CompiledProperty): number {
  if (p.count !== null || p.charString || p.readAs === ReadAs.STRUCT) return Step.WHOLE;
  if (p.readAs === ReadAs.INT && p.map === null && (p.intForm === IntForm.DECIMAL || p.intForm === IntForm.HEX)) return Step.INT;
  const width = textWidth(p);
  return width === 2 ? Step.TEXT16 : width === 1 ? Step.TEXT8 : Step.ELEMENT;
}

const TWO32 = 4294967296;
const SAFE_HI = 0x200000; // 2^53 / 2^32

/** Tell the writer the value a readElement left in the slot. */
function writeSlot(w: FieldWriter, slot: ValueSlot): void {
  const v = slot.value;
  switch (slot.form) {
    case TextForm.DECIMAL: w.decimal(v as number); return;
    case TextForm.HEX8: w.hex(v as number, 8); return;
    case TextForm.HEX16: w.hex(v as number, 16); return;
    case TextForm.HEX32: w.hex(v as number, 32); return;
    case TextForm.HEX64: w.hex(v as number, 64); return;
    case TextForm.HEX_HALVES: w.hexHalves((v as U64Halves).lo, (v as U64Halves).hi); return;
    case TextForm.BOOL: w.bool(v as boolean); return;
    case TextForm.ERROR_CODE: w.errorCode(v as number); return;
    case TextForm.PLAIN: w.text(v as string, true); return;
    case TextForm.VALUE: w.text(v as string, false); return;
    default:
      // EXPLICIT: a float with its text, or no value.
      if (typeof v === 'number') w.number(v, slot.text);
      else w.none();
  }
}

export class FieldWalk {
  private readonly props: CompiledProperty[];
  private readonly steps: Uint8Array;
  /** Per property: its index among the visible fields, or -1. */
  private readonly visible: Int32Array;
  private readonly nums: Float64Array | null;
  private readonly endsEarly: boolean;
  private readonly slot: ValueSlot = newSlot();
  private readonly range = newTextRange();
  private readonly ctx: ReadContext = { pointerSize: 8, sessionTimeToFileTime: null };
  /** Visible fields the last successful write gave the writer. */
  written = 0;

  private constructor(private readonly compiled: CompiledSchema) {
    const props = (this.props = compiled.properties);
    this.steps = Uint8Array.from(props, stepOf);
    let v = 0;
    this.visible = Int32Array.from(props, (p) => (p.hidden ? -1 : v++));
    this.nums = compiled.newTopNums();
    this.endsEarly = compiled.endsEarly;
  }

  /** The walk of a compiled schema (made once per schema). */
  static of(compiled: CompiledSchema): FieldWalk {
    if (compiled === lastCompiled) return lastWalk!;
    let walk = walks.get(compiled);
    if (walk === undefined) walks.set(compiled, (walk = new FieldWalk(compiled)));
    lastCompiled = compiled;
    lastWalk = walk;
    return walk;
  }

  /**
   * Read the payload b[from, to) and tell `w` its visible fields in order. False
   * when it does not fit the schema: `w` has then been told a prefix of them.
   */
  write(w: FieldWriter, b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    const { props, steps, visible, slot, range, ctx } = this;
    const nums = this.nums;
    if (nums !== null) nums.fill(NaN);
    ctx.pointerSize = pointerSize;
    ctx.sessionTimeToFileTime = sessionClock;
    let o = from;
    let written = 0;
    for (let i = 0; i < props.length; i++) {
      if (this.endsEarly && o === to) break;
      const p = props[i]!;
      const v = visible[i]!;
      const len = p.length === null ? -1 : this.size(p.length, nums);
      if (len === -2) return false;
      switch (steps[i]) {
        case Step.INT: {
          const size = p.intSize === 0 ? pointerSize : p.intSize;
          if (to - o < size) return false;
          const n = size === 8 ? this.int64(p, b, o, v, w) : this.smallInt(p, b, o, size, v, w);
          if (nums !== null) nums[i] = n;
          o += size;
          break;
        }
        case Step.ELEMENT:
          if (!readElement(p, b, o, to, len, ctx, slot)) return false;
          if (nums !== null) nums[i] = slot.num;
          if (v >= 0) { w.begin(v); writeSlot(w, slot); w.end(); }
          o = slot.end;
          break;
        case Step.TEXT16:
          if (!readTextRange(p, b, o, to, len, range)) return false;
          if (nums !== null) nums[i] = NaN;
          if (v >= 0) { w.begin(v); w.utf16(b, range.start, range.stop); w.end(); }
          o = range.end;
          break;
        case Step.TEXT8:
          if (!readTextRange(p, b, o, to, len, range)) return false;
          if (nums !== null) nums[i] = NaN;
          if (v >= 0) { w.begin(v); w.text8(b, range.start, range.stop, p.utf8); w.end(); }
          o = range.end;
          break;
        default: {
          const f = this.compiled.readTopProperty(i, nums, b, o, to, ctx);
          if (f === null) return false;
          if (v >= 0) { w.begin(v); w.field(f); w.end(); }
          o = this.compiled.at;
        }
      }
      if (v >= 0) written = v + 1;
    }
    this.written = written;
    return true;
  }

  /**
   * An INT step's integer of 1, 2 or 4 bytes, told to `w` (when visible: v >= 0) as
   * readElement would give it; returns its value (for counts and lengths).
   */
  private smallInt(p: CompiledProperty, b: Buffer, o: number, size: number, v: number, w: FieldWriter): number {
    const n = size === 1 ? (p.signed ? b.readInt8(o) : b[o]!)
      : size === 2 ? (p.signed ? b.readInt16LE(o) : b.readUInt16LE(o))
        : p.signed ? b.readInt32LE(o) : b.readUInt32LE(o);
    if (v >= 0) {
      w.begin(v);
      if (p.intForm === IntForm.HEX) w.hex(n, size === 4 ? 32 : size === 2 ? 16 : 8);
      else w.decimal(n);
      w.end();
    }
    return n;
  }

  /** The same for 8 bytes (tdh-value.ts renderInt64's rules): the value, or NaN beyond 2^53. */
  private int64(p: CompiledProperty, b: Buffer, o: number, v: number, w: FieldWriter): number {
    const lo = b.readUInt32LE(o);
    const hiU = b.readUInt32LE(o + 4);
    let n: number;
    if (p.intForm === IntForm.HEX || !p.signed) n = hiU < SAFE_HI ? hiU * TWO32 + lo : NaN;
    else {
      const hi = hiU | 0;
      n = hi >= -SAFE_HI && hi < SAFE_HI ? hi * TWO32 + lo : NaN;
    }
    if (v >= 0) {
      w.begin(v);
      if (p.intForm === IntForm.HEX) { if (Number.isNaN(n)) w.hexHalves(lo, hiU); else w.hex(n, 64); }
      else if (!Number.isNaN(n)) w.decimal(n);
      else w.text(p.signed ? i64Decimal(lo, hiU) : u64Decimal(lo, hiU), true);
      w.end();
    }
    return n;
  }

  /** A count or length: the constant, or an earlier property's integer value; -2 when unusable. */
  private size(ref: SizeRef, nums: Float64Array | null): number {
    if ('fixed' in ref) return ref.fixed;
    const v = nums === null ? undefined : nums[ref.ref];
    return v === undefined || !Number.isInteger(v) || v < 0 ? -2 : v;
  }
}

const walks = new WeakMap<CompiledSchema, FieldWalk>();
/** The last schema looked up and its walk (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWalk: FieldWalk | null = null;
