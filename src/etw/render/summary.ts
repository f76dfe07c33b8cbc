/**
 * summary.txt (`-summary`) in tracerpt's layout (docs/tracerpt.md §5.1): the
 * files processed, buffer/event/lost totals with labels padded to 24 columns,
 * long-date start and end, elapsed seconds, and the 107-character bordered
 * table of event counts per (GUID, event id, version). Our additions, after
 * tracerpt's lines: `Total Buffers Lost`, `Payload Mismatches` when events do not
 * match their schema, and a Docker section when the trace holds Docker etwlogs
 * events (lines per container and source with --docker).
 * Needs no payload decoding: names are looked up once per event type.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { DockerCounts } from './docker-counts.js';
import { EventCounts, type EventTypeCount } from './event-counts.js';
import type { OutputFile } from './output-file.js';
import type { DecodedPayload } from '../schema/types.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

export const SUMMARY_BORDER = '+' + '-'.repeat(105) + '+';
export const SUMMARY_TABLE_HEADER = '|Event Count   Event Name           Event ID        Version         Guid                                  |';

export interface SummaryOptions {
  /** With --docker: list Docker lines per container and source. */
  dockerTable?: boolean;
  /** Tells whether a record's payload does not match its schema (counted as Payload Mismatches); `decoded` is the pipeline's decoding, if any. */
  mismatch?: (r: EtlRecord, decoded: DecodedPayload | null) => boolean;
}

const label = (text: string) => text.padEnd(24, ' ');

/** `Tuesday, December 23, 2025` (en-US long date, UTC). */
export function longDate(fileTime: bigint): string {
  const ms = Number((fileTime - 116444736000000000n) / 10000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '?';
  return d.toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
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
  lines.push(label('Start Time') + (start === null ? '' : longDate(start)));
  lines.push(label('End Time') + (end === null ? '' : longDate(end)));
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
  if ((facts.mismatches ?? 0) > 0) {
    lines.push('');
    lines.push(label('Payload Mismatches') + facts.mismatches);
  }
  if (docker.events > 0) {
    lines.push('');
    lines.push(label('Docker Lines') + (docker.events - docker.unparsed));
    lines.push(label('Docker Lines Unparsed') + docker.unparsed);
    if (options.dockerTable) {
      lines.push(SUMMARY_BORDER);
      lines.push('|' + 'Lines'.padEnd(11, ' ') + '   ' + 'Source'.padEnd(7, ' ') + ' ' + 'Container'.padEnd(40, ' ') + ' ' + 'Image'.padEnd(42, ' ') + '|');
      lines.push(SUMMARY_BORDER);
      for (const row of docker.rows()) {
        lines.push('|' + String(row.lines).padStart(11, ' ') + '   ' + row.source.padEnd(7, ' ') + ' ' + row.container.padEnd(40, ' ') + ' ' + row.image.padEnd(42, ' ') + '|');
      }
      lines.push(SUMMARY_BORDER);
    }
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
