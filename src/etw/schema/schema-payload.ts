/**
 * The DecodedPayload of a record matched to a compiled schema: the schema's
 * labels at once, and the fields, error and message made only when first read.
 * Until then it holds the record's payload view, so, like `record.payload`, it
 * is valid only while its event is being written. Writers that produce their
 * own bytes from the payload (the JSONL sink) read `compiled`/`payload` while
 * `pending` and never build the fields; writers that can fill a message plan
 * themselves ask for `messagePlan` instead of the message string. A payload
 * that does not fit a schema with a fallback layout is decoded with that
 * layout; `fieldNames` and the message then follow it.
 */
import type { CompiledSchema, MessagePlan } from './payload-decoder.js';
import { renderPlan } from './payload-decoder.js';
import type { ReadContext } from './tdh-value.js';
import type { DecodedField, DecodedPayload, DecodeError, SchemaSource } from './types.js';

/** Reused by every deferred decoding (decoding is synchronous). */
const CTX: ReadContext = { pointerSize: 8, sessionTimeToFileTime: null };

export class SchemaPayload implements DecodedPayload {
  #fields: DecodedField[] | null = null;
  #error: DecodeError | null = null;
  #trailing = 0;
  /** The plan while the message is not rendered (null: no message, or not decoded yet). */
  #plan: MessagePlan | null = null;
  #message: string | null = null;
  /** The payload is known to fit its schema (error null) without being decoded. */
  #fits = false;
  /** What the fields were decoded with: `compiled`, or its fallback when the payload fitted only that. */
  #used: CompiledSchema;

  /** The payload view, made on first use when the payload was given by where it lies. */
  #payload: Buffer | null;
  /** Where the payload lies: bytes[from, to) (the reader's buffer, or the payload itself). */
  readonly bytes: Buffer;
  readonly from: number;
  readonly to: number;

  /**
   * @param payload the record's payload view (valid while the event is written), or null with `where`
   * @param pointerSize and `sessionClock`: the record's facts the decoding needs
   * @param keepPartial keep the fields decoded before a misfit (tracerpt -lr); else a payload that does not fit has none
   * @param where the payload as [buffer, start, end] instead of a view (a writer that reads the bytes then needs none)
   */
  constructor(
    readonly compiled: CompiledSchema, payload: Buffer | null, readonly pointerSize: 4 | 8,
    readonly sessionClock: ((raw: bigint) => bigint) | null, private readonly keepPartial = true,
    where: readonly [Buffer, number, number] | null = null,
  ) {
    this.#payload = payload;
    this.#used = compiled;
    if (where !== null) {
      this.bytes = where[0];
      this.from = where[1];
      this.to = where[2];
    } else {
      this.bytes = payload!;
      this.from = 0;
      this.to = payload!.length;
    }
  }

  /** The payload's bytes (a view; valid while the event is written). */
  get payload(): Buffer {
    return this.#payload ?? (this.#payload = this.bytes.subarray(this.from, this.to));
  }

  // The schema's labels, read from it (a payload is made per record; the labels are per schema).
  get source(): SchemaSource { return this.compiled.schema.source; }
  get providerName(): string | null { return this.compiled.schema.providerName; }
  get eventName(): string | null { return this.compiled.schema.eventName; }
  get taskName(): string | null { return this.compiled.schema.taskName; }
  get opcodeName(): string | null { return this.compiled.schema.opcodeName; }
  get levelName(): string | null { return this.compiled.schema.levelName; }
  get keywordNames(): string[] { return this.compiled.schema.keywordNames; }
  get channelName(): string | null { return this.compiled.schema.channelName; }
  get userDataElement(): string | null { return this.compiled.schema.userDataElement; }

  /**
   * Note that the payload fits its schema (a writer read it whole from the
   * bytes), so that `error` is known without decoding the fields.
   */
  noteFits(): void {
    this.#fits = true;
  }

  /** True while the payload has not been decoded into fields. */
  get pending(): boolean {
    return this.#fields === null;
  }

  #decode(): DecodedField[] {
    CTX.pointerSize = this.pointerSize;
    CTX.sessionTimeToFileTime = this.sessionClock;
    let used = this.compiled;
    let res = used.decode(this.payload, CTX);
    if (res.error !== null && used.fallback !== null) {
      const other = used.fallback.decode(this.payload, CTX);
      if (other.error === null) { res = other; used = used.fallback; }
    }
    this.#used = used;
    this.#error = res.error;
    this.#trailing = res.trailingBytes;
    // A payload that did not fit has no message (its fields are only a prefix).
    if (this.#message === null) this.#plan = res.error === null ? used.message : null;
    const fields = res.error !== null && !this.keepPartial ? [] : res.fields;
    this.#fields = fields;
    return fields;
  }

  get fields(): DecodedField[] {
    return this.#fields ?? this.#decode();
  }

  set fields(f: DecodedField[]) {
    this.#fields = f;
  }

  get error(): DecodeError | null {
    if (this.#fields === null) {
      if (this.#fits) return null;
      this.#decode();
    }
    return this.#error;
  }

  set error(e: DecodeError | null) {
    if (this.#fields === null) this.#decode();
    this.#error = e;
  }

  /** Bytes after the last property; absent when none. */
  get trailingBytes(): number | undefined {
    if (this.#fields === null) this.#decode();
    return this.#trailing > 0 ? this.#trailing : undefined;
  }

  /** The schema's visible property names: `fields` holds these (a prefix of them when the payload did not fit), one shared array per schema. */
  get fieldNames(): readonly string[] {
    // With a fallback layout, the names are those of the layout the payload fitted.
    if (this.#fields === null && this.compiled.fallback !== null) this.#decode();
    return this.#used.fieldNames;
  }

  /** The message template over `fields`, while the message has not been rendered or replaced; else null. */
  get messagePlan(): MessagePlan | null {
    if (this.#fields === null) this.#decode();
    return this.#plan;
  }

  get message(): string | null {
    if (this.#fields === null) this.#decode();
    const plan = this.#plan;
    if (plan !== null) {
      this.#message = renderPlan(plan, this.#fields!);
      this.#plan = null;
    }
    return this.#message;
  }

  set message(m: string | null) {
    if (this.#fields === null) this.#decode();
    this.#plan = null;
    this.#message = m;
  }
}
