/**
 * The ordered pass on several threads (`report --threads N`): the main thread
 * opens the inputs, cuts the time line into slices (slice-plan.ts), and N-1
 * worker threads (slice-worker.ts) and the main thread itself render the slices
 * (slice-render.ts); the main thread writes the dump's header, each slice's bytes
 * strictly in order, and the footer, through the run's atomic OutputFile. The
 * main thread renders a slice whenever the next one to write is not ready (so no
 * thread of N sits idle, and a run of N threads starts only N-1 workers: each
 * costs a start and its memory). A thread renders one slice at a time and at
 * most IN_FLIGHT_PER_THREAD slices per thread are out and not yet written, so
 * memory stays bounded. The warnings of a slice are reported when it is written,
 * each once and in the order one thread meets them; the summary's counts are
 * added up slice by slice. Output, warnings and counts are those of the
 * single-threaded pass (run-report.ts) for any number of threads.
 *
 * Two things make later slices unusable, and the main thread then goes on
 * alone from the last usable slice (reading the records before it again, only
 * to show them to the schemas): a slice whose stream is out of time order (the
 * merge order then cannot be cut by time), and a slice carrying schemas for later
 * events (EventSource manifests, EventMetadata), which slices rendered at the
 * same time did not see. A trace of fewer than two slices, or smaller than the
 * plan's minThreadedBytes (the default thread count's lower bound), returns null
 * before anything is reported: the caller runs the single-threaded pass.
 */
import { statSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { EtlReader, type EtlFileInfo } from '../../etl/reader.js';
import type { EtlWarning } from '../../etl/errors.js';
import type { EtlRecord } from '../../etl/record.js';
import type { EventSink } from '../../render/sink.js';
import type { PayloadDecoder } from '../../schema/types.js';
import { DUMP_FORMATS } from '../dump-formats.js';
import type { PassSchemas } from '../pass-schemas.js';
import { recordFeeder } from '../record-feeder.js';
import type { ReportOutputs } from '../report-outputs.js';
import type { ReportPlan } from '../report-plan.js';
import type { PassOptions, ReportRun } from '../run-report.js';
import { MergedCounts, sliceCounter } from './slice-counts.js';
import { planSlices } from './slice-plan.js';
import { dropWorkersStartedAhead, startSliceWorker, takeWorkerStartedAhead } from './slice-workers.js';
import { SliceRenderer, workerSetup, type SliceJob, type SliceResult } from './slice-render.js';

export interface SlicedReportOptions extends PassOptions {
  plan: ReportPlan;
  /** The run's outputs: the dump's sink writes header and footer (and the records when this thread goes on alone); summary.txt is written from the slices' counts. */
  outputs: ReportOutputs;
  /** The run's schemas (this thread's pass, and the schema warnings given once per run). */
  schemas: PassSchemas;
  /** An informational line (--verbose): how the slices were shared out, and why one thread went on alone. */
  onInfo?: (text: string) => void;
}

/** Whether the run can be sliced: several threads, a dump written front to back (not EVTX) and/or summary.txt, no workload report or -export (they see every record in one place), and not summary alone (the count pass serves it). */
export function slicedPassFits(plan: ReportPlan, outputs: ReportOutputs): boolean {
  return plan.threads > 1 && outputs.report === null && outputs.export === null && !outputs.summaryOnly
    && (plan.dump === null || DUMP_FORMATS[plan.dump.format].streams);
}

/** Slices per thread given out and not yet written, at most: each holds its rendered bytes until written. */
const IN_FLIGHT_PER_THREAD = 2;

/** Slices a worker is given ahead, at most: the next is there when one is done, even while the main thread renders. */
const QUEUED_PER_WORKER = 2;

/** renderedBy's mark for a slice the main thread rendered. */
const MAIN_THREAD = -1;

type Message = { ready: true } | { result: SliceResult } | { index: number; error: string };

export async function runSlicedReport(o: SlicedReportOptions): Promise<ReportRun | null> {
  const held: EtlWarning[] = [];
  const setup = workerSetup(o.plan);
  const workers: Worker[] = [];
  /** Per worker: whether it said it is ready, and how many of its slices are not back yet. */
  const ready: boolean[] = [];
  const outstanding: number[] = [];
  /** Workers that were started ahead of the plan (--verbose says how many). */
  const ahead = new Set<Worker>();
  /** Workers let go before the pass (fewer slices than threads): their exit is no failure. */
  const retired = new Set<Worker>();
  const done = new Map<number, SliceResult>();
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  /** Start a worker, listening to it at once (a message nobody listens to is lost). */
  const start = () => {
    const i = workers.length;
    // A worker started ahead of the plan (cli/report-head-start.ts), else a new one.
    const early = takeWorkerStartedAhead(setup);
    if (early !== null) ahead.add(early);
    const w = early ?? startSliceWorker(setup);
    workers.push(w);
    ready.push(false);
    outstanding.push(0);
    w.on('message', (m: Message) => {
      if ('ready' in m) { ready[i] = true; wake?.(); return; }
      outstanding[i]!--;
      if ('error' in m) failure ??= new Error(m.index < 0 ? `report worker thread failed to start: ${m.error}` : `report worker thread failed on slice ${m.index}: ${m.error}`);
      else done.set(m.result.index, m.result);
      wake?.();
    });
    w.on('error', (e) => { if (!retired.has(w)) failure ??= e; wake?.(); });
    w.on('exit', (code) => { if (code !== 0 && !retired.has(w)) failure ??= new Error(`report worker thread exited with ${code}`); wake?.(); });
  };
  // The workers start first when the inputs are large enough to be sliced, so that
  // their start (a fraction of a second) overlaps this thread's index pass.
  if (likelySliced(o.paths, o.plan)) for (let n = 1; n < o.plan.threads; n++) start();
  let local: SliceRenderer | null = null;
  let reader: EtlReader | null = null;
  try {
    // The slices are planned by each buffer's first record time: read with the buffer headers.
    reader = EtlReader.open(o.paths, { onWarning: (w) => held.push(w), firstTimes: true });
    const files = reader.files;
    const opened = held.length;
    if (reader.files.reduce((n, f) => n + f.size, 0) < o.plan.minThreadedBytes) return null;
    const plan = planSlices(reader.streams(), o.plan.sliceBytes);
    if (plan === null) return null;
    const report = (w: EtlWarning) => o.onWarning?.(w);
    for (const w of held.slice(0, opened)) report(w);
    o.onOpen?.(files);
    const set = o.schemas.of(files);
    const decoder = set.registry;
    const accept = set.filter?.accepts ?? null;
    const dumpOut = o.outputs.dump;
    const counter = o.outputs.summary === null ? null : sliceCounter(set);
    const sinks = [dumpOut === null ? null : o.outputs.dumpSink(), counter].filter((s): s is EventSink => s !== null);
    for (const s of sinks) s.begin({ files });
    for (const w of held.slice(opened)) report(w);
    const quietWarnings = held.length;

    const slices: SliceJob[] = plan.starts.map((starts, i) => ({
      index: i, starts, nextStarts: plan.starts[i + 1] ?? null,
      lo: i === 0 ? -Infinity : plan.bounds[i - 1]!, hi: plan.bounds[i] ?? Infinity,
    }));
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const merged = new MergedCounts();
    let records = 0;
    let bytesDone = 0;
    let droppedBySlices = 0;
    const forwarded: EtlWarning[] = [];

    const threads = Math.max(2, Math.min(o.plan.threads, slices.length));
    // Fewer slices than threads: the workers not needed go; none started yet: they start now.
    for (const w of workers.slice(threads - 1)) { retired.add(w); void w.terminate(); }
    for (const list of [workers, ready, outstanding]) list.length = Math.min(list.length, threads - 1);
    while (workers.length < threads - 1) start();
    // The main thread's own renderer, built as a worker builds its one while the workers start.
    local = await SliceRenderer.create(setup, reader.index());
    const renderedBy: number[] = [];
    let dispatched = 0;
    /** Whether the next slice may be given out: fewer than IN_FLIGHT_PER_THREAD slices per thread given out and not yet written (memory stays bounded). */
    const mayGiveOut = (written: number) => dispatched < slices.length && dispatched - written < IN_FLIGHT_PER_THREAD * threads;
    // A worker is given the next slice while it has fewer than QUEUED_PER_WORKER (so it never waits for
    // the main thread, and a slow slice holds up at most one other).
    const dispatch = (written: number) => {
      for (let q = 0; q < QUEUED_PER_WORKER; q++) {
        for (let w = 0; w < workers.length; w++) {
          if (!ready[w] || outstanding[w]! > q || !mayGiveOut(written)) continue;
          outstanding[w]!++;
          renderedBy[dispatched] = w;
          workers[w]!.postMessage({ job: slices[dispatched++] });
        }
      }
    };

    /** Where the main thread takes over (records of the usable slices), or -1 while every slice is usable. */
    let resumeAfter = -1;
    /** Why the main thread went on alone, when it did. */
    let alone = '';
    let written = 0;
    for (let k = 0; k < slices.length; k++) {
      dispatch(k);
      while (!done.has(k)) {
        if (failure !== null) throw failure;
        if (mayGiveOut(k)) {
          // Rather than wait, the main thread renders the next slice no thread has, then
          // lets the workers' messages in (their results, and so their next slices).
          const j = dispatched++;
          renderedBy[j] = MAIN_THREAD;
          done.set(j, await local.render(slices[j]!));
          await yieldToEventLoop();
        } else {
          await new Promise<void>((resolve) => { wake = resolve; });
          wake = null;
        }
        dispatch(k);
      }
      if (failure !== null) throw failure;
      const r = done.get(k)!;
      done.delete(k);
      if (r.unordered) { resumeAfter = records; alone = `slice ${k + 1} has a processor stream out of time order`; break; }
      for (const b of r.body) dumpOut?.writeEncoded(Buffer.from(b.buffer, b.byteOffset, b.length));
      const pages = r.body.map((b) => b.buffer as ArrayBuffer);
      if (renderedBy[k] === MAIN_THREAD) local.givePages(pages);
      else workers[renderedBy[k]!]!.postMessage({ pages }, pages);
      for (const n of r.notes) {
        if (n.kind === 'damage') {
          const f = files[n.fileIndex];
          if (f !== undefined) f.damagedRegions++;
          forwarded.push(n.warning);
          report(n.warning);
        } else o.schemas.warnOnce(n.text);
      }
      written++;
      if (r.counts !== null) merged.add(r.counts);
      droppedBySlices += r.dropped;
      records += r.records;
      bytesDone += plan.bytes[k]!;
      o.onProgress?.({ bytesRead: Math.min(bytesDone, totalBytes), totalBytes, records });
      if (r.carriesSchemas && k + 1 < slices.length) { resumeAfter = records; alone = `slice ${k + 1} carries schemas for later events`; break; }
    }
    const byMain = renderedBy.slice(0, written).filter((t) => t === MAIN_THREAD).length;
    const startedAhead = workers.filter((w) => ahead.has(w)).length;
    o.onInfo?.(`--threads ${threads}: ${slices.length} time slices; of the ${written} written, ${byMain} rendered by the main thread and ${written - byMain} by ${workers.length} worker thread(s)`
      + (startedAhead > 0 ? ` (${startedAhead} started ahead)` : '')
      + (alone === '' ? '' : `; ${alone}, so the main thread rendered the rest alone`));
    for (const w of workers) retired.add(w);
    await Promise.all(workers.splice(0).map((w) => w.terminate()));
    local.close();
    local = null;
    if (resumeAfter >= 0) {
      records = await goOnAlone(o, files, decoder, recordFeeder(sinks, decoder, accept), resumeAfter, quietWarnings, records, totalBytes, forwarded);
    }
    for (const s of sinks) await s.end();
    if (counter !== null) {
      merged.add(counter.result());
      const filter = set.filter;
      o.outputs.writeSummary(files, merged.result(), filter === null ? null
        : { description: o.plan.filter!.description, dropped: () => droppedBySlices + filter.dropped });
    }
    o.onProgress?.({ bytesRead: totalBytes, totalBytes, records });
    return { records, files, warnings: [...reader.warnings, ...forwarded] };
  } finally {
    dropWorkersStartedAhead();
    for (const w of workers) { retired.add(w); void w.terminate(); }
    local?.close();
    reader?.close();
  }
}

/** Whether the inputs are large enough to be cut into two slices or more (the run may still not be sliced: planSlices decides). */
function likelySliced(paths: string[], plan: ReportPlan): boolean {
  let bytes = 0;
  for (const p of paths) {
    try {
      bytes += statSync(p).size;
    } catch {
      return false; // the reader reports it
    }
  }
  return bytes >= Math.max(plan.minThreadedBytes, 2 * plan.sliceBytes);
}

/**
 * The rest of the run on this thread: the merge from the start, the first `skip`
 * records shown to the schemas only (the slices written hold them, and reported
 * their warnings, as did the opening), the others fed to the sinks.
 */
async function goOnAlone(
  o: SlicedReportOptions, files: EtlFileInfo[], decoder: PayloadDecoder, feed: (r: EtlRecord) => void,
  skip: number, quietWarnings: number, records: number, totalBytes: number, forwarded: EtlWarning[],
): Promise<number> {
  let met = 0;
  let loud = false;
  const reader = EtlReader.open(o.paths, {
    onWarning: (w) => {
      if (met++ < quietWarnings || !loud) return;
      const f = files.find((x) => x.path === w.file);
      if (f !== undefined) f.damagedRegions++;
      forwarded.push(w);
      o.onWarning?.(w);
    },
  });
  try {
    // With nothing written yet, the streams' first steps are this pass's to report.
    loud = skip === 0;
    const it = reader.records();
    for (let n = 0; n < skip; n++) {
      const next = it.next();
      if (next.done) return records;
      decoder.observe?.(next.value);
    }
    const every = o.progressEvery ?? 65536;
    let next = it.next();
    loud = true;
    while (!next.done) {
      feed(next.value);
      if (++records % every === 0) {
        await yieldToEventLoop();
        o.onProgress?.({ bytesRead: Math.min(totalBytes, Math.round(totalBytes * 0.99)), totalBytes, records });
      }
      next = it.next();
    }
    return records;
  } finally {
    reader.close();
  }
}
