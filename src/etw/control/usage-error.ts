/**
 * ControlUsageError: the request cannot be carried out as written (bad number,
 * unknown mode, conflicting options) — a usage error, exit 2 with a pointer to
 * --help. ControlLookupError: the command line is well formed but names what
 * this machine or file does not have (an unregistered provider, a keyword or
 * level the provider lacks, a missing -pf file) — exit 1. Both are thrown by the
 * control layer before or instead of a Windows call; commands print the message
 * on one line.
 */
export class ControlUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlUsageError';
  }
}

export class ControlLookupError extends ControlUsageError {
  constructor(message: string) {
    super(message);
    this.name = 'ControlLookupError';
  }
}
