/**
 * The names an event is known by in the JSON lines and the summary, taken from
 * whatever schema decoded it (manifest, MOF, TraceLogging, EventSource, the
 * built-in kernel classes, schemas carried in the trace): the provider name,
 * the event name as tracerpt's CSV "Event Name" column has it (the task or
 * class name; for TraceLogging, whose events all have id 0, the event's own
 * name), the opcode name (the CSV "Type" column) and the level name. Null where
 * no schema names them.
 *
 * Docker's etwlogs provider registers no name (it calls EventRegister with its
 * GUID only), so tracerpt's XML and CSV leave it unnamed and so do ours; the
 * JSON lines and the summary name it `Docker-etwlogs` (our name) so that its
 * rows can be told from other string-only providers.
 */
import type { DecodedPayload } from '../schema/types.js';

export interface EventNames {
  providerName: string | null;
  eventName: string | null;
  opcodeName: string | null;
  levelName: string | null;
}

/** Our name for the Docker etwlogs provider (it registers none). */
export const DOCKER_PROVIDER_NAME = 'Docker-etwlogs';

export const NO_NAMES: EventNames = Object.freeze({ providerName: null, eventName: null, opcodeName: null, levelName: null });
const DOCKER_NAMES: EventNames = Object.freeze({ providerName: DOCKER_PROVIDER_NAME, eventName: null, opcodeName: null, levelName: null });

/** The event name as tracerpt's CSV shows it: the task (or MOF class) name, else the event's own name. */
export function eventNameOf(d: DecodedPayload): string | null {
  return d.taskName ?? d.eventName;
}

/** The names of a decoded event (NO_NAMES when nothing decoded it). */
export function eventNames(d: DecodedPayload | null): EventNames {
  if (d === null) return NO_NAMES;
  if (d.source === 'docker') return DOCKER_NAMES;
  const providerName = d.providerName, eventName = eventNameOf(d), opcodeName = d.opcodeName, levelName = d.levelName;
  if (providerName === null && eventName === null && opcodeName === null && levelName === null) return NO_NAMES;
  return { providerName, eventName, opcodeName, levelName };
}
