/**
 * The DecodedPayload of a record decoded by a compiled schema: the schema's
 * labels, the decoded fields, and the message, which is rendered from the
 * fields' texts only when read. Writers that can fill a message plan themselves
 * (JSONL) ask for `messagePlan` instead and never build the string.
 */
import type { CompiledSchema, MessagePlan } from './payload-decoder.js';
import { renderPlan } from './payload-decoder.js';
import type { DecodedField, DecodedPayload, DecodeError, SchemaSource } from './types.js';

export class SchemaPayload implements DecodedPayload {
  source: SchemaSource | null;
  providerName: string | null;
  eventName: string | null;
  taskName: string | null;
  opcodeName: string | null;
  levelName: string | null;
  keywordNames: string[];
  channelName: string | null;
  userDataElement: string | null;
  trailingBytes?: number;
  /** The plan while the message is not rendered (null: no message). */
  #plan: MessagePlan | null;
  #message: string | null = null;
  readonly #compiled: CompiledSchema;

  constructor(c: CompiledSchema, public fields: DecodedField[], public error: DecodeError | null, trailingBytes: number) {
    const s = c.schema;
    this.#compiled = c;
    this.source = s.source;
    this.providerName = s.providerName;
    this.eventName = s.eventName;
    this.taskName = s.taskName;
    this.opcodeName = s.opcodeName;
    this.levelName = s.levelName;
    this.keywordNames = s.keywordNames;
    this.channelName = s.channelName;
    this.userDataElement = s.userDataElement;
    if (trailingBytes > 0) this.trailingBytes = trailingBytes;
    // A payload that did not fit has no message (its fields are only a prefix).
    this.#plan = error === null ? c.message : null;
  }

  /** The schema's visible property names: `fields` holds these (a prefix of them when the payload did not fit), one shared array per schema. */
  get fieldNames(): readonly string[] {
    return this.#compiled.fieldNames;
  }

  /** The message template over `fields`, while the message has not been rendered or replaced; else null. */
  get messagePlan(): MessagePlan | null {
    return this.#plan;
  }

  get message(): string | null {
    const plan = this.#plan;
    if (plan !== null) {
      this.#message = renderPlan(plan, this.fields);
      this.#plan = null;
    }
    return this.#message;
  }

  set message(m: string | null) {
    this.#plan = null;
    this.#message = m;
  }
}
