/**
 * summary.txt (`-summary`) in tracerpt's layout (docs/architecture.md F10): the
 * files processed, buffer/event/lost totals with labels padded to 24 columns,
 * long-date start and end, elapsed seconds, and the 107-character bordered
 * table of event counts per (GUID, event id, version). Our additions, after
 * tracerpt's lines: `Total Buffers Lost`, `Filter Applied` and `Events Filtered Out`
 * when a filter (--provider, --level, …) kept only some events (the totals and
 * the table then count the events kept), `Payload Mismatches` when events do not
 * match their schema, and a Docker section when the trace holds Docker etwlogs
 * events (lines per container and source with --docker). The long dates are UTC,
 * or in the zone of --time local / --tz.
 * Needs no payload decoding: names are looked up once per event type.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { DockerCounts } from './docker-counts.js';
import { dockerLinesTable } from './docker-lines-table.js';
import { EventCounts, type EventTypeCount } from './event-counts.js';
import type { OutputFile } from './output-file.js';
import type { DecodedPayload } from '../schema/types.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

export const SUMMARY_BORDER = '+' + '-'.repeat(105) + '+';
export const SUMMARY_TABLE_HEADER = '|Event Count   Event Name           Event ID        Version         Guid                                  |';

/** A filter that kept only some events: what it was, and how many it dropped (known at the end of the pass). */
export interface FilterNote {
  description: string;
  dropped(): number;
}

export interface SummaryOptions {
  /** With --docker: list Docker lines per container and source. */
  dockerTable?: boolean;
  /** The zone of the long dates (--time local / --tz); absent or null: UTC. */
  timeZone?: string | null;
  /** The run's filter, when one was given. */
  filter?: FilterNote | null;
  /** Tells whether a record's payload does not match its schema (counted as Payload Mismatches); `decoded` is the pipeline's decoding, if any. */
  mismatch?: (r: EtlRecord, decoded: DecodedPayload | null) => boolean;
}

const label = (text: string) => text.padEnd(24, ' ');

/** `Tuesday, December 23, 2025` (en-US long date, in UTC or the IANA zone given). */
export function longDate(fileTime: bigint, timeZone: string | null = null): string {
  const ms = Number((fileTime - 116444736000000000n) / 10000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '?';
  return d.toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: timeZone ?? 'UTC' });
}

/** `|%11d   %-20s %-15s %-15s %-38s|` — long names overflow, as tracerpt's do. */
export function summaryRow(row: EventTypeCount): string {
  const guid = row.providerId === null ? '' : `{${row.providerId}}`;
  return '|' + String(row.count).padStart(11, ' ') + '   '
    + row.name.padEnd(20, ' ') + ' '
    + String(row.id).padEnd(15, ' ') + ' '
    + String(row.version).padEnd(15, ' ') + ' '
    + guid.padEnd(38, ' ') + '|';
}

export interface SummaryFacts {
  files: EtlFileInfo[];
  counts: EventCounts;
  docker: DockerCounts;
  /** Events whose payload does not match their schema (15005). */
  mismatches?: number;
}

/** The span tracerpt reports: from the earliest session start to the latest of session end and last event. */
export function traceSpan(files: EtlFileInfo[], counts: EventCounts): { start: bigint | null; end: bigint | null } {
  let start: bigint | null = null;
  let end: bigint | null = counts.lastTime;
  for (const f of files) {
    if (f.header.startTime > 0n && (start === null || f.header.startTime < start)) start = f.header.startTime;
    if (f.header.endTime > 0n && (end === null || f.header.endTime > end)) end = f.header.endTime;
  }
  if (start === null) start = counts.firstTime;
  return { start, end };
}

export function summaryText(facts: SummaryFacts, options: SummaryOptions = {}): string {
  const { files, counts, docker } = facts;
  const lines: string[] = ['Files Processed:'];
  for (const f of files) lines.push('\t' + f.path);
  const buffers = files.reduce((n, f) => n + f.buffers, 0);
  const eventsLost = files.reduce((n, f) => n + f.header.eventsLost, 0);
  const buffersLost = files.reduce((n, f) => n + f.header.buffersLost, 0);
  lines.push(label('Total Buffers Processed') + buffers);
  lines.push(label('Total Events  Processed') + counts.total);
  lines.push(label('Total Events  Lost') + eventsLost);
  lines.push(label('Total Buffers Lost') + buffersLost);
  const { start, end } = traceSpan(files, counts);
  const zone = options.timeZone ?? null;
  lines.push(label('Start Time') + (start === null ? '' : longDate(start, zone)));
  lines.push(label('End Time') + (end === null ? '' : longDate(end, zone)));
  const elapsed = start !== null && end !== null && end > start ? (end - start) / 10_000_000n : 0n;
  lines.push(label('Elapsed Time') + `${elapsed} sec`);
  lines.push(SUMMARY_BORDER, SUMMARY_TABLE_HEADER, SUMMARY_BORDER);
  for (const row of counts.rows()) lines.push(summaryRow(row));
  lines.push(SUMMARY_BORDER);
  // What the files' own facts show to be missing, and the damage met (etwkit's lines, only when there is any).
  const buffersMissing = files.reduce((n, f) => n + f.buffersMissing, 0);
  const damagedRegions = files.reduce((n, f) => n + f.damagedRegions, 0);
  if (buffersMissing > 0 || damagedRegions > 0) {
    lines.push('');
    lines.push(label('Buffers Missing') + buffersMissing);
    lines.push(label('Damaged Regions') + damagedRegions);
  }
  if (options.filter) {
    lines.push('');
    lines.push(label('Filter Applied') + options.filter.description);
    lines.push(label('Events Filtered Out') + options.filter.dropped());
  }
  if ((facts.mismatches ?? 0) > 0) {
    lines.push('');
    lines.push(label('Payload Mismatches') + facts.mismatches);
  }
  if (docker.events > 0) {
    lines.push('');
    lines.push(label('Docker Lines') + (docker.events - docker.unparsed));
    lines.push(label('Docker Lines Unparsed') + docker.unparsed);
    if (options.dockerTable) lines.push(dockerLinesTable(docker.rows()));
  }
  return lines.join('\n') + '\n';
}

export class SummarySink implements EventSink {
  readonly needsPayload = false;
  private files: EtlFileInfo[] = [];
  private readonly counts: EventCounts;
  private readonly docker = new DockerCounts();
  private mismatches = 0;

  /** `nameOf` names an event type for the table (blank when tracerpt could not name it). */
  constructor(private readonly out: OutputFile, nameOf: (r: EtlRecord) => string, private readonly options: SummaryOptions = {}) {
    this.counts = new EventCounts(nameOf);
  }

  begin(ctx: SinkContext): void {
    this.files = ctx.files;
  }

  write(ev: DecodedEvent): void {
    this.counts.add(ev.record);
    this.docker.add(ev.record);
    if (this.options.mismatch !== undefined && this.options.mismatch(ev.record, ev.decoded)) this.mismatches++;
  }

  end(): void {
    this.out.write(summaryText({ files: this.files, counts: this.counts, docker: this.docker, mismatches: this.mismatches }, this.options));
    this.out.commit();
  }
}
