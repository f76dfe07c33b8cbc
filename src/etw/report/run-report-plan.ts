/**
 * One report run from its plan to its outcome: read and check the schema files
 * and folders and index the TMF files, check the inputs exist, ask about every
 * output that would replace a file, open the real-time sessions (-rt), open the
 * outputs, then run the passes: the count pass when only summary.txt is written
 * (it gives up, and the ordered pass runs, when order matters), else the ordered
 * pass over the files or the live pass over the sessions. Nothing is written
 * when a check fails; a failure during the passes removes every temporary file
 * and is thrown on (EtlInputError, EtlFormatError, SchemaFileError,
 * OutputWriteError, and from -rt EtwPlatformError, LiveSessionError). Console
 * text, warnings, progress and the overwrite question go through the host: this
 * module knows nothing of streams, terminals or exit codes.
 */
import { existsSync } from 'node:fs';
import { EtlInputError, formatWarning, type EtlWarning } from '../etl/errors.js';
import type { EtlFileInfo } from '../etl/reader.js';
import type { LiveSessions } from '../live/live-sessions.js';
import { summaryEventName } from '../render/event-labels.js';
import { wouldReplace } from '../render/output-file.js';
import type { PayloadDecoder } from '../schema/types.js';
import type { LiveOpenOptions } from '../live/live-sessions.js';
import { prepareDumpFormat } from './dump-formats.js';
import type { ReportPlan } from './report-plan.js';
import { ReportOutputs } from './report-outputs.js';
import type { LiveReportRun } from './run-live-report.js';
import { runReport, type ReportProgress } from './run-report.js';
import { openPassSchemas, readRunSchemas } from './run-schemas.js';
// The count pass, the live pass (-rt, and with it the ETW API) and the sliced pass (--threads) are
// imported when the run takes them: a file report on one thread does not pay for loading them.

export interface ReportHost {
  /** The environment (ETWKIT_SCHEMA_PATH names more schema folders). */
  env: NodeJS.ProcessEnv;
  /** One warning, without the `warning: ` prefix. */
  warn(text: string): void;
  /** May the existing file `path` be replaced? False stops the run before anything is written. */
  mayReplace(path: string): boolean;
  /** The inputs (files or sessions) are open; called once per run, before any warning about their contents. */
  onInputsOpen(): void;
  onProgress(p: ReportProgress): void;
  /** -rt's buffer merge: clock, quiet bound, memory cap (tests inject them). */
  liveMerge?: LiveOpenOptions['merge'];
  /** An informational line (--verbose), e.g. why -rt takes single events. */
  onInfo?: (text: string) => void;
}

export type ReportOutcome =
  /** An output would replace a file and the host said no: nothing was written. */
  | { kind: 'refused' }
  /** The files were read; `damagedRegions` counts the reader's warnings (regions that could not be read). */
  | { kind: 'files'; damagedRegions: number }
  /** The sessions were read until they stopped or Ctrl-C; `formatMessage` gives the system text of a Win32 code. */
  | { kind: 'live'; run: LiveReportRun; formatMessage: (code: number) => string | null };

export async function runReportPlan(plan: ReportPlan, host: ReportHost): Promise<ReportOutcome> {
  const warn = (text: string) => host.warn(text);
  const schemaInputs = readRunSchemas(plan, host.env, warn);
  const missing = plan.inputs.find((p) => !existsSync(p));
  if (missing !== undefined) throw new EtlInputError(missing, 'no such file');
  const targets = [plan.dump?.path, plan.summary, plan.report?.path, plan.export].filter((p): p is string => typeof p === 'string' && p !== '-');
  for (const t of targets) if (wouldReplace(t) && !host.mayReplace(t)) return { kind: 'refused' };
  // -rt: the sessions are opened before any output, so a session that cannot be read writes nothing.
  const live: LiveSessions | null = plan.sessions.length > 0
    ? await (await import('./live-start.js')).openLiveSessions(plan.sessions, { mode: plan.liveMode, merge: host.liveMerge, onWarning: warn, onInfo: host.onInfo })
    : null;

  let outputs: ReportOutputs | null = null;
  try {
    if (plan.dump !== null) await prepareDumpFormat(plan.dump.format);
    outputs = await ReportOutputs.open(plan, warn);
    const schemas = await openPassSchemas(plan, schemaInputs, warn);
    const makeDecoder = (files: EtlFileInfo[]): PayloadDecoder => schemas.of(files).registry;
    const makeFilter = (files: EtlFileInfo[]) => schemas.of(files).filter?.accepts ?? null;
    let opening = true;
    const onOpen = (files: EtlFileInfo[]) => {
      if (!opening) return;
      opening = false;
      host.onInputsOpen();
      if (live !== null) return; // a session's losses are reported at the end
      for (const f of files) {
        const lost = [f.header.eventsLost > 0 ? `${f.header.eventsLost} events lost` : '', f.header.buffersLost > 0 ? `${f.header.buffersLost} buffers lost` : '']
          .filter(Boolean).join(', ');
        if (lost) warn(`${f.path}: ${lost} (from the log-file header)`);
      }
    };
    const warnings: EtlWarning[] = [];
    // The count pass holds its warnings until it finishes: when it gives up, the
    // ordered pass reads everything again and reports every damage itself.
    let held: EtlWarning[] | null = null;
    const onWarning = (w: EtlWarning) => {
      if (held !== null) { held.push(w); return; }
      warnings.push(w);
      warn(formatWarning(w));
    };
    const onProgress = (p: ReportProgress) => host.onProgress(p);

    // Summary only: the count pass (no time-order merge) gives the same summary faster.
    if (live === null && outputs.summaryOnly) {
      held = [];
      const { runCountPass } = await import('./count-pass.js');
      const counted = await runCountPass({
        paths: plan.inputs,
        makeNamer: (files) => { const decoder = makeDecoder(files); return (r) => summaryEventName(decoder.decode(r)); },
        makeMismatchCheck: (files) => schemas.of(files).mismatch,
        makeFilter,
        onOpen, onWarning, onProgress,
      });
      const countPassWarnings = held;
      held = null;
      if (counted !== null) {
        for (const w of countPassWarnings) onWarning(w);
        outputs.writeSummary(counted.files, { counts: counted.counts, docker: counted.docker, mismatches: counted.mismatches }, schemas.filterNote(counted.files));
        return { kind: 'files', damagedRegions: warnings.length };
      }
    }
    const opened = outputs;
    const pass = {
      makeDecoder,
      makeFilter,
      makeSinks: (files: EtlFileInfo[], decoder: PayloadDecoder) => opened.sinks(files, decoder, schemas),
      onOpen,
    };
    if (live === null) {
      // --threads: time slices rendered by worker threads; null when the run or the trace is not cut (one thread).
      const threads = plan.threads > 1 ? await import('./threads/run-sliced-report.js') : null;
      const fits = threads !== null && threads.slicedPassFits(plan, opened);
      // Workers started ahead of the plan (cli/report-head-start.ts, only for runs of several threads) that this run will not take go now.
      if (threads !== null && !fits) (await import('./threads/slice-workers.js')).dropWorkersStartedAhead();
      const sliced = fits
        ? await threads!.runSlicedReport({ paths: plan.inputs, plan, outputs: opened, schemas, ...pass, onWarning, onProgress, onInfo: host.onInfo })
        : null;
      if (sliced === null) await runReport({ paths: plan.inputs, ...pass, onWarning, onProgress });
      return { kind: 'files', damagedRegions: warnings.length };
    }
    const [{ ctrlC }, { runLiveReport }] = await Promise.all([import('./live-start.js'), import('./run-live-report.js')]);
    const interrupt = ctrlC();
    try {
      const run = await runLiveReport({ sessions: live, ...pass, interrupt: interrupt.signal });
      return { kind: 'live', run, formatMessage: (code) => live.formatMessage(code) };
    } finally {
      interrupt.release();
    }
  } catch (e) {
    live?.close();
    outputs?.abort();
    throw e;
  }
}
