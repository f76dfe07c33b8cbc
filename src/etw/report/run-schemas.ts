/**
 * The schema set-up of a report run, the one function pair the main thread
 * (run-report-plan.ts) and each worker thread of a `--threads` run
 * (threads/slice-render.ts) build their passes' schemas with:
 * `readRunSchemas` reads and checks the schema files and folders and indexes
 * the TMF files (before any output is opened, so a typo writes nothing);
 * `openPassSchemas` adds the machine's TDH and the schema-folder index and gives
 * the PassSchemas every pass takes its registry, decoder, filter and mismatch
 * check from. Warnings go to `warn`, one line each without the `warning: ` prefix.
 */
import { SchemaFolderIndex } from '../schema/folder/schema-folder-index.js';
import { schemaFolders } from '../schema/folder/schema-path.js';
import { SchemaFiles } from '../schema/schema-files.js';
import { machineTdh } from './machine-tdh.js';
import { PassSchemas, type RunSchemaInputs } from './pass-schemas.js';
import type { ReportPlan } from './report-plan.js';
import { checkSchemaFolders } from './schema-sources.js';
import { buildTmfIndex } from './tmf-sources.js';

/** What readRunSchemas read: the parsed schema files, the TMF index and the schema folders (--schemas, then ETWKIT_SCHEMA_PATH's). */
export type ReadRunSchemas = Omit<RunSchemaInputs, 'machine' | 'folderIndex'> & { folders: string[] };

export function readRunSchemas(plan: ReportPlan, env: NodeJS.ProcessEnv, warn: (text: string) => void): ReadRunSchemas {
  const schemaFiles = new SchemaFiles().load(plan.imports, plan.mofs);
  checkSchemaFolders(plan.schemaDirs);
  // The schema folders hold TMF files too: they come after tracerpt's own TMF options.
  const folders = schemaFolders(plan.schemaDirs, env);
  const tmfs = buildTmfIndex({ ...plan.tmf, schemaFolders: folders }, warn);
  return { schemaFiles, folders, tmfs };
}

/**
 * The run's PassSchemas: the schema folders are indexed once per run (when a
 * pass first needs them), shared by the passes; on Windows, the providers
 * registered on the machine (TDH) are the last schema source.
 */
export async function openPassSchemas(plan: ReportPlan, read: ReadRunSchemas, warn: (text: string) => void): Promise<PassSchemas> {
  const machine = await machineTdh();
  const folderIndex = read.folders.length === 0 ? null : new SchemaFolderIndex(read.folders, (path, message) => warn(`${path}: ${message}`));
  return new PassSchemas(plan, { schemaFiles: read.schemaFiles, folderIndex, tmfs: read.tmfs, machine }, warn);
}
