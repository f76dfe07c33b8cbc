/**
 * What one thread of a report's sliced pass does to render slices: each worker
 * thread (slice-worker.ts is its thread plumbing) and the main thread have one
 * renderer. It opens the inputs itself, builds the run's schemas, filter and
 * dump sink with the main thread's own set-up (run-schemas.ts,
 * report-outputs.ts) from the same plan, and renders time slices
 * (slice-merge.ts) into bytes in memory, with the same sinks, through their
 * public interface: one dump sink for all the thread's slices, begun once and
 * ended after each slice (a sink's output for a record depends on that record
 * alone, and end() only flushes and writes the footer). The header and the
 * footer are taken off (the main thread writes them once), each footer checked
 * to be the one an empty run writes. It also hands back the slice's summary counts,
 * the warnings met (damage, and schema or schema-folder lines, in the order met)
 * and whether the slice carried schemas for later events (EventSource
 * ManifestData, EventMetadata): later slices, rendered without them, are then
 * not used.
 */
import type { CpuStream } from '../../etl/cpu-stream.js';
import { EtlReader, type EtlFileInfo, type FileIndex } from '../../etl/reader.js';
import type { EtlWarning } from '../../etl/errors.js';
import type { EtlRecord } from '../../etl/record.js';
import { LocalTime } from '../../render/local-time.js';
import { OutputFile } from '../../render/output-file.js';
import type { EventSink } from '../../render/sink.js';
import { isManifestDataEvent } from '../../schema/eventsource/eventsource-manifest.js';
import { isEventMetadataRecord } from '../../schema/tdh/event-metadata-source.js';
import type { PassSchemaSet } from '../pass-schemas.js';
import { recordFeeder } from '../record-feeder.js';
import type { ReportPlan } from '../report-plan.js';
import { planDumpSink } from '../report-outputs.js';
import { openPassSchemas, readRunSchemas } from '../run-schemas.js';
import { sliceCounter, type SliceCounts } from './slice-counts.js';
import { mergeSlice, type SliceBounds } from './slice-merge.js';

/** The pages slices are rendered into, and how many free ones a worker keeps. */
export const PAGE_BYTES = 1 << 20;
const MAX_FREE_PAGES = 16;

/** What a worker needs to build the same run as the main thread: the plan, as it crosses threads (its LocalTime as the zone's name). */
export interface WorkerSetup {
  plan: Omit<ReportPlan, 'localTime'>;
  zone: string | null;
}

export function workerSetup(plan: ReportPlan): WorkerSetup {
  return { plan: { ...plan, localTime: null } as Omit<ReportPlan, 'localTime'>, zone: plan.localTime?.zone ?? null };
}

function planOf(setup: WorkerSetup): ReportPlan {
  return { ...setup.plan, localTime: setup.zone === null ? null : new LocalTime(setup.zone) };
}

export interface SliceJob extends SliceBounds {
  index: number;
}

/** A warning met in a slice, in the order met. */
export type SliceNote =
  | { kind: 'damage'; fileIndex: number; warning: EtlWarning }
  | { kind: 'text'; text: string };

export interface SliceResult {
  index: number;
  /** Records of the slice (before the filter). */
  records: number;
  /** A stream out of time order: nothing of this slice may be used. */
  unordered: boolean;
  /** The slice holds records that carry schemas. */
  carriesSchemas: boolean;
  /** The dump's bytes of the slice (no header or footer), in pieces; none without a dump. */
  body: Uint8Array[];
  notes: SliceNote[];
  counts: SliceCounts | null;
  /** Records the filter dropped in the slice. */
  dropped: number;
}

export class SliceRenderer {
  private notes: SliceNote[] = [];
  private collecting = false;
  private readonly gate = { keep: false };
  private footer: Buffer = Buffer.alloc(0);
  /** The dump's sink and its memory target, made once; null without a dump. */
  private dump: EventSink | null = null;
  private out: OutputFile | null = null;
  private reader!: EtlReader;
  /** The reader's streams, made once (their buffer lists are sorted once) and restarted by each slice. */
  private streams!: CpuStream[];
  private files!: EtlFileInfo[];
  private set!: PassSchemaSet;
  /** Pages for the slices' bytes, given back by the main thread once written (so memory stays bounded). */
  private readonly pages: ArrayBuffer[] = [];

  private constructor(private readonly plan: ReportPlan) {}

  /** `index`: the main thread's own index pass, for its renderer (a worker reads the index itself: cloning it across threads costs about as much). */
  static async create(setup: WorkerSetup, index?: FileIndex[]): Promise<SliceRenderer> {
    const plan = planOf(setup);
    const r = new SliceRenderer(plan);
    // The main thread has reported what the schema files, TMF files and the index pass say.
    const warn = (text: string) => { if (r.collecting) r.notes.push({ kind: 'text', text }); };
    const schemas = await openPassSchemas(plan, readRunSchemas(plan, process.env, warn), warn);
    r.reader = EtlReader.open(plan.inputs, {
      index,
      onWarning: (warning) => {
        if (r.collecting && r.gate.keep) r.notes.push({ kind: 'damage', fileIndex: plan.inputs.indexOf(warning.file), warning });
      },
    });
    r.files = r.reader.files;
    r.streams = r.reader.streams();
    r.set = schemas.of(r.files);
    if (plan.dump !== null) {
      // One sink serves every slice of this worker (its buffers and caches are made once): its header is
      // taken off here, and each slice ends with its end(), whose footer is then taken off. What an empty
      // run writes (the header, then the footer) is what it writes here.
      r.out = OutputFile.memory(plan.dump.unicode ? 'utf16le' : 'utf8', () => Buffer.from(r.pages.pop() ?? new ArrayBuffer(PAGE_BYTES)));
      r.dump = planDumpSink(plan, r.out, () => {});
      r.dump.begin({ files: r.files });
      r.out.takeBytes();
      await r.dump.end();
      r.footer = Buffer.concat(r.out.takeBytes());
    }
    return r;
  }

  /** Close the inputs (the main thread's renderer; a worker's go with its thread). */
  close(): void {
    this.reader.close();
  }

  /** Pages the main thread has written out, to be filled again. */
  givePages(pages: ArrayBuffer[]): void {
    for (const p of pages) if (this.pages.length < MAX_FREE_PAGES && p.byteLength === PAGE_BYTES) this.pages.push(p);
  }

  async render(job: SliceJob): Promise<SliceResult> {
    const dump = this.dump;
    const counts = this.plan.summary === null ? null : sliceCounter(this.set);
    counts?.begin({ files: this.files });
    const sinks = [dump, counts].filter((s): s is EventSink => s !== null);
    const filter = this.set.filter;
    const feed = recordFeeder(sinks, this.set.registry, filter?.accepts ?? null);
    const lookForSchemas = this.plan.traceSchemas;
    let carriesSchemas = false;
    const droppedBefore = filter?.dropped ?? 0;
    this.notes = [];
    this.collecting = true;
    let merged;
    try {
      // The job as an object of one shape whatever thread sent it (see mergeSlice).
      const bounds: SliceBounds = { lo: job.lo, hi: job.hi, starts: job.starts, nextStarts: job.nextStarts };
      merged = mergeSlice(this.streams, bounds, this.gate, (x: EtlRecord) => {
        if (lookForSchemas && !carriesSchemas && (isManifestDataEvent(x) || isEventMetadataRecord(x))) carriesSchemas = true;
        feed(x);
      });
    } finally {
      this.collecting = false;
      this.gate.keep = false;
    }
    for (const s of sinks) await s.end();
    const body = this.out?.takeBytes() ?? [];
    if (dump !== null) this.dropFooter(body);
    return {
      index: job.index, records: merged.records, unordered: merged.unordered, carriesSchemas, body, notes: this.notes,
      counts: counts?.result() ?? null, dropped: (filter?.dropped ?? 0) - droppedBefore,
    };
  }

  /** Take the footer off the end of the slice's pieces, checking it is the empty run's. */
  private dropFooter(body: Buffer[]): void {
    let left = this.footer.length;
    while (left > 0) {
      const last = body.at(-1);
      if (last === undefined) throw new Error('a dump sink wrote a shorter footer for a slice');
      const n = Math.min(left, last.length);
      if (!last.subarray(last.length - n).equals(this.footer.subarray(left - n, left))) throw new Error('a dump sink wrote a different footer for a slice');
      left -= n;
      if (n === last.length) this.givePages([body.pop()!.buffer as ArrayBuffer]); // a page of the footer alone
      else body[body.length - 1] = last.subarray(0, last.length - n);
    }
  }
}
