/**
 * The compiled decoder's walk for writers: a schema's top-level properties,
 * resolved once into steps and turned into one generated JavaScript function
 * per schema that reads the payload in a single pass and tells a FieldWriter
 * (field-writer.ts) each visible field as it is read. Integers shown in
 * decimal or hex are read in the generated code itself (through a DataView of
 * the payload buffer: measured faster than Buffer.readUInt32LE and its kin
 * there), those of 1, 2 or 4 bytes with a value map or bit map too (the last
 * value's name kept per property), and a run of fixed-size ones has its bounds
 * checked once; strings are located by tdh-value.ts readTextRange and handed
 * over as byte ranges (no JavaScript string is made); other scalars go through
 * the same element reader as decoded fields (readElement), and arrays, structs
 * and character runs through the schema's property reader (payload-decoder.ts)
 * as one decoded field. Hidden properties are read for the counts and lengths
 * that refer to them. A payload that does not fit makes `write` return false;
 * MOF classes may end between top-level properties, as the decoder allows. The
 * generated code (straight-line, its branches decided per schema) took 3–4%
 * less CPU time than a loop over the steps on the 1 GiB kernel trace and the
 * .NET rundown trace.
 *
 * A writer may give code for its common values (field-code.ts); its walk then
 * has that code inline in place of the writer's method calls (JSON lines: as
 * fast as its former generator of its own), and the NUL of a UTF-16 string is
 * found by the writer's code as it writes the text.
 *
 * Only numbers and booleans this module computes (offsets, sizes, indexes) are
 * written into the source; names, texts and maps from schemas stay data (the
 * properties are passed in), so a schema file cannot inject code.
 */
import type { CompiledSchema } from './payload-decoder.js';
import type { FieldCode } from './field-code.js';
import type { FieldWriter } from './field-writer.js';
import { TextForm, U64Halves } from './lazy-field.js';
import { u64Decimal } from './render-text.js';
import { IntForm, ReadAs, type CompiledProperty } from './tdh-property.js';
import { i64Decimal, mappedText, newSlot, newTextRange, readElement, readTextRange, textWidth, type ReadContext, type ValueSlot } from './tdh-value.js';

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
  /** An integer of 1, 2 or 4 bytes shown in decimal or hex, with a value map or bit map: read by the generated code. */
  MAPPED: 5,
} as const;

function stepOf(p: CompiledProperty): number {
  if (p.count !== null || p.charString || p.readAs === ReadAs.STRUCT) return Step.WHOLE;
  if (p.readAs === ReadAs.INT && (p.intForm === IntForm.DECIMAL || p.intForm === IntForm.HEX)) {
    if (p.map === null) return Step.INT;
    if (p.intSize === 1 || p.intSize === 2 || p.intSize === 4) return Step.MAPPED;
  }
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
const HELPERS = { readElement, readTextRange, writeSlot, i64Decimal, u64Decimal, mappedText };

/** Names the generated code uses itself (a FieldCode may not bind them); also mN<i> and mT<i>. */
const OWN_NAMES = new Set([
  'self', 'P', 'H', 'readElement', 'readTextRange', 'writeSlot', 'i64Decimal', 'u64Decimal', 'mappedText', 'slot', 'R', 'ctx',
  'nums', 'compiled', 'walk', 'w', 'b', 'from', 'to', 'ps', 'dv', 'base', 'ab', 'o', 'n', 'len', 'lo', 'hi', 'f', 't',
]);

type WalkFn = (w: FieldWriter, b: Buffer, from: number, to: number, ps: 4 | 8, dv: DataView<ArrayBufferLike>, base: number, ab: ArrayBufferLike) => boolean;

/** A safe integer as source text (anything else is a bug here, not input). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`field-walk: not an integer: ${n}`);
  return String(n);
}

/** The reading of an integer of 1, 2 or 4 bytes at payload offset expression `at`. */
function readSmall(size: number, signed: boolean, at: string): string {
  switch (size) {
    case 1: return signed ? `dv.getInt8(base + ${at})` : `b[${at}]`;
    case 2: return signed ? `dv.getInt16(base + ${at}, true)` : `dv.getUint16(base + ${at}, true)`;
    default: return signed ? `dv.getInt32(base + ${at}, true)` : `dv.getUint32(base + ${at}, true)`;
  }
}

/** Bytes of a step whose size the schema fixes and whose reading cannot fail but for the bounds (runs of them share one check), else 0. */
function fixedSize(p: CompiledProperty): number {
  if (p.length !== null || p.intSize === 0) return 0;
  const step = stepOf(p);
  return step === Step.INT || step === Step.MAPPED ? p.intSize : 0;
}

/** Makes the source of one schema's walk. */
class WalkSource {
  private readonly out: string[] = [];
  /** Declarations of state kept between walks (in the factory, outside walk). */
  private readonly state: string[] = [];

  constructor(private readonly props: CompiledProperty[], private readonly endsEarly: boolean, private readonly hasNums: boolean,
    private readonly code: FieldCode | null) {}

  /**
   * Visible field v's code: the writer's inline code for its value when it
   * supplies some, else the begin, the value call and the end (the writer's
   * code for begin and end when it supplies code).
   */
  private field(v: number, inline: string | null | undefined, call: string): string {
    const code = this.code;
    if (code === null) return `{ w.begin(${int(v)}); ${call} w.end(); }`;
    return inline != null ? `{ ${code.begin(v, false)} ${inline} }` : `{ ${code.begin(v, true)} ${call} ${code.end(v)} }`;
  }

  /** Visible field v's code when its value is one of two kinds, by `test`: one begin, then the value as field() gives it. */
  private either(v: number, test: string, yes: [string | null | undefined, string], no: [string | null | undefined, string]): string {
    const code = this.code;
    if (code === null) return `{ w.begin(${int(v)}); if (${test}) ${yes[1]} else ${no[1]} w.end(); }`;
    const inline = yes[0] != null && no[0] != null;
    // The same code either way (a 64-bit hex value the writer writes from its bytes): once, without the test.
    if (inline && yes[0] === no[0]) return `{ ${code.begin(v, false)} ${yes[0]} }`;
    const part = ([c, call]: [string | null | undefined, string]) => (c != null ? `{ ${c} }` : `{ ${call} ${code.end(v)} }`);
    return `{ ${code.begin(v, !inline)} if (${test}) ${part(yes)} else ${part(no)} }`;
  }

  /** Code for an INT or MAPPED step of `size` bytes at `at` (tdh-value.ts renderSmallInt's and renderInt64's rules); `checked`: in a run whose bounds are checked. */
  private intCode(p: CompiledProperty, i: number, v: number, size: number, at: string, checked: boolean, mapped: boolean): string {
    const hex = p.intForm === IntForm.HEX;
    const code = this.code;
    const store = this.hasNums ? ` nums[${int(i)}] = n;` : '';
    let c = checked ? '' : `if (to - o < ${int(size)}) return false;`;
    const advance = checked ? '' : ` o += ${int(size)};`;
    if (size !== 8) {
      c += ` n = ${readSmall(size, p.signed, at)};${store}`;
      if (v < 0) return c + advance;
      const bits = (size * 8) as 8 | 16 | 32;
      const plainInt: [string | null | undefined, string] = hex
        ? [code?.hex(v, bits, p.signed, at), `w.hex(n, ${int(bits)});`] : [code?.decimal(v, bits, p.signed), 'w.decimal(n);'];
      if (!mapped) return c + ' ' + this.field(v, plainInt[0], plainInt[1]) + advance;
      // The last value's text is kept per property (flags and kinds repeat from one event to the next).
      const mn = `mN${int(i)}`, mt = `mT${int(i)}`;
      this.state.push(`let ${mn} = NaN, ${mt} = null;`);
      const plain = p.map!.plain;
      c += ` if (n !== ${mn}) { ${mn} = n; ${mt} = mappedText(P[${int(i)}].map, n); } t = ${mt};`;
      return c + ' ' + this.either(v, 't !== null', [code?.text(v, plain), `w.text(t, ${plain ? 'true' : 'false'});`], plainInt) + advance;
    }
    c += ` lo = dv.getUint32(base + ${at}, true); hi = dv.getUint32(base + ${at} + 4, true);`;
    if (hex || !p.signed) c += ' n = hi < 0x200000 ? hi * 4294967296 + lo : NaN;';
    else c += ' n = hi | 0; n = n >= -0x200000 && n < 0x200000 ? n * 4294967296 + lo : NaN;';
    c += store;
    if (v >= 0) {
      if (hex) c += ' ' + this.either(v, 'n !== n', [code?.hexHalves(v, at), 'w.hexHalves(lo, hi);'], [code?.hex(v, 64, false, at), 'w.hex(n, 64);']);
      else {
        c += ' ' + this.either(v, 'n === n', [code?.decimal(v, 64, p.signed), 'w.decimal(n);'],
          [null, `w.text(${p.signed ? 'i64Decimal(lo, hi)' : 'u64Decimal(lo, hi)'}, true);`]);
      }
    }
    return c + (checked ? '' : ' o += 8;');
  }

  /** The body of `(self, P, H, ...code names) => walk(w, b, from, to, ps, dv, base, ab)` (ab: b.buffer, dv: a DataView of it, base: b.byteOffset). */
  source(): string {
    const { props, endsEarly, hasNums, code, out } = this;
    out.push('return function walk(w, b, from, to, ps, dv, base, ab) {');
    out.push('let o = from, n = 0, len = -1, lo = 0, hi = 0, f = null, t = null;');
    if (code !== null) out.push(code.locals);
    let visible = 0;
    /** Bytes left of the current run of fixed-size steps (bounds checked once at its start), and the next step's offset in it. */
    let run = 0, runAt = 0;
    for (let i = 0; i < props.length; i++) {
      const p = props[i]!;
      const v = p.hidden ? -1 : visible++;
      const at = int(i);
      if (endsEarly) out.push(`if (o === to) { ${code?.finish ?? ''} self.written = ${int(v >= 0 ? v : visible)}; return true; }`);
      const step = stepOf(p);
      if (step === Step.INT || step === Step.MAPPED) {
        if (!endsEarly && run === 0 && fixedSize(p) > 0 && i + 1 < props.length && fixedSize(props[i + 1]!) > 0) {
          let total = 0;
          for (let j = i; j < props.length && fixedSize(props[j]!) > 0; j++) total += fixedSize(props[j]!);
          out.push(`if (to - o < ${int(total)}) return false;`);
          run = total;
          runAt = 0;
          if (code !== null) {
            const vs: number[] = [];
            for (let j = i, seen = visible - (p.hidden ? 0 : 1); j < props.length && fixedSize(props[j]!) > 0; j++) {
              const q = props[j]!;
              if (q.hidden) continue;
              vs.push(seen++);
              if (stepOf(q) === Step.MAPPED) break;
            }
            if (vs.length > 0) out.push(code.room(vs));
          }
        }
        if (p.length !== null) out.push(this.lengthCode(p));
        const mapped = step === Step.MAPPED;
        if (run > 0) {
          const where = runAt === 0 ? 'o' : `o + ${int(runAt)}`;
          out.push(this.intCode(p, i, v, p.intSize, where, true, mapped));
          runAt += p.intSize;
          run -= p.intSize;
          if (run === 0) out.push(`o += ${int(runAt)};`);
        } else if (p.intSize === 0) {
          out.push(`if (ps === 8) { ${this.intCode(p, i, v, 8, 'o', false, mapped)} } else { ${this.intCode(p, i, v, 4, 'o', false, mapped)} }`);
        } else out.push(this.intCode(p, i, v, p.intSize, 'o', false, mapped));
        continue;
      }
      out.push(p.length === null ? 'len = -1;' : this.lengthCode(p));
      switch (step) {
        case Step.TEXT16: case Step.TEXT8: {
          const until = v >= 0 && p.readAs === ReadAs.STRING16 ? code?.utf16Until(v, p.length === null ? 'to' : 'o + 2 * len') : null;
          if (until != null) {
            // The writer finds the NUL as it writes (readTextRange's STRING16 rule otherwise).
            if (p.length === null) out.push(`if (to - o <= 0) return false; { ${code!.begin(v, false)} ${until} } o = n + 2 < to ? n + 2 : to;`);
            else out.push(`if (to - o < 2 * len) return false; { ${code!.begin(v, false)} ${until} } o += 2 * len;`);
            break;
          }
          const give = textWidth(p) === 2 ? 'w.utf16(b, R.start, R.stop);' : `w.text8(b, R.start, R.stop, ${p.utf8 ? 'true' : 'false'});`;
          out.push(`if (!readTextRange(P[${at}], b, o, to, len, R)) return false;${v >= 0 ? ' ' + this.field(v, null, give) : ''} o = R.end;`);
          break;
        }
        case Step.ELEMENT: {
          const guid = v >= 0 && p.readAs === ReadAs.GUID && p.map === null ? code?.guid(v) : null;
          if (guid != null) {
            out.push(`if (to - o < 16) return false; { ${code!.begin(v, false)} ${guid} } o += 16;`);
            break;
          }
          out.push(`if (!readElement(P[${at}], b, o, to, len, ctx, slot)) return false;${hasNums ? ` nums[${at}] = slot.num;` : ''}` +
            `${v >= 0 ? ' ' + this.field(v, null, 'writeSlot(w, slot);') : ''} o = slot.end;`);
          break;
        }
        default:
          out.push(`f = compiled.readTopProperty(${at}, nums, b, o, to, ctx); if (f === null) return false;` +
            `${v >= 0 ? ' ' + this.field(v, null, 'w.field(f);') : ''} o = compiled.at;`);
      }
    }
    if (code !== null) out.push(code.finish);
    out.push(`self.written = ${int(visible)}; return true;`);
    out.push('};');
    return [
      'const { readElement, readTextRange, writeSlot, i64Decimal, u64Decimal, mappedText } = H;',
      'const slot = self.slot, R = self.range, ctx = self.ctx, nums = self.nums, compiled = self.compiled;',
      ...this.state,
      ...out,
    ].join('\n');
  }

  /** `len` of a property with a length (fixed, or another property's value). */
  private lengthCode(p: CompiledProperty): string {
    const l = p.length!;
    if ('fixed' in l) return `len = ${int(l.fixed)};`;
    return `n = nums[${int(l.ref)}]; if (!Number.isInteger(n) || n < 0) return false; len = n;`;
  }
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

  private constructor(readonly compiled: CompiledSchema, code: FieldCode | null) {
    this.nums = compiled.newTopNums();
    const names = code?.names ?? [];
    for (const name of names) {
      if (OWN_NAMES.has(name) || /^m[NT]\d+$/.test(name)) throw new Error(`field-walk: a writer's code binds the walk's own name ${name}`);
    }
    const source = new WalkSource(compiled.properties, compiled.endsEarly, this.nums !== null, code).source();
    this.run = new Function('self', 'P', 'H', ...names, source)(this, compiled.properties, HELPERS, ...(code?.values ?? [])) as WalkFn;
  }

  /**
   * A walk of a compiled schema that writes with `code` where it supplies some
   * (field-code.ts); the writer keeps it (it is made per schema and writer).
   */
  static withCode(compiled: CompiledSchema, code: FieldCode): FieldWalk {
    return new FieldWalk(compiled, code);
  }

  /** The walk of a compiled schema (made once per schema). */
  static of(compiled: CompiledSchema): FieldWalk {
    if (compiled === lastCompiled) return lastWalk!;
    let walk = walks.get(compiled);
    if (walk === undefined) walks.set(compiled, (walk = new FieldWalk(compiled, null)));
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
    if (b !== lastBytes) {
      // Reading b.buffer is a call V8 does not inline: once per Buffer (the reader's buffers hold many payloads).
      lastBytes = b;
      lastBase = b.byteOffset;
      const ab = b.buffer;
      if (ab !== lastBuffer) { lastBuffer = ab; lastView = new DataView(ab); }
    }
    return this.run(w, b, from, to, pointerSize, lastView, lastBase, lastBuffer);
  }
}

/** The last Buffer walked, where it starts in its ArrayBuffer, and a DataView of that (the reader reuses a few): b[o] is dv's byte base + o. */
let lastBytes: Buffer | null = null;
let lastBase = 0;
let lastBuffer: ArrayBufferLike = new ArrayBuffer(0);
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
const walks = new WeakMap<CompiledSchema, FieldWalk>();
/** The last schema looked up and its walk (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWalk: FieldWalk | null = null;
