/**
 * The schemas of one pass over the inputs: its registry (schema-sources.ts), which
 * is also the pass's payload decoder, the schema-mismatch check and the record filter, built
 * once when the pass opens its inputs and shared by everything the pass makes.
 * The count pass and the ordered pass after it open the inputs each and so get
 * one set each; the schema files, folder index, TMF index and machine TDH they
 * are built from are the run's, made once. A warning about a schema is given
 * once per run, however many passes meet it.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { FilterNote } from '../render/summary.js';
import type { SchemaFolderIndex } from '../schema/folder/schema-folder-index.js';
import type { SchemaRegistry } from '../schema/registry.js';
import type { SchemaFiles } from '../schema/schema-files.js';
import type { MachineTdh } from '../schema/tdh/machine-schema-source.js';
import type { TmfIndex } from '../schema/wpp/tmf-index.js';
import { RecordFilter } from './record-filter.js';
import type { ReportPlan } from './report-plan.js';
import { SchemaMismatchCheck } from './schema-mismatch.js';
import { buildRegistry } from './schema-sources.js';

/** What the schemas of every pass are built from: made once per run. */
export interface RunSchemaInputs {
  schemaFiles: SchemaFiles;
  folderIndex: SchemaFolderIndex | null;
  tmfs: TmfIndex | null;
  machine: MachineTdh | null;
}

export interface PassSchemaSet {
  files: EtlFileInfo[];
  registry: SchemaRegistry;
  mismatch: SchemaMismatchCheck;
  /** The run's record filter over this pass's inputs; null without one. */
  filter: RecordFilter | null;
}

export class PassSchemas {
  private current: PassSchemaSet | null = null;
  private readonly warned = new Set<string>();

  constructor(private readonly plan: ReportPlan, private readonly inputs: RunSchemaInputs, private readonly warn: (text: string) => void) {}

  /** The set of the pass over `files` (a new one when these are another pass's files). */
  of(files: EtlFileInfo[]): PassSchemaSet {
    if (this.current === null || this.current.files !== files) {
      const { plan, inputs } = this;
      const onSchemaWarning = (m: string) => this.warnOnce(m);
      const registry = buildRegistry(files, {
        manifests: plan.imports, mofs: plan.mofs, schemaFiles: inputs.schemaFiles, folders: inputs.folderIndex, tmfs: inputs.tmfs,
        traceSchemas: plan.traceSchemas, machine: inputs.machine, onWarning: onSchemaWarning, lessRestrictive: plan.lessRestrictive,
      });
      // Dropped records are still shown to the registry, which finds the schemas the trace carries in them.
      const filter = plan.filter === null ? null
        : new RecordFilter(plan.filter, {
          files, providerNameOf: (r) => registry.decode(r).providerName, onDrop: (r) => registry.observe(r), schemaGeneration: () => registry.generation,
        });
      this.current = { files, registry, mismatch: new SchemaMismatchCheck(registry), filter };
    }
    return this.current;
  }

  /** A schema warning, given once per run (also those a --threads run's workers met). */
  warnOnce(text: string): void {
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.warn(text);
  }

  /** The summary's and workload report's note of the filter of the pass over `files`; null without a filter. */
  filterNote(files: EtlFileInfo[]): FilterNote | null {
    const filter = this.of(files).filter;
    return filter === null ? null : { description: this.plan.filter!.description, dropped: () => filter.dropped };
  }
}
