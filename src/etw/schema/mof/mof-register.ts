/**
 * Files loaded MOF event layouts in the schema registry, keyed by class GUID +
 * event type + EventVersion (null for a class without one: the registry's
 * fallback for versions no class names).
 */
import type { SchemaTarget } from '../schema-target.js';
import type { LoadedMof } from './mof-loader.js';

/**
 * Registers every layout that has an EventType; returns how many were registered.
 * Classes with data but no EventType cannot be keyed by the registry and are
 * left out (LoadedMof.schemas.find still answers for them).
 */
export function registerMof(registry: SchemaTarget, mof: LoadedMof): number {
  let added = 0;
  for (const event of mof.schemas.all()) {
    if (event.eventType === null) continue;
    registry.addMofEvent(event.schema, { classGuid: event.classGuid, eventType: event.eventType, version: event.version });
    added++;
  }
  return added;
}
