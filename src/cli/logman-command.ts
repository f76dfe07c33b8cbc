/**
 * What start/stop/update/query share around their work: reporting translator
 * problems (--compat-error) and other usage errors as one line with exit 2,
 * refusing to work without -ets (saved Data Collector Sets are not managed), loading the Windows API (one line and a
 * non-zero exit elsewhere), printing logman-style text with the success
 * trailer, and turning typed errors into logman's error block and exit code.
 * Library code throws; this is the only place that prints failures.
 */
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { errorBlock, successTrailer } from '../etw/control/text/format-result.js';
import { reportWin32Error } from '../etw/control/text/error-report.js';
import { EtwApi } from '../etw/control/api/etw-api.js';
import { EtwPlatformError, loadEtwApi } from '../etw/control/api/load-etw-api.js';
import { ControlLookupError, ControlUsageError } from '../etw/control/usage-error.js';
import { Win32Error } from '../etw/control/api/win32-error.js';
import { problemLine } from './problem-colours.js';
import { usageLine, USAGE_EXIT_CODE } from './usage-line.js';

/** Flags every logman-family command carries. */
export const logmanFlags = {
  ets: Flags.boolean({ description: 'act on the live ETW session (logman -ets); required', default: false }),
  'compat-error': Flags.string({ hidden: true, multiple: true, description: 'problems found while translating logman spelling' }),
};

export const jsonFlag = {
  json: Flags.boolean({ description: 'print the same facts as JSON', default: false }),
};

export const NO_ETS_MESSAGE =
  'without -ets logman manages saved Data Collector Sets through the Performance Logs and Alerts service, which etwkit does not drive; add -ets to act on the live session';

/** The work of one command: returns logman text lines (trailer added here) or a JSON value. */
export type ControlWork = (api: EtwApi) => { lines: string[] } | { json: unknown };

export interface ControlRequest {
  verb: string;
  compatErrors: string[] | undefined;
  /** false only for `query providers`, which logman runs without -ets. */
  requireEts: boolean;
  ets: boolean;
  json: boolean;
  /** Read files etc. before touching the API; may throw ControlUsageError. */
  work: ControlWork;
}

const eol = () => (process.platform === 'win32' ? '\r\n' : '\n');

function writeLines(lines: string[]): void {
  process.stdout.write(lines.map((l) => `${l}${eol()}`).join(''));
}

/** Runs a control command; never returns normally on failure (exits through oclif). */
export async function runControl(cmd: Command, r: ControlRequest): Promise<void> {
  const fail = (message: string, exitCode = 1): never => {
    process.stderr.write(problemLine(`etwkit ${r.verb}: ${message}${eol()}`));
    return cmd.exit(exitCode);
  };
  const usage = (problem: string): never => {
    process.stderr.write(problemLine(`${usageLine(r.verb, problem)}${eol()}`));
    return cmd.exit(USAGE_EXIT_CODE);
  };
  if (r.compatErrors && r.compatErrors.length > 0) return usage(r.compatErrors[0]!);
  if (r.requireEts && !r.ets) return usage(NO_ETS_MESSAGE);
  let api: EtwApi;
  try {
    api = await loadEtwApi();
  } catch (e) {
    if (e instanceof EtwPlatformError) return fail(e.message);
    throw e;
  }
  try {
    const out = r.work(api);
    if ('json' in out) process.stdout.write(`${JSON.stringify(out.json, null, 2)}${eol()}`);
    else writeLines([...out.lines, ...successTrailer()]);
  } catch (e) {
    if (e instanceof ControlLookupError) return fail(e.message);
    if (e instanceof ControlUsageError) return usage(e.message);
    if (e instanceof Win32Error) {
      const report = reportWin32Error(e, (code) => api.formatMessage(code));
      if (r.json) {
        process.stdout.write(`${JSON.stringify({ error: { code: report.code, hresult: report.exitCode, operation: e.operation, message: report.messageLines.join(' ') } }, null, 2)}${eol()}`);
      } else {
        writeLines(errorBlock(report.messageLines));
      }
      return cmd.exit(report.exitCode);
    }
    throw e;
  }
}
