/**
 * The output files of a report run and the sinks that write them: the dump (in
 * its -of format, dump-formats.ts), summary.txt, the workload report and the
 * -export manifest. Each is an atomic OutputFile, opened together before the
 * first pass; `abort()` removes every temporary file when the run fails. The
 * summary's, the report's and the manifest's sinks are imported by a run that
 * writes them (ReportOutputs.open), so a worker thread, which renders the dump
 * alone, never loads them.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import { summaryEventName } from '../render/event-labels.js';
import { OutputFile } from '../render/output-file.js';
import type { EventSink } from '../render/sink.js';
import type { FilterNote, SummaryFacts } from '../render/summary.js';
import type { PayloadDecoder } from '../schema/types.js';
import { makeDumpSink } from './dump-formats.js';
import type { PassSchemas } from './pass-schemas.js';
import type { ReportPlan } from './report-plan.js';

/** The dump's sink writing to `out` in the plan's -of format (the main thread's, or a --threads worker's into memory). */
export function planDumpSink(plan: ReportPlan, out: OutputFile, warn: (text: string) => void): EventSink {
  const settings = { rawTimestamp: plan.rawTimestamp, localTime: plan.localTime, prefix: plan.prefix, warn };
  return makeDumpSink(plan.dump!.format, plan.docker, out, settings);
}

/** The modules of the outputs besides the dump that the plan names (null: not written). */
interface OutputModules {
  summary: typeof import('../render/summary.js') | null;
  report: typeof import('../render/workload-report.js') | null;
  export: typeof import('../render/schema-export-sink.js') | null;
}

export class ReportOutputs {
  readonly dump: OutputFile | null = null;
  readonly summary: OutputFile | null = null;
  readonly report: OutputFile | null = null;
  readonly export: OutputFile | null = null;
  private readonly opened: OutputFile[] = [];

  /** Opens every output the plan names; when one cannot be opened (OutputWriteError), those already opened are removed. */
  static async open(plan: ReportPlan, warn: (text: string) => void): Promise<ReportOutputs> {
    const [summary, report, exported] = await Promise.all([
      plan.summary === null ? null : import('../render/summary.js'),
      plan.report === null ? null : import('../render/workload-report.js'),
      plan.export === null ? null : import('../render/schema-export-sink.js'),
    ]);
    return new ReportOutputs(plan, warn, { summary, report, export: exported });
  }

  private constructor(private readonly plan: ReportPlan, private readonly warn: (text: string) => void, private readonly modules: OutputModules) {
    try {
      if (plan.dump) this.dump = this.open(plan.dump.path, plan.dump.unicode ? 'utf16le-bom' : 'utf8');
      if (plan.summary) this.summary = this.open(plan.summary);
      if (plan.report) this.report = this.open(plan.report.path);
      if (plan.export !== null) this.export = this.open(plan.export);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Only summary.txt is written (then the count pass may serve the run). */
  get summaryOnly(): boolean {
    return this.summary !== null && this.dump === null && this.report === null && this.export === null;
  }

  /** The sinks of the ordered (or live) pass over `files`. */
  sinks(files: EtlFileInfo[], decoder: PayloadDecoder, schemas: PassSchemas): EventSink[] {
    const { plan } = this;
    const timeZone = plan.localTime?.zone ?? null;
    const sinks: EventSink[] = [];
    if (this.dump) sinks.push(this.dumpSink());
    if (this.summary) {
      const check = schemas.of(files).mismatch;
      sinks.push(new this.modules.summary!.SummarySink(this.summary, (r) => summaryEventName(decoder.decode(r)), {
        dockerTable: plan.docker, mismatch: (r, decoded) => check.mismatch(r, decoded), timeZone, filter: schemas.filterNote(files),
      }));
    }
    if (this.report) {
      sinks.push(new this.modules.report!.WorkloadReportSink(this.report, plan.report!.format, plan.report!.level, (r) => decoder.decode(r),
        { localTime: plan.localTime, filter: schemas.filterNote(files) }));
    }
    if (this.export) sinks.push(new this.modules.export!.SchemaExportSink(this.export, schemas.of(files).registry, this.warn));
    return sinks;
  }

  /** The dump's sink (there is a dump). */
  dumpSink(): EventSink {
    return planDumpSink(this.plan, this.dump!, this.warn);
  }

  /** Writes and commits summary.txt from a pass's counts (the count pass's, or a --threads run's slices added up). */
  writeSummary(files: EtlFileInfo[], facts: Omit<SummaryFacts, 'files'>, filter: FilterNote | null): void {
    this.summary!.write(this.modules.summary!.summaryText({ files, ...facts }, { dockerTable: this.plan.docker, timeZone: this.plan.localTime?.zone ?? null, filter }));
    this.summary!.commit();
  }

  /** Removes every temporary file (the run failed). */
  abort(): void {
    for (const f of this.opened) f.abort();
  }

  private open(path: string, encoding: 'utf8' | 'utf16le-bom' = 'utf8'): OutputFile {
    const f = OutputFile.open(path, { overwrite: true, encoding });
    this.opened.push(f);
    return f;
  }
}
