/**
 * A compiled schema's payload written straight from its bytes as the JSONL
 * `"message"` and `"fields"` values, without decoded field objects. Each
 * top-level property gets an op (schema-json-ops.ts); the ops become one
 * generated fill function and one message function per schema
 * (schema-json-code.ts). The common scalars are read and written there;
 * anything else is decoded by the schema's own decoder for that one property
 * (`generic` here) and written from its field. The fields object goes to a
 * scratch writer. The message comes first in the line: when its references
 * follow the field order, the fill writes it as it goes (into the line itself,
 * see fillWithMessage, or into a scratch writer), copying each field's text
 * after the literal before it; otherwise the fill notes where each field's text
 * lies and the message writer copies those bytes afterwards. The result equals
 * the decoded-field path byte for byte (test/render/schema-json.test.ts
 * compares them on the corpus); a payload that does not fit makes the fill
 * return false and the caller takes that path.
 */
import type { CompiledSchema } from '../schema/payload-decoder.js';
import { fileTimeOf, i64Decimal, mappedText, nul8, systemTimeOf, type ReadContext } from '../schema/tdh-value.js';
import { ByteWriter, Piece, viewsOf } from './byte-writer.js';
import { keyRuns, piecesOf, writeFieldText, writeFieldValue } from './json-field-bytes.js';
import { writeAsciiJson, writeUtf16Json } from './json-text-bytes.js';
import { fillSource, inOrderMessage, messageSource } from './schema-json-code.js';
import { opsOf, type PropertyOp } from './schema-json-ops.js';

/** What generated code calls. */
const HELPERS = { writeUtf16Json, writeAsciiJson, nul8, fileTimeOf, systemTimeOf, i64Decimal, viewsOf };

type FillFn = (
  b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null, message: ByteWriter,
  buffer: ArrayBufferLike | undefined,
) => boolean;
type MessageFn = (w: ByteWriter) => void;

/** The fields object of the last fill; the texts of its fields that differ from their JSON values. Shared (one event at a time). */
const FIELDS_OUT = ByteWriter.scratch();
const TEXTS_OUT = ByteWriter.scratch(4096);
/** The message of the last fill when it is written in field order; shared likewise. */
const MESSAGE_OUT = ByteWriter.scratch();

const NOTHING = new Uint8Array(0);

function writeMessageOut(w: ByteWriter): void {
  w.ensure(MESSAGE_OUT.pos);
  w.bytes(MESSAGE_OUT.written());
}

export class SchemaJsonWriter {
  private readonly ops: PropertyOp[];
  /** The fields object (without its closing brace) of the last fill; shared by all writers (one event at a time). */
  private readonly fieldsOut = FIELDS_OUT;
  /** Texts that differ from their JSON value (hex integers, generic fields) of the last fill; shared likewise. */
  private readonly textsOut = TEXTS_OUT;
  /** Per visible field: where its text lies (start, end; in textsOut when textInTexts is 1, else fieldsOut). */
  private readonly textStart: Int32Array;
  private readonly textEnd: Int32Array;
  private readonly textInTexts: Uint8Array;
  /** Visible fields the last fill wrote (set by the generated fill). */
  visibleCount = 0;
  private readonly nums: Float64Array | null;
  private readonly ctx: ReadContext = { pointerSize: 8, sessionTimeToFileTime: null };
  private readonly fillCode: FillFn;
  /** The message is written during the fill, in field order (see fillWithMessage). */
  readonly messageInFill: boolean;
  /** The message of the last fill as a JSON string (only when hasMessage). */
  readonly writeMessage: MessageFn;
  /** Whether the schema has a message (then writeMessage writes a JSON string, else nothing is to be written). */
  readonly hasMessage: boolean;

  private constructor(private readonly compiled: CompiledSchema, keys: Piece[]) {
    const ops = (this.ops = opsOf(compiled, keys));
    const visible = ops.filter((op) => op.visible >= 0).length;
    const S = (this.textStart = new Int32Array(visible));
    const E = (this.textEnd = new Int32Array(visible));
    const X = (this.textInTexts = new Uint8Array(visible));
    this.nums = compiled.newTopNums();
    const pieces = compiled.message === null ? null : piecesOf(compiled.message);
    // A message in field order is written whole during fill (not when the payload may end early: it would miss fields).
    const inOrder = pieces === null || compiled.endsEarly ? null : inOrderMessage(pieces, compiled.message!.fieldAt, visible);
    const fill = fillSource(ops, compiled.endsEarly, this.nums !== null, inOrder);
    this.fillCode = new Function('self', 'F', 'T', 'S', 'E', 'X', 'nums', 'K', 'H', fill.body)(
      this, this.fieldsOut, this.textsOut, S, E, X, this.nums, fill.pieces, HELPERS,
    ) as FillFn;
    this.hasMessage = pieces !== null;
    this.messageInFill = inOrder !== null;
    if (inOrder !== null) {
      this.writeMessage = writeMessageOut;
    } else if (pieces !== null) {
      const message = messageSource(ops, pieces, compiled.message!.fieldAt, compiled.endsEarly);
      this.writeMessage = new Function('self', 'F', 'T', 'S', 'E', 'X', 'K', message.body)(
        this, this.fieldsOut, this.textsOut, S, E, X, message.pieces,
      ) as MessageFn;
    } else {
      this.writeMessage = () => {};
    }
  }

  /** The writer of a compiled schema, or null when its field names cannot be written in order as object members. */
  static for(compiled: CompiledSchema): SchemaJsonWriter | null {
    if (compiled === lastCompiled) return lastWriter;
    let w = writers.get(compiled);
    if (w === undefined) {
      const keys = keyRuns(compiled.fieldNames);
      w = keys === null ? null : new SchemaJsonWriter(compiled, keys);
      writers.set(compiled, w);
    }
    lastCompiled = compiled;
    lastWriter = w;
    return w;
  }

  /**
   * Read the payload and prepare its message and fields. False when it does not
   * fit the schema (nothing usable is prepared then).
   */
  fill(b: Buffer, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null): boolean {
    MESSAGE_OUT.pos = 0;
    return this.fillCode(b, 0, b.length, pointerSize, sessionClock, MESSAGE_OUT, undefined);
  }

  /**
   * Only when messageInFill: fill, appending the message (a JSON string) to `w`
   * as it goes. False when the payload does not fit; what was appended is then
   * partial (the caller takes it back). The payload is b[from, to); `buffer`:
   * b's ArrayBuffer, when known.
   */
  fillWithMessage(
    w: ByteWriter, b: Buffer, from: number, to: number, pointerSize: 4 | 8, sessionClock: ((raw: bigint) => bigint) | null,
    buffer?: ArrayBufferLike,
  ): boolean {
    return this.fillCode(b, from, to, pointerSize, sessionClock, w, buffer);
  }

  /** Whether the last fill wrote any field (else the fields value is null). */
  get hasFields(): boolean {
    return this.visibleCount > 0;
  }

  /** Property `i`'s mapped JSON value (`"text"`) of integer n, or null when its value map has no entry for it. */
  mappedValue(i: number, n: number): Piece | null {
    const op = this.ops[i]!;
    const cache = op.mapped!;
    let piece = cache.get(n);
    if (piece === undefined) {
      const text = mappedText(op.map!, n);
      piece = text === null ? null : Piece.utf8(JSON.stringify(text));
      if (cache.size >= 4096) cache.clear();
      cache.set(n, piece);
    }
    return piece;
  }

  /**
   * Property `i` at `o` through the schema's decoder, written from its field (its
   * text noted in textsOut when the message shows it); the offset after it, or -1.
   */
  generic(i: number, b: Buffer, o: number, end: number, sessionClock: ((raw: bigint) => bigint) | null, pointerSize: 4 | 8): number {
    const op = this.ops[i]!;
    const ctx = this.ctx;
    ctx.pointerSize = pointerSize;
    ctx.sessionTimeToFileTime = sessionClock;
    const f = this.compiled.readTopProperty(op.index, this.nums, b, o, end, ctx);
    if (f === null) return -1;
    const v = op.visible;
    if (v >= 0) {
      writeFieldValue(this.fieldsOut, f);
      if (op.inMessage) {
        const T = this.textsOut;
        const start = T.pos;
        writeFieldText(T, f);
        this.textStart[v] = start;
        this.textEnd[v] = T.pos;
        this.textInTexts[v] = 1;
      }
    }
    return this.compiled.at;
  }

  /** The fields object of the last fill without its closing brace (empty when it wrote no field); valid until the next fill. */
  fieldsWritten(): Uint8Array {
    return this.visibleCount > 0 ? this.fieldsOut.written() : NOTHING;
  }

  /** The fields object of the last fill (only when hasFields). */
  writeFields(w: ByteWriter): void {
    const F = this.fieldsOut;
    w.ensure(F.pos + 1);
    w.bytes(F.written());
    w.byte(125);
  }
}

const writers = new WeakMap<CompiledSchema, SchemaJsonWriter | null>();
/** The last schema looked up and its writer (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWriter: SchemaJsonWriter | null = null;
