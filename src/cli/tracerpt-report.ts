/**
 * One `etwkit report` run from parsed options to exit code: plan the outputs,
 * check overwrites (prompt on a terminal, refuse otherwise), open the atomic
 * output files, run the pipeline with the right sinks, print tracerpt's console
 * text and warnings, and map every failure to one line and an exit code
 * (src/etw/report/exit-codes.ts). Nothing is written when a check fails; an
 * error during the run removes every temporary file.
 */
import { existsSync } from 'node:fs';
import { EtlFormatError, EtlInputError, formatWarning, type EtlWarning } from '../etw/etl/errors.js';
import type { EtlFileInfo } from '../etw/etl/reader.js';
import { summaryEventName } from '../etw/render/event-labels.js';
import { OutputFile, OutputWriteError, wouldReplace } from '../etw/render/output-file.js';
import type { EventSink } from '../etw/render/sink.js';
import { SummarySink, summaryText } from '../etw/render/summary.js';
import { WorkloadReportSink } from '../etw/render/workload-report.js';
import { makeDumpSink } from '../etw/report/dump-formats.js';
import { ExitCode } from '../etw/report/exit-codes.js';
import { ReportDecoder } from '../etw/report/report-decoder.js';
import { SchemaMismatchCheck } from '../etw/report/schema-mismatch.js';
import { planReport, UsageError, type ReportOptions, type ReportPlan } from '../etw/report/report-plan.js';
import { RecordFilter } from '../etw/report/record-filter.js';
import { runCountPass } from '../etw/report/count-pass.js';
import { runReport, type ReportProgress } from '../etw/report/run-report.js';
import { runLiveReport, type LiveReportRun } from '../etw/report/run-live-report.js';
import type { LiveOpenOptions, LiveSessions } from '../etw/live/live-sessions.js';
import { buildRegistry, checkSchemaFolders, SchemaFileError, SchemaFiles } from '../etw/report/schema-sources.js';
import { buildTmfIndex } from '../etw/report/tmf-sources.js';
import { SchemaFolderIndex } from '../etw/schema/folder/schema-folder-index.js';
import { schemaFolders } from '../etw/schema/folder/schema-path.js';
import type { TmfIndex } from '../etw/schema/wpp/tmf-index.js';
import { machineTdh } from '../etw/report/machine-tdh.js';
import { SchemaExportSink } from '../etw/render/schema-export-sink.js';
import type { SchemaRegistry } from '../etw/schema/registry.js';
import type { PayloadDecoder } from '../etw/schema/types.js';
import { expandInputs, InputPatternError } from './expand-inputs.js';
import { askOverwrite } from './overwrite-prompt.js';
import { colouredProblems } from './problem-colours.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';
import { inputBlock, outputBlock } from './tracerpt-console.js';
import { usageLine } from './usage-line.js';
import { ctrlC, liveEnding, openLiveSessions } from './tracerpt-live.js';

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

/** Which existing targets may be overwritten; null (after printing why) when one may not. */
function approveOverwrites(plan: ReportPlan, yes: boolean, io: ReportIo, console: ProgressStream): boolean {
  const targets = [plan.dump?.path, plan.summary, plan.report?.path, plan.export].filter((p): p is string => typeof p === 'string' && p !== '-');
  for (const t of targets) {
    if (!wouldReplace(t) || yes) continue;
    const interactive = io.stdinIsTTY && console.isTTY === true;
    if (!interactive) {
      io.stderr.write(`${PREFIX}${t} exists; use -y to overwrite it (nothing was written)\n`);
      return false;
    }
    if (!askOverwrite(t, (q) => console.write(q), io.readAnswer)) {
      io.stderr.write(`${PREFIX}${t} exists and was not overwritten (nothing was written)\n`);
      return false;
    }
  }
  return true;
}

export async function runReportCommand(options: ReportOptions, io: ReportIo = defaultIo()): Promise<number> {
  let plan: ReportPlan;
  let tmfs: TmfIndex | null;
  let folders: string[];
  let schemaFiles: SchemaFiles;
  try {
    plan = planReport(options);
    const expanded = expandInputs(plan.inputs);
    plan = { ...plan, inputs: expanded.paths };
    for (const w of expanded.warnings) io.stderr.write(`warning: ${w}\n`);
    schemaFiles = new SchemaFiles().load(plan.imports, plan.mofs);
    checkSchemaFolders(plan.schemaDirs);
    // The schema folders hold TMF files too: they come after tracerpt's own TMF options.
    folders = schemaFolders(plan.schemaDirs, io.env ?? process.env);
    tmfs = buildTmfIndex({ ...plan.tmf, schemaFolders: folders }, (text) => io.stderr.write(`warning: ${text}\n`));
  } catch (e) {
    if (e instanceof UsageError) { io.stderr.write(usageLine('report', e.message) + '\n'); return ExitCode.USAGE; }
    if (e instanceof InputPatternError) { io.stderr.write(PREFIX + e.message + '\n'); return ExitCode.INPUT; }
    if (e instanceof SchemaFileError) { io.stderr.write(PREFIX + e.message + '\n'); return ExitCode.INPUT; }
    throw e;
  }
  const quiet = options.quiet === true;
  const consoleStream = plan.dumpToStdout ? io.stderr : io.stdout;
  const say = (text: string) => { if (!quiet) consoleStream.write(text); };
  const missing = plan.inputs.find((p) => !existsSync(p));
  if (missing !== undefined) {
    io.stderr.write(`${PREFIX}${missing}: no such file\n`);
    return ExitCode.INPUT;
  }
  if (!approveOverwrites(plan, options.yes === true, io, consoleStream)) return ExitCode.OUTPUT;
  // -rt: the sessions are opened before any output, so a session that cannot be read writes nothing.
  let live: LiveSessions | null = null;
  if (plan.sessions.length > 0) {
    const opened = await openLiveSessions(plan.sessions, {
      mode: plan.liveMode, merge: io.liveMerge,
      onWarning: (text) => io.stderr.write(`warning: ${text}\n`),
      onInfo: options.verbose === true ? (text) => say(`${text}\n`) : undefined,
    }, io.stderr);
    if (typeof opened === 'number') return opened;
    live = opened;
  }
  let liveRun: LiveReportRun | null = null;

  const opened: OutputFile[] = [];
  const open = (path: string, encoding: 'utf8' | 'utf16le-bom' = 'utf8') => {
    const f = OutputFile.open(path, { overwrite: true, encoding });
    opened.push(f);
    return f;
  };
  const warnings: EtlWarning[] = [];
  const progress = new ProgressDisplay(quiet ? { write: () => true, isTTY: false } : consoleStream);
  try {
    const dumpOut = plan.dump ? open(plan.dump.path, plan.dump.unicode ? 'utf16le-bom' : 'utf8') : null;
    const summaryOut = plan.summary ? open(plan.summary) : null;
    const reportOut = plan.report ? open(plan.report.path) : null;
    const exportOut = plan.export !== null ? open(plan.export) : null;
    // The schema folders are indexed once per run (when a pass first needs them), shared by the passes.
    // On Windows, the providers registered on the machine (TDH) are the last schema source.
    const machine = await machineTdh();
    const folderIndex = folders.length === 0 ? null
      : new SchemaFolderIndex(folders, (path, message) => { io.stderr.write(`warning: ${path}: ${message}\n`); });
    // One registry per pass (the count pass and the ordered pass open the inputs each), shared by its decoder and checks.
    let built: { files: EtlFileInfo[]; registry: SchemaRegistry; decoder: ReportDecoder; mismatch: SchemaMismatchCheck; filter: RecordFilter | null } | null = null;
    const schemaWarnings = new Set<string>(); // each pass meets the same ones
    const onSchemaWarning = (m: string) => { if (!schemaWarnings.has(m)) { schemaWarnings.add(m); io.stderr.write(`warning: ${m}\n`); } };
    const schemasFor = (files: EtlFileInfo[]) => {
      if (built === null || built.files !== files) {
        const registry = buildRegistry(files, plan.imports, plan.mofs, plan.lessRestrictive, folderIndex, tmfs, onSchemaWarning, plan.traceSchemas, machine, schemaFiles);
        const decoder = new ReportDecoder(files, registry);
        // Dropped records are still shown to the registry, which finds the schemas the trace carries in them.
        const filter = plan.filter === null ? null
          : new RecordFilter(plan.filter, {
            files, providerNameOf: (r) => decoder.decode(r).providerName, onDrop: (r) => registry.observe(r), schemaGeneration: () => registry.generation,
          });
        built = { files, registry, decoder, mismatch: new SchemaMismatchCheck(decoder, registry), filter };
      }
      return built;
    };
    const makeDecoder = (files: EtlFileInfo[]): PayloadDecoder => schemasFor(files).decoder;
    const makeFilter = (files: EtlFileInfo[]) => schemasFor(files).filter?.accepts ?? null;
    /** The summary's and report's note of the filter of the pass over `files`. */
    const filterNote = (files: EtlFileInfo[]) => {
      const filter = schemasFor(files).filter;
      return filter === null ? null : { description: plan.filter!.description, dropped: () => filter.dropped };
    };
    const timeZone = plan.localTime?.zone ?? null;
    let opening = true;
    const onOpen = (files: EtlFileInfo[]) => {
      if (!opening) return;
      opening = false;
      if (live !== null) { say(inputBlock(plan.sessions, 'Real-time session(s):')); return; } // losses are reported at the end
      say(inputBlock(plan.inputs));
      for (const f of files) {
        const lost = [f.header.eventsLost > 0 ? `${f.header.eventsLost} events lost` : '', f.header.buffersLost > 0 ? `${f.header.buffersLost} buffers lost` : '']
          .filter(Boolean).join(', ');
        if (lost) io.stderr.write(`warning: ${f.path}: ${lost} (from the log-file header)\n`);
      }
    };
    // The count pass holds its warnings until it finishes: when it gives up, the
    // ordered pass reads everything again and reports every damage itself.
    let held: EtlWarning[] | null = null;
    const onWarning = (w: EtlWarning) => {
      if (held !== null) { held.push(w); return; }
      warnings.push(w);
      io.stderr.write(`warning: ${formatWarning(w)}\n`);
    };
    const onProgress = (p: ReportProgress) => progress.update(p.bytesRead, p.totalBytes, p.records);
    // Summary only: the count pass (no time-order merge) gives the same summary faster.
    const summaryOnly = live === null && summaryOut !== null && dumpOut === null && reportOut === null && exportOut === null;
    if (summaryOnly) held = [];
    const counted = summaryOnly
      ? await runCountPass({
        paths: plan.inputs,
        makeNamer: (files) => { const decoder = makeDecoder(files); return (r) => summaryEventName(decoder.decode(r)); },
        makeMismatchCheck: (files) => schemasFor(files).mismatch,
        makeFilter,
        onOpen, onWarning, onProgress,
      })
      : null;
    const countPassWarnings = held ?? [];
    held = null;
    if (counted !== null) {
      for (const w of countPassWarnings) onWarning(w);
      summaryOut!.write(summaryText({ files: counted.files, counts: counted.counts, docker: counted.docker, mismatches: counted.mismatches },
        { dockerTable: plan.docker, timeZone, filter: filterNote(counted.files) }));
      summaryOut!.commit();
    } else {
      const pass = {
        makeDecoder,
        makeFilter,
        makeSinks: (files: EtlFileInfo[], decoder: PayloadDecoder) => {
          const sinks: EventSink[] = [];
          if (dumpOut) {
            const settings = { rawTimestamp: plan.rawTimestamp, localTime: plan.localTime, prefix: plan.prefix, warn: (text: string) => io.stderr.write(`warning: ${text}\n`) };
            sinks.push(makeDumpSink(plan.dump!.format, plan.docker, dumpOut, settings));
          }
          if (summaryOut) {
            const check = schemasFor(files).mismatch;
            sinks.push(new SummarySink(summaryOut, (r) => summaryEventName(decoder.decode(r)), {
              dockerTable: plan.docker, mismatch: (r, decoded) => check.mismatch(r, decoded), timeZone, filter: filterNote(files),
            }));
          }
          if (reportOut) {
            sinks.push(new WorkloadReportSink(reportOut, plan.report!.format, plan.report!.level, (r) => decoder.decode(r),
              { localTime: plan.localTime, filter: filterNote(files) }));
          }
          if (exportOut) sinks.push(new SchemaExportSink(exportOut, schemasFor(files).registry, (m) => io.stderr.write(`warning: ${m}\n`)));
          return sinks;
        },
        onOpen,
      };
      if (live === null) await runReport({ paths: plan.inputs, ...pass, onWarning, onProgress });
      else {
        const interrupt = ctrlC();
        try {
          liveRun = await runLiveReport({ sessions: live, ...pass, interrupt: interrupt.signal });
        } finally {
          interrupt.release();
        }
      }
    }
  } catch (e) {
    live?.close();
    for (const f of opened) f.abort();
    if (e instanceof EtlInputError || e instanceof EtlFormatError || e instanceof SchemaFileError) {
      io.stderr.write(PREFIX + e.message + '\n');
      return ExitCode.INPUT;
    }
    if (e instanceof OutputWriteError) {
      io.stderr.write(PREFIX + e.message + '\n');
      return ExitCode.OUTPUT;
    }
    throw e;
  }
  // A live run has no size to measure progress against: no percentage line.
  if (!quiet && live === null) progress.finish();
  if (liveRun !== null) {
    const code = liveEnding(liveRun, say, io.stderr, (c) => live!.formatMessage(c));
    say(outputBlock({ dump: plan.dump?.path ?? null, summary: plan.summary, report: plan.report?.path ?? null }, code === ExitCode.OK));
    return code;
  }
  const damaged = warnings.length > 0 && !plan.lessRestrictive;
  say(outputBlock({ dump: plan.dump?.path ?? null, summary: plan.summary, report: plan.report?.path ?? null }, !damaged));
  if (damaged) {
    io.stderr.write(`${PREFIX}the input is damaged: ${warnings.length} region(s) could not be read; every readable event was written (exit ${ExitCode.DAMAGED}; -lr makes this 0)\n`);
    return ExitCode.DAMAGED;
  }
  return ExitCode.OK;
}
