/**
 * The payload decoder: an EventSchema compiled once (compileSchema) into a
 * walker that turns a record's user data into DecodedField[] — scalars, arrays
 * with fixed or referenced counts, lengths taken from earlier fields, structs
 * (docs/architecture.md F8) — and the schema's message template into a plan over those
 * fields. Field texts (and so messages) are made only when asked for (lazy-field.ts). A payload that does not fit keeps the fields decoded so
 * far and reports ERROR_EVT_INVALID_EVENT_DATA (docs/architecture.md F10), never throws.
 * MOF classes are the exception for a payload that ends exactly between two
 * top-level properties or between two elements of a top-level array: the rest
 * is simply absent (StackWalk's `StackFrame[192]` / Stack1…Stack192 hold only the
 * frames captured; older class versions are shorter).
 */
import type { EventSchema, SizeRef } from './event-schema.js';
import type { DecodedField, DecodeError, FieldValue } from './types.js';
import { compileProperty, ReadAs, type CompiledProperty } from './tdh-property.js';
import { newSlot, readCharRun, readElement, type ReadContext, type ValueSlot } from './tdh-value.js';
import { compileMessage, type CompiledMessage } from './render-message.js';
import { LazyField, TextForm } from './lazy-field.js';

/** ERROR_EVT_INVALID_EVENT_DATA: the payload does not match its template (docs/architecture.md F10). */
export const ERROR_EVT_INVALID_EVENT_DATA = 15005;

/** More elements than this in one array means a corrupt count, not data. */
const MAX_ELEMENTS = 1 << 20;

export interface PayloadDecodeResult {
  /** Visible top-level fields (NoPrint ones are consumed but left out); a prefix when `error` is set. */
  fields: DecodedField[];
  error: DecodeError | null;
  /** Bytes after the last property. */
  trailingBytes: number;
}

/** Why a walk stopped early (kept on the compiled schema, so a failing walk allocates only its message). */
interface Failure {
  field: string;
  offset: number;
  why: string;
}

/**
 * A message template resolved against the schema's visible fields: the text is
 * pieces[0] + text(fields[fieldAt[0]]) + pieces[1] + … + pieces[n], where an
 * index of -1 (a hidden property) or past the decoded fields inserts nothing.
 */
export interface MessagePlan {
  /** Literal text; pieces.length === fieldAt.length + 1. */
  pieces: string[];
  /** Index into the decoded (visible top-level) fields, or -1. */
  fieldAt: number[];
}

/** Resolve %n references to visible-field positions; a reference past the last property stays literal. */
function planMessage(m: CompiledMessage, props: readonly CompiledProperty[]): MessagePlan {
  const visibleAt: number[] = [];
  let v = 0;
  for (const p of props) visibleAt.push(p.hidden ? -1 : v++);
  const pieces: string[] = [m.pieces[0]!];
  const fieldAt: number[] = [];
  for (let k = 0; k < m.refs.length; k++) {
    const idx = m.refs[k]!;
    if (idx >= props.length) pieces[pieces.length - 1] += '%' + (idx + 1) + m.pieces[k + 1]!;
    else { fieldAt.push(visibleAt[idx]!); pieces.push(m.pieces[k + 1]!); }
  }
  return { pieces, fieldAt };
}

/** Fill a message plan with the texts of decoded fields. */
export function renderPlan(plan: MessagePlan, fields: readonly DecodedField[]): string {
  const { pieces, fieldAt } = plan;
  let s = pieces[0]!;
  for (let k = 0; k < fieldAt.length; k++) {
    const f = fields[fieldAt[k]!];
    s += (f === undefined ? '' : f.text) + pieces[k + 1]!;
  }
  return s;
}

export class CompiledSchema {
  readonly properties: CompiledProperty[];
  /** The message template resolved against the fields, or null when the schema has none. */
  readonly message: MessagePlan | null;
  /** Names of the visible top-level properties: the names of a decoding's fields, in order (one array per schema). */
  readonly fieldNames: readonly string[];
  /** The schema's fallbackProperties compiled with its labels: what a payload that does not fit is decoded with (or null). */
  readonly fallback: CompiledSchema | null;
  /** Reused across calls: decoding is synchronous and one record at a time. */
  private readonly slot: ValueSlot = newSlot();
  private failure: Failure | null = null;
  /** MOF: a payload may end between top-level properties. */
  private readonly mayEndEarly: boolean;
  /** Integer values of the top-level properties, for counts and lengths (null when none refers to another). */
  private readonly topNums: Float64Array | null;
  /** Struct member lists whose counts or lengths refer to other members. */
  private readonly refLists = new Set<CompiledProperty[]>();

  constructor(readonly schema: EventSchema) {
    this.properties = schema.properties.map(compileProperty);
    this.mayEndEarly = schema.source === 'mof' || schema.source === 'kernel';
    this.message = schema.message ? planMessage(compileMessage(schema.message), this.properties) : null;
    this.fieldNames = this.properties.filter((p) => !p.hidden).map((p) => p.name);
    this.topNums = this.noteRefs(this.properties) ? new Float64Array(this.properties.length) : null;
    const { fallbackProperties, ...labels } = schema;
    this.fallback = fallbackProperties === undefined ? null : new CompiledSchema({ ...labels, properties: fallbackProperties });
  }

  /** Whether a property list has counts/lengths taken from its own properties (recording nested lists that do). */
  private noteRefs(props: CompiledProperty[]): boolean {
    let refs = false;
    for (const p of props) {
      if ((p.count !== null && 'ref' in p.count) || (p.length !== null && 'ref' in p.length)) refs = true;
      if (p.members !== null && this.noteRefs(p.members)) this.refLists.add(p.members);
    }
    return refs;
  }

  private numsFor(props: CompiledProperty[]): Float64Array | null {
    return this.refLists.size > 0 && this.refLists.has(props) ? new Float64Array(props.length) : null;
  }

  decode(payload: Buffer, ctx: ReadContext): PayloadDecodeResult {
    this.failure = null;
    const fields: DecodedField[] = [];
    const nums = this.topNums;
    if (nums !== null) nums.fill(NaN);
    const end = this.walk(this.properties, nums, payload, 0, payload.length, ctx, fields, this.mayEndEarly);
    if (end < 0) {
      const f = this.failure as Failure | null;
      const reason = f
        ? `payload (${payload.length} bytes) does not fit the schema at field ${f.field} (offset ${f.offset}): ${f.why}`
        : `payload (${payload.length} bytes) does not fit the schema`;
      return { fields, error: { code: ERROR_EVT_INVALID_EVENT_DATA, reason }, trailingBytes: 0 };
    }
    return { fields, error: null, trailingBytes: payload.length - end };
  }

  /** The message with %n filled in from decoded fields, or null when the schema has none. */
  renderMessage(fields: readonly DecodedField[]): string | null {
    return this.message === null ? null : renderPlan(this.message, fields);
  }

  private fail(field: string, offset: number, why: string): null {
    this.failure = { field, offset, why };
    return null;
  }

  /**
   * Decode `props` from `o`; push visible fields to `out`, integer values to a
   * local table for counts/lengths. Returns the offset after the last property,
   * or -1 (see `failure`).
   */
  private walk(
    props: CompiledProperty[], nums: Float64Array | null, b: Buffer, o: number, end: number, ctx: ReadContext,
    out: DecodedField[], mayEndEarly = false,
  ): number {
    for (let i = 0; i < props.length; i++) {
      if (mayEndEarly && o === end) return o;
      const field = this.readProperty(props, i, nums, b, o, end, ctx, mayEndEarly);
      if (field === null) return -1;
      o = this.at;
      if (!props[i]!.hidden) out.push(field);
    }
    return o;
  }

  /** Where the last successful readProperty/readTopProperty stopped. */
  at = 0;

  /** The top-level properties' integer values table for counts and lengths, or null when no property refers to another (see readTopProperty). */
  newTopNums(): Float64Array | null {
    return this.topNums === null ? null : new Float64Array(this.properties.length).fill(NaN);
  }

  /** Whether a MOF payload may end between top-level properties (the rest is then absent). */
  get endsEarly(): boolean {
    return this.mayEndEarly;
  }

  /**
   * Decode top-level property `i` at `o` as `decode` would (for writers that walk
   * the simple properties themselves): the field with `at` set past it, or null
   * when it does not fit. `nums` is the table from newTopNums, filled by the
   * caller for the properties it read itself.
   */
  readTopProperty(i: number, nums: Float64Array | null, b: Buffer, o: number, end: number, ctx: ReadContext): DecodedField | null {
    return this.readProperty(this.properties, i, nums, b, o, end, ctx, this.mayEndEarly);
  }

  /** Property `i` of `props` at `o`: its field (also for hidden ones), with `at` set past it; null on failure. */
  private readProperty(
    props: CompiledProperty[], i: number, nums: Float64Array | null, b: Buffer, o: number, end: number, ctx: ReadContext,
    mayEndEarly: boolean,
  ): DecodedField | null {
    const slot = this.slot;
    const p = props[i]!;
    const len = p.length === null ? -1 : this.size(p.length, nums);
    if (len === -2) return this.fail(p.name, o, 'its length field is not a usable integer');
    if (nums !== null) nums[i] = NaN;

    let field: DecodedField;
    if (p.count === null) {
      if (p.readAs === ReadAs.STRUCT) {
        const members: DecodedField[] = [];
        o = this.walkMembers(p.members!, b, o, end, ctx, members);
        if (o < 0) return null;
        field = LazyField.struct(p.name, members);
      } else if (p.charString) {
        if (!readCharRun(p, b, o, end, len, slot)) return this.fail(p.name, o, `needs ${len} characters`);
        o = slot.end;
        field = slotField(p.name, slot);
      } else {
        if (!readElement(p, b, o, end, len, ctx, slot)) return this.fail(p.name, o, shortBy(p, end - o));
        o = slot.end;
        if (nums !== null) nums[i] = slot.num;
        field = slotField(p.name, slot);
      }
    } else {
      const count = this.size(p.count, nums);
      if (count < 0 || count > MAX_ELEMENTS) return this.fail(p.name, o, 'its count field is not a usable integer');
      if (p.charString) {
        if (!readCharRun(p, b, o, end, count, slot)) return this.fail(p.name, o, `needs ${count} characters`);
        o = slot.end;
        field = slotField(p.name, slot);
      } else {
        let elements: DecodedField[] = new Array(count);
        let values: FieldValue[] = new Array(count);
        for (let k = 0; k < count; k++) {
          if (mayEndEarly && o === end) { elements = elements.slice(0, k); values = values.slice(0, k); break; }
          let el: DecodedField;
          if (p.readAs === ReadAs.STRUCT) {
            const members: DecodedField[] = [];
            o = this.walkMembers(p.members!, b, o, end, ctx, members);
            if (o < 0) return null;
            el = LazyField.struct(p.name, members);
          } else {
            if (!readElement(p, b, o, end, len, ctx, slot)) return this.fail(`${p.name}[${k}]`, o, shortBy(p, end - o));
            o = slot.end;
            el = slotField(p.name, slot);
          }
          elements[k] = el;
          values[k] = el.value;
        }
        field = LazyField.array(p.name, values, elements);
      }
    }
    this.at = o;
    return field;
  }

  private walkMembers(props: CompiledProperty[], b: Buffer, o: number, end: number, ctx: ReadContext, out: DecodedField[]): number {
    const nums = this.numsFor(props);
    if (nums !== null) nums.fill(NaN);
    return this.walk(props, nums, b, o, end, ctx, out);
  }

  /** A count or length: the constant, or an earlier property's integer value; -2 when unusable. */
  private size(ref: SizeRef, nums: Float64Array | null): number {
    if ('fixed' in ref) return ref.fixed;
    const v = nums === null ? undefined : nums[ref.ref];
    return v === undefined || !Number.isInteger(v) || v < 0 ? -2 : v;
  }
}

function slotField(name: string, slot: ValueSlot): LazyField {
  return new LazyField(name, slot.value, slot.form, slot.form === TextForm.EXPLICIT ? slot.text : undefined);
}

function shortBy(p: CompiledProperty, room: number): string {
  if (p.readAs === ReadAs.UNSUPPORTED) return `in-type ${p.inType} cannot be decoded`;
  if (p.readAs === ReadAs.LZNT1_STRING16) return 'its LZNT1 data does not decompress to the size its length gives';
  return room <= 0 ? 'the payload ends before it' : `only ${room} bytes left`;
}

/** Compile a schema for decoding (do it once per schema and reuse the result). */
export function compileSchema(schema: EventSchema): CompiledSchema {
  return new CompiledSchema(schema);
}
