/**
 * The schema folders as an on-demand source of one registry: asked for a GUID,
 * it registers every manifest or MOF file of the index that names it (each
 * file once per registry), at a rank between FOLDER and FILE that puts the
 * first file of the folders' order highest — so when two folder files define
 * the same event the first one wins, whichever the trace needed first.
 */
import { registerManifest } from '../manifest/manifest-register.js';
import { registerMof } from '../mof/mof-register.js';
import type { SchemaTarget } from '../schema-target.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';
import type { SchemaFolderIndex } from './schema-folder-index.js';

export class FolderSchemaSource implements SchemaSource {
  readonly kind = 'schema folders';
  readonly rank = SchemaRank.FOLDER;
  private readonly registered = new Set<string>();

  constructor(private readonly index: SchemaFolderIndex) {}

  provide(guid: string, registry: SchemaTarget): void {
    for (const file of this.index.filesFor(guid)) {
      if (this.registered.has(file.path)) continue;
      this.registered.add(file.path);
      const loaded = this.index.load(file.path);
      if (loaded === null) continue;
      // Strictly between FOLDER and FILE, decreasing with the file's order.
      const rank = SchemaRank.FOLDER + 1 / (file.order + 2);
      registry.registerAs(rank, () => {
        if (loaded.kind === 'manifest') registerManifest(registry, loaded.manifest);
        else registerMof(registry, loaded.mof);
      });
    }
  }
}
