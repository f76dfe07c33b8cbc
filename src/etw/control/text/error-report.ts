/**
 * How a failed Windows call is reported, logman-style: the message lines after
 * "Error:" and the process exit code (logman returns the HRESULT). The ETW
 * codes scripts match on get logman's PLA wording; anything else gets the
 * system text from FormatMessageW plus the code. docs/architecture.md F11.
 */
import { Win32Error, WIN32 } from '../api/win32-error.js';

export interface FailureReport {
  messageLines: string[];
  /** The HRESULT as a signed 32-bit number (what PowerShell's $LASTEXITCODE shows). */
  exitCode: number;
  code: number;
}

export const HRESULT = {
  PLA_E_DCS_NOT_FOUND: 0x80300002 | 0,
  PLA_E_DCS_ALREADY_EXISTS: 0x803000b7 | 0,
  PLA_E_NO_MIN_DISK: 0x80300070 | 0,
} as const;

export const ELEVATION_HINT = "You're running with a restricted token, try running elevated.";

/** HRESULT_FROM_WIN32, signed. */
export function hresultFromWin32(code: number): number {
  return code <= 0 ? code : (0x80070000 | (code & 0xffff)) | 0;
}

const hex32 = (n: number) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

export function reportWin32Error(e: Win32Error, formatMessage: (code: number) => string | null): FailureReport {
  const code = e.code;
  switch (code) {
    case WIN32.ALREADY_EXISTS:
      return { code, messageLines: ['Data Collector Set already exists.'], exitCode: HRESULT.PLA_E_DCS_ALREADY_EXISTS };
    case WIN32.WMI_INSTANCE_NOT_FOUND:
      return { code, messageLines: ['Data Collector Set was not found.'], exitCode: HRESULT.PLA_E_DCS_NOT_FOUND };
    case WIN32.ACCESS_DENIED:
      return { code, messageLines: ['Access is denied.', ELEVATION_HINT], exitCode: hresultFromWin32(code) };
    case WIN32.BAD_PATHNAME:
      return { code, messageLines: ['The specified path is invalid.'], exitCode: hresultFromWin32(code) };
    case WIN32.PATH_NOT_FOUND:
      return { code, messageLines: ['The system cannot find the path specified.'], exitCode: hresultFromWin32(code) };
    case WIN32.DISK_FULL:
      return { code, messageLines: ['Not enough free disk space to start Data Collector Set.'], exitCode: HRESULT.PLA_E_NO_MIN_DISK };
    default: {
      const exitCode = hresultFromWin32(code);
      const text = formatMessage(code);
      const line = text ? `${text} (${e.operation}: error ${code}, ${hex32(exitCode)})` : `${e.operation} failed: error ${code} (${hex32(exitCode)})`;
      return { code, messageLines: [line], exitCode };
    }
  }
}
