/**
 * The names part of a JSON line (`,"providerName":…,"eventName":…,"opcodeName":…,
 * "levelName":…`, event-names.ts) as text made once per schema or name set:
 * the JSONL sink folds it into the cached head of each event type, so a line
 * costs one identity check for its names. Each text has a small number that
 * the head cache mixes into its hash (TraceLogging events share every header
 * field and differ only in their names).
 */
import type { EventSchema } from '../schema/event-schema.js';
import { SchemaPayload } from '../schema/schema-payload.js';
import type { DecodedPayload } from '../schema/types.js';
import { eventNames, NO_NAMES, type EventNames } from './event-names.js';

export interface NamesText {
  /** Distinct per text (0: every name null). */
  readonly id: number;
  readonly text: string;
}

const str = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));

/** The JSON members of a name set, each preceded by a comma. */
export function namesJson(n: EventNames): string {
  return ',"providerName":' + str(n.providerName) + ',"eventName":' + str(n.eventName) +
    ',"opcodeName":' + str(n.opcodeName) + ',"levelName":' + str(n.levelName);
}

export const NO_NAMES_TEXT: NamesText = { id: 0, text: namesJson(NO_NAMES) };

/** Name texts by schema and by name set; bounded. */
export class NamesTexts {
  private readonly bySchema = new WeakMap<EventSchema, NamesText>();
  private readonly byNames = new Map<string, NamesText>();
  private lastSchema: EventSchema | null = null;
  private lastText: NamesText = NO_NAMES_TEXT;
  private nextId = 1;

  get(d: DecodedPayload | null): NamesText {
    if (d === null) return NO_NAMES_TEXT;
    if (d instanceof SchemaPayload) {
      const schema = d.compiled.schema;
      if (schema === this.lastSchema) return this.lastText;
      let t = this.bySchema.get(schema);
      if (t === undefined) this.bySchema.set(schema, (t = this.text(eventNames(d))));
      this.lastSchema = schema;
      this.lastText = t;
      return t;
    }
    const n = eventNames(d);
    return n === NO_NAMES ? NO_NAMES_TEXT : this.text(n);
  }

  private text(n: EventNames): NamesText {
    if (n === NO_NAMES) return NO_NAMES_TEXT;
    const json = namesJson(n);
    let t = this.byNames.get(json);
    if (t === undefined) {
      if (this.byNames.size >= 4096) this.byNames.clear();
      this.byNames.set(json, (t = { id: this.nextId++, text: json }));
    }
    return t;
  }
}
