/**
 * ControlUsageError: the request cannot be carried out as written (bad number,
 * unknown mode, conflicting options, unknown provider or keyword name). Thrown by
 * the control layer before or instead of a Windows call; commands print the
 * message on one line and exit non-zero.
 */
export class ControlUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlUsageError';
  }
}
