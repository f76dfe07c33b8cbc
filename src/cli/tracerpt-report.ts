/**
 * `etwkit report` at the command line: plan the run from the parsed options
 * (src/etw/report/report-plan.ts), expand the input patterns, then hand the plan
 * to the run (src/etw/report/run-report-plan.ts) with a host that asks the
 * overwrite question (on a terminal; refused otherwise), prints warnings,
 * progress and tracerpt's Input and Output blocks, and map the outcome and every
 * failure to one line and an exit code (src/etw/report/exit-codes.ts).
 */
import { EtlFormatError, EtlInputError } from '../etw/etl/errors.js';
import { OutputWriteError } from '../etw/render/output-file.js';
import { ExitCode } from '../etw/report/exit-codes.js';
import { planReport, UsageError, type ReportOptions, type ReportPlan } from '../etw/report/report-plan.js';
import { runReportPlan, type ReportOutcome } from '../etw/report/run-report-plan.js';
import { SchemaFileError } from '../etw/schema/schema-files.js';
import { expandInputs, InputPatternError } from './expand-inputs.js';
import { askOverwrite } from './overwrite-prompt.js';
import { colouredProblems } from './problem-colours.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';
import { inputBlock, outputBlock } from './tracerpt-console.js';
import type { LiveOpenOptions } from '../etw/live/live-sessions.js';
import { usageLine } from './usage-line.js';
// tracerpt-live.ts (and the ETW API's and the live sessions' error types) is imported only for -rt.

export interface ReportIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Is standard input a terminal (so the overwrite question can be asked)? */
  stdinIsTTY: boolean;
  /** Reads one answer line (tests inject one). */
  readAnswer?: () => string | null;
  /** The environment (ETWKIT_SCHEMA_PATH); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** -rt's buffer merge: clock, quiet bound, memory cap (tests inject them). */
  liveMerge?: LiveOpenOptions['merge'];
}

export function defaultIo(): ReportIo {
  return { stdout: process.stdout, stderr: colouredProblems(process.stderr), stdinIsTTY: process.stdin.isTTY === true };
}

const PREFIX = 'etwkit report: ';

/** May the existing `target` be replaced: yes with -y, else the question on a terminal; a refusal says why. */
function mayReplace(target: string, yes: boolean, io: ReportIo, console: ProgressStream): boolean {
  if (yes) return true;
  const interactive = io.stdinIsTTY && console.isTTY === true;
  if (!interactive) {
    io.stderr.write(`${PREFIX}${target} exists; use -y to overwrite it (nothing was written)\n`);
    return false;
  }
  if (!askOverwrite(target, (q) => console.write(q), io.readAnswer)) {
    io.stderr.write(`${PREFIX}${target} exists and was not overwritten (nothing was written)\n`);
    return false;
  }
  return true;
}

/** The one line and exit code of a failure the run throws; undefined for an unexpected error. `live`: the run reads sessions (-rt). */
async function failure(e: unknown, live: boolean): Promise<{ line: string; code: number } | undefined> {
  if (e instanceof UsageError) return { line: usageLine('report', e.message), code: ExitCode.USAGE };
  if (e instanceof InputPatternError || e instanceof SchemaFileError || e instanceof EtlInputError || e instanceof EtlFormatError) {
    return { line: PREFIX + e.message, code: ExitCode.INPUT };
  }
  if (e instanceof OutputWriteError) return { line: PREFIX + e.message, code: ExitCode.OUTPUT };
  const opening = live ? (await import('./tracerpt-live.js')).liveOpenFailure(e) : null;
  if (opening !== null) return { line: PREFIX + opening, code: ExitCode.INPUT };
  return undefined;
}

export async function runReportCommand(options: ReportOptions, io: ReportIo = defaultIo()): Promise<number> {
  const quiet = options.quiet === true;
  let plan: ReportPlan | null = null;
  let consoleStream: ProgressStream = io.stdout;
  const say = (text: string) => { if (!quiet) consoleStream.write(text); };
  const warn = (text: string) => { io.stderr.write(`warning: ${text}\n`); };
  // Made when the inputs are open (after any overwrite question), so its events/s count from there.
  let progress: ProgressDisplay | null = null;
  const display = () => progress ??= new ProgressDisplay(quiet ? { write: () => true, isTTY: false } : consoleStream);
  let outcome: ReportOutcome;
  try {
    plan = planReport(options);
    const expanded = expandInputs(plan.inputs);
    plan = { ...plan, inputs: expanded.paths };
    for (const w of expanded.warnings) warn(w);
    consoleStream = plan.dumpToStdout ? io.stderr : io.stdout;
    const shown = plan;
    outcome = await runReportPlan(plan, {
      env: io.env ?? process.env,
      liveMerge: io.liveMerge,
      onInfo: options.verbose === true ? (text) => say(`${text}\n`) : undefined,
      warn,
      mayReplace: (target) => mayReplace(target, options.yes === true, io, consoleStream),
      onInputsOpen: () => {
        display();
        say(shown.sessions.length > 0 ? inputBlock(shown.sessions, 'Real-time session(s):') : inputBlock(shown.inputs));
      },
      onProgress: (p) => display().update(p.bytesRead, p.totalBytes, p.records),
    });
  } catch (e) {
    const f = await failure(e, plan !== null && plan.sessions.length > 0);
    if (f === undefined) throw e;
    io.stderr.write(f.line + '\n');
    return f.code;
  }
  if (outcome.kind === 'refused') return ExitCode.OUTPUT;
  const written = { dump: plan.dump?.path ?? null, summary: plan.summary, report: plan.report?.path ?? null };
  if (outcome.kind === 'live') {
    // A live run has no size to measure progress against: no percentage line.
    const { liveEnding } = await import('./tracerpt-live.js');
    const code = liveEnding(outcome.run, say, io.stderr, outcome.formatMessage);
    say(outputBlock(written, code === ExitCode.OK));
    return code;
  }
  if (!quiet) display().finish();
  const damaged = outcome.damagedRegions > 0 && !plan.lessRestrictive;
  say(outputBlock(written, !damaged));
  if (damaged) {
    io.stderr.write(`${PREFIX}the input is damaged: ${outcome.damagedRegions} region(s) could not be read; every readable event was written (exit ${ExitCode.DAMAGED}; -lr makes this 0)\n`);
    return ExitCode.DAMAGED;
  }
  return ExitCode.OK;
}
