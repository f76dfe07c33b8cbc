/**
 * The compiled decoder's walk for writers: a schema's top-level properties,
 * resolved once into steps and turned into one generated JavaScript function
 * per schema that reads the payload in a single pass and tells a FieldWriter
 * (field-writer.ts) each visible field as it is read. Integers shown in
 * decimal or hex without a map are read in the generated code itself (through a
 * DataView of the payload buffer: measured faster than Buffer.readUInt32LE and
 * its kin there); strings
 * are located by tdh-value.ts readTextRange and handed over as byte ranges (no
 * JavaScript string is made); other scalars go through the same element reader
 * as decoded fields (readElement), and arrays, structs and character runs
 * through the schema's property reader (payload-decoder.ts) as one decoded
 * field. Hidden properties are read for the counts and lengths that refer to
 * them. A payload that does not fit makes `write` return false; MOF classes may
 * end between top-level properties, as the decoder allows. The generated code
 * (straight-line, its branches decided per schema) took 3–4% less CPU time than
 * a loop over the steps on the 1 GiB kernel trace and the .NET rundown trace.
 *
 * Only numbers and booleans this module computes (offsets, sizes, indexes) are
 * written into the source; names, texts and maps from schemas stay data (the
 * properties are passed in), so a schema file cannot inject code.
 */
import type { CompiledSchema } from './payload-decoder.js';
import type { FieldWriter } from './field-writer.js';
import { TextForm, U64Halves } from './lazy-field.js';
import { u64Decimal } from './render-text.js';
import { IntForm, ReadAs, type CompiledProperty } from './tdh-property.js';
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
  /** An integer shown in decimal or hex, without a map: read by the generated code. */
  INT: 4,
} as const;

function stepOf(p: CompiledProperty): number {
  if (p.count !== null || p.charString || p.readAs === ReadAs.STRUCT) return Step.WHOLE;
  if (p.readAs === ReadAs.INT && p.map === null && (p.intForm === IntForm.DECIMAL || p.intForm === IntForm.HEX)) return Step.INT;
  const width = textWidth(p);
  return width === 2 ? Step.TEXT16 : width === 1 ? Step.TEXT8 : Step.ELEMENT;
}

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

/** What generated code calls. */
const HELPERS = { readElement, readTextRange, writeSlot, i64Decimal, u64Decimal };

type WalkFn = (w: FieldWriter, b: Buffer, from: number, to: number, ps: 4 | 8, dv: DataView<ArrayBufferLike>, base: number) => boolean;

/** A safe integer as source text (anything else is a bug here, not input). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`field-walk: not an integer: ${n}`);
  return String(n);
}

/** The reading of an integer of 1, 2 or 4 bytes at o. */
function readSmall(size: number, signed: boolean): string {
  switch (size) {
    case 1: return signed ? 'dv.getInt8(base + o)' : 'b[o]';
    case 2: return signed ? 'dv.getInt16(base + o, true)' : 'dv.getUint16(base + o, true)';
    default: return signed ? 'dv.getInt32(base + o, true)' : 'dv.getUint32(base + o, true)';
  }
}

/** Code for an INT step of `size` bytes (tdh-value.ts renderSmallInt's and renderInt64's rules). */
function intCode(p: CompiledProperty, i: number, v: number, size: number, hasNums: boolean): string {
  const hex = p.intForm === IntForm.HEX;
  const store = hasNums ? ` nums[${int(i)}] = n;` : '';
  let code = `if (to - o < ${int(size)}) return false;`;
  if (size !== 8) {
    code += ` n = ${readSmall(size, p.signed)};${store}`;
    if (v >= 0) code += ` w.begin(${int(v)}); ${hex ? `w.hex(n, ${int(size * 8)});` : 'w.decimal(n);'} w.end();`;
    return code + ` o += ${int(size)};`;
  }
  code += ' lo = dv.getUint32(base + o, true); hi = dv.getUint32(base + o + 4, true);';
  if (hex || !p.signed) code += ' n = hi < 0x200000 ? hi * 4294967296 + lo : NaN;';
  else code += ' n = hi | 0; n = n >= -0x200000 && n < 0x200000 ? n * 4294967296 + lo : NaN;';
  code += store;
  if (v >= 0) {
    code += ` w.begin(${int(v)});`;
    if (hex) code += ' if (n !== n) w.hexHalves(lo, hi); else w.hex(n, 64);';
    else code += ` if (n === n) w.decimal(n); else w.text(${p.signed ? 'i64Decimal(lo, hi)' : 'u64Decimal(lo, hi)'}, true);`;
    code += ' w.end();';
  }
  return code + ' o += 8;';
}

/** The body of `(self, P, H) => walk(w, b, from, to, ps, dv, base)` for a schema's properties (dv: a DataView of b.buffer, base: b.byteOffset). */
function walkSource(props: CompiledProperty[], endsEarly: boolean, hasNums: boolean): string {
  const out: string[] = [];
  out.push('const { readElement, readTextRange, writeSlot, i64Decimal, u64Decimal } = H;');
  out.push('const slot = self.slot, R = self.range, ctx = self.ctx, nums = self.nums, compiled = self.compiled;');
  out.push('return function walk(w, b, from, to, ps, dv, base) {');
  out.push('let o = from, n = 0, len = -1, lo = 0, hi = 0, f = null;');
  let visible = 0;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const v = p.hidden ? -1 : visible++;
    const at = int(i);
    if (endsEarly) out.push(`if (o === to) { self.written = ${int(v >= 0 ? v : visible)}; return true; }`);
    if (p.length === null) out.push('len = -1;');
    else if ('fixed' in p.length) out.push(`len = ${int(p.length.fixed)};`);
    else out.push(`n = nums[${int(p.length.ref)}]; if (!Number.isInteger(n) || n < 0) return false; len = n;`);
    const begin = v >= 0 ? ` w.begin(${int(v)});` : '';
    const end = v >= 0 ? ' w.end();' : '';
    switch (stepOf(p)) {
      case Step.INT:
        if (p.intSize === 0) out.push(`if (ps === 8) { ${intCode(p, i, v, 8, hasNums)} } else { ${intCode(p, i, v, 4, hasNums)} }`);
        else out.push(intCode(p, i, v, p.intSize, hasNums));
        break;
      case Step.TEXT16: case Step.TEXT8: {
        const give = textWidth(p) === 2 ? 'w.utf16(b, R.start, R.stop);' : `w.text8(b, R.start, R.stop, ${p.utf8 ? 'true' : 'false'});`;
        out.push(`if (!readTextRange(P[${at}], b, o, to, len, R)) return false;${v >= 0 ? begin + ' ' + give + end : ''} o = R.end;`);
        break;
      }
      case Step.ELEMENT:
        out.push(`if (!readElement(P[${at}], b, o, to, len, ctx, slot)) return false;${hasNums ? ` nums[${at}] = slot.num;` : ''}` +
          `${v >= 0 ? begin + ' writeSlot(w, slot);' + end : ''} o = slot.end;`);
        break;
      default:
        out.push(`f = compiled.readTopProperty(${at}, nums, b, o, to, ctx); if (f === null) return false;` +
          `${v >= 0 ? begin + ' w.field(f);' + end : ''} o = compiled.at;`);
    }
  }
  out.push(`self.written = ${int(visible)}; return true;`);
  out.push('};');
  return out.join('\n');
}

export class FieldWalk {
  // Read by the generated walk.
  readonly slot: ValueSlot = newSlot();
  readonly range = newTextRange();
  readonly ctx: ReadContext = { pointerSize: 8, sessionTimeToFileTime: null };
  readonly nums: Float64Array | null;
  private readonly run: WalkFn;
  /** Visible fields the last successful write gave the writer. */
  written = 0;

  private constructor(readonly compiled: CompiledSchema) {
    this.nums = compiled.newTopNums();
    const source = walkSource(compiled.properties, compiled.endsEarly, this.nums !== null);
    this.run = new Function('self', 'P', 'H', source)(this, compiled.properties, HELPERS) as WalkFn;
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
    const nums = this.nums;
    if (nums !== null) nums.fill(NaN);
    this.ctx.pointerSize = pointerSize;
    this.ctx.sessionTimeToFileTime = sessionClock;
    const ab = b.buffer;
    if (ab !== lastBuffer) { lastBuffer = ab; lastView = new DataView(ab); }
    return this.run(w, b, from, to, pointerSize, lastView, b.byteOffset);
  }
}

/** A DataView of the last payload buffer walked (the reader reuses a few): b[o] is dv's byte base + o. */
let lastBuffer: ArrayBufferLike | null = null;
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
const walks = new WeakMap<CompiledSchema, FieldWalk>();
/** The last schema looked up and its walk (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWalk: FieldWalk | null = null;
