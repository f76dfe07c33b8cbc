/**
 * Files a loaded manifest's events in the schema registry: one entry per
 * provider GUID + event id + version, exactly as the manifest declares them.
 */
import type { SchemaTarget } from '../schema-target.js';
import type { LoadedManifest } from './manifest-loader.js';

/** Registers every event of every provider; returns how many were registered. */
export function registerManifest(registry: SchemaTarget, manifest: LoadedManifest): number {
  let added = 0;
  for (const provider of manifest.providers) {
    if (provider.guid === '') continue; // reported by the loader; nothing to key it by
    for (const event of provider.events) {
      registry.addManifestEvent(event.schema, { providerId: provider.guid, id: event.id, version: event.version });
      added++;
    }
  }
  return added;
}
