/**
 * Docker's `etwlogs` log driver (docs/architecture.md F7): provider
 * {a3693192-9ed6-46d2-a981-f8226c8363bd} writes each container log line with
 * EventWriteString as
 *   `container_name: N, image_name: I, container_id: C, image_id: D, source: stdout|stderr, log: L`.
 * This module owns recognising those events and splitting the string into its
 * six fields. The split is exact for any log text: `log` is everything after
 * the first `, log: ` that follows the source, whatever it contains.
 */
import type { EtlRecord } from '../etl/record.js';
import { isStringOnly, stringOnlyText } from './string-only.js';
import { emptyPayload, type DecodedPayload } from './types.js';

/** The provider id as the reader spells it (lower case, no braces). */
export const DOCKER_PROVIDER_ID = 'a3693192-9ed6-46d2-a981-f8226c8363bd';

/** Field names in message order; also the CSV/JSONL column names. */
export const DOCKER_FIELDS = ['container_name', 'image_name', 'container_id', 'image_id', 'source', 'log'] as const;

export type DockerFieldName = (typeof DOCKER_FIELDS)[number];
export type DockerMessage = Record<DockerFieldName, string>;

/** Is this record a Docker etwlogs event (the provider, string-only)? */
export function isDockerRecord(r: EtlRecord): boolean {
  return r.providerId === DOCKER_PROVIDER_ID && isStringOnly(r);
}

const HEAD = 'container_name: ';
const SEPARATORS = [', image_name: ', ', container_id: ', ', image_id: ', ', source: '] as const;
const LOG_SEPARATOR = ', log: ';

/**
 * Split a Docker message; null when the text is not in the driver's format.
 * The four identifying fields end at the first occurrence of the next label;
 * `source` must be exactly `stdout` or `stderr`, and `log` is the rest.
 */
export function parseDockerMessage(text: string): DockerMessage | null {
  if (!text.startsWith(HEAD)) return null;
  const values: string[] = [];
  let pos = HEAD.length;
  for (const sep of SEPARATORS) {
    const at = text.indexOf(sep, pos);
    if (at < 0) return null;
    values.push(text.slice(pos, at));
    pos = at + sep.length;
  }
  let source: string;
  if (text.startsWith('stdout', pos)) source = 'stdout';
  else if (text.startsWith('stderr', pos)) source = 'stderr';
  else return null;
  pos += source.length;
  if (!text.startsWith(LOG_SEPARATOR, pos)) return null;
  return {
    container_name: values[0]!,
    image_name: values[1]!,
    container_id: values[2]!,
    image_id: values[3]!,
    source,
    log: text.slice(pos + LOG_SEPARATOR.length),
  };
}

/**
 * The decoded payload of a Docker event: the whole string as the message and,
 * when it parses, the six fields. A string that does not parse stays a plain
 * message with no fields.
 */
export function dockerPayload(r: EtlRecord): DecodedPayload {
  const text = stringOnlyText(r);
  const p = emptyPayload();
  p.source = 'docker';
  p.message = text;
  const m = parseDockerMessage(text);
  if (m !== null) {
    for (const name of DOCKER_FIELDS) p.fields.push({ name, value: m[name], text: m[name] });
  }
  return p;
}
