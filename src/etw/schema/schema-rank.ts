/**
 * The order of precedence of schema sources. When two sources define the same
 * event (the same provider, id and version, or the same class, event type and
 * version), the registry keeps the one of the higher rank; within one rank the
 * later registration replaces the earlier one. Files named on the command line
 * (`-import`, `--mof`) come first, then files found in schema folders
 * (`--schemas`, ETWKIT_SCHEMA_PATH), then schemas the trace carries, then the
 * classes built into etwkit, then (on Windows) the providers registered on the
 * machine, as TDH describes them.
 */
export const SchemaRank = {
  MACHINE: -1,
  BUILT_IN: 0,
  IN_TRACE: 1,
  FOLDER: 2,
  FILE: 3,
} as const;
/**
 * A rank: one of the above, or a number between two of them where one source orders its
 * own files (the schema folders rank their files between FOLDER and FILE, first file highest).
 */
export type SchemaRank = number;
