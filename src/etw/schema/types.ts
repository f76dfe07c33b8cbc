/**
 * The contract between schema decoding and the output sinks: what a decoded
 * payload looks like. Schema sources (manifest, MOF, TraceLogging, EventSource,
 * string-only, Docker) all produce a DecodedPayload for a record.
 */
import type { EtlRecord } from '../etl/record.js';

/** A JSON-friendly typed value: integers beyond 2^53 are decimal strings, binary is `0x…` hex text. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [name: string]: FieldValue };

export interface DecodedField {
  /** Property name as the schema gives it. */
  name: string;
  /** Typed value for JSON output. */
  value: FieldValue;
  /** Text as Windows renders it (tracerpt's <Data> text / CSV cell); for arrays/structs a joined form. */
  text: string;
  /** Struct fields: the members, in schema order (value is then the same as an object). */
  members?: DecodedField[];
  /** Array fields: one entry per element, each named like the array (value is then the same as an array). */
  elements?: DecodedField[];
}

/** Where a decoding came from. */
export type SchemaSource = 'manifest' | 'mof' | 'tracelogging' | 'eventsource' | 'string' | 'docker' | 'wpp' | 'kernel';

export interface DecodeError {
  /** Win32 error code as tracerpt reports it in ProcessingErrorData (docs/architecture.md F10), e.g. 1168 ERROR_NOT_FOUND. */
  code: number;
  /** Short reason, e.g. `no schema for provider …` or `payload shorter than template t3 (field Foo)`. */
  reason: string;
}

/** The names an event is shown with (RenderingInfo, CSV columns, summary), where known. */
export interface EventLabels {
  providerName: string | null;
  /** Event name (manifest symbol / TraceLogging event name / MOF class + event type name). */
  eventName: string | null;
  taskName: string | null;
  opcodeName: string | null;
  levelName: string | null;
  keywordNames: string[];
  channelName: string | null;
}

export interface DecodedPayload extends EventLabels {
  source: SchemaSource | null;
  /** The rendered message (%1..%n substituted), or the string of a string-only event. */
  message: string | null;
  /** Named fields in template order; empty when there are none. */
  fields: DecodedField[];
  /** When the payload could not be decoded (no schema, or it did not fit): why. Fields may hold a decoded prefix (-lr). */
  error: DecodeError | null;
  /** For `UserData`-shaped templates: the element name to wrap fields in (docs/architecture.md F10); null for EventData. */
  userDataElement: string | null;
  /** Bytes left after the last schema field (common for MOF events, which pad); absent when none or unknown. */
  trailingBytes?: number;
  /** WPP messages formatted with TMF files: the facts tracefmt shows besides the message (schema/wpp/). */
  wpp?: WppFacts;
}

/** A WPP message's TMF facts (empty texts when its TMF is missing). */
export interface WppFacts {
  component: string;
  subComponent: string;
  /** The TMF's `#typev` name (source file and line); the message number when the TMF is missing. */
  fileLine: string;
  function: string;
  levelName: string;
  flagsName: string;
  /** False when no TMF describes the message (its message is then tracefmt's `Unknown(…)` line). */
  formatted: boolean;
}

/** Anything that can turn a record into a decoded payload (the registry implements it). */
export interface PayloadDecoder {
  /**
   * The payload of `record`. Treat it as read-only: decoders may share one object
   * between records. Like `record.payload` it may read the record's buffer when
   * first asked for its fields, so use it while the record is current.
   */
  decode(record: EtlRecord): DecodedPayload;
  /**
   * Show a record that nothing decodes to the schema sources carried in the trace,
   * so that what they find (schemas, and warnings about damaged ones) does not
   * depend on which outputs the run writes.
   */
  observe?(record: EtlRecord): void;
}

/** Labels with nothing known; spread and override what a source does know. */
export function noLabels(): EventLabels {
  return { providerName: null, eventName: null, taskName: null, opcodeName: null, levelName: null, keywordNames: [], channelName: null };
}

export function emptyPayload(): DecodedPayload {
  return { ...noLabels(), source: null, message: null, fields: [], error: null, userDataElement: null };
}
