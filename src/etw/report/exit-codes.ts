/**
 * The exit codes of `etwkit report` (listed in the README and the man page).
 */
export const ExitCode = {
  /** Every input read completely and every output written. */
  OK: 0,
  /** An input cannot be read as an .etl file at all (missing, not a file, not ETL); nothing written. */
  INPUT: 1,
  /** Bad command line: unknown option, bad value, or an option that is not implemented yet; nothing written. */
  USAGE: 2,
  /** An input is damaged: every readable event was written, warnings name the offsets (0 instead with -lr). */
  DAMAGED: 3,
  /** An output exists and may not be overwritten (no -y, or the prompt was declined), or cannot be written. */
  OUTPUT: 4,
  /** Interrupted by SIGINT (SIGTERM: 143); no partial output is left. */
  INTERRUPTED: 130,
} as const;
