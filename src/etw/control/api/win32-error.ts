/**
 * Win32Error: the one error type of the ETW control layer for a failing Windows
 * call. It carries the Win32 status code and the API that returned it; commands
 * turn it into logman's message and exit code (see error-report.ts).
 */

/** Win32 status codes the control layer names (values from winerror.h). */
export const WIN32 = {
  SUCCESS: 0,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  BAD_LENGTH: 24,
  NOT_SUPPORTED: 50,
  INVALID_PARAMETER: 87,
  DISK_FULL: 112,
  CALL_NOT_IMPLEMENTED: 120,
  INSUFFICIENT_BUFFER: 122,
  PROC_NOT_FOUND: 127,
  INVALID_NAME: 123,
  BAD_PATHNAME: 161,
  ALREADY_EXISTS: 183,
  MORE_DATA: 234,
  NOT_FOUND: 1168,
  NO_SYSTEM_RESOURCES: 1450,
  WMI_GUID_NOT_FOUND: 4200,
  WMI_INSTANCE_NOT_FOUND: 4201,
  CANCELLED: 1223,
} as const;

export class Win32Error extends Error {
  constructor(readonly code: number, readonly operation: string) {
    super(`${operation} failed with Win32 error ${code}`);
    this.name = 'Win32Error';
  }
}

/** Throws a Win32Error unless the status is ERROR_SUCCESS. */
export function check(status: number, operation: string): void {
  if (status !== WIN32.SUCCESS) throw new Win32Error(status, operation);
}
