/**
 * Typed errors and warnings of the .etl reader. Library code throws these;
 * only commands turn them into a message line and an exit code.
 */

/** The input cannot be read as an .etl file at all (missing, directory, empty, not ETL). */
export class EtlInputError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'EtlInputError';
  }
}

/** A structure in the file is malformed at a known file offset. */
export class EtlFormatError extends Error {
  constructor(readonly file: string, readonly offset: number, readonly detail: string) {
    super(`${file}: at offset 0x${offset.toString(16)}: ${detail}`);
    this.name = 'EtlFormatError';
  }
}

/** A damaged region that the reader skipped; reading went on. */
export interface EtlWarning {
  file: string;
  /** File offset of the damaged buffer or record. */
  offset: number;
  message: string;
}

export function formatWarning(w: EtlWarning): string {
  return `${w.file}: at offset 0x${w.offset.toString(16)}: ${w.message}`;
}
