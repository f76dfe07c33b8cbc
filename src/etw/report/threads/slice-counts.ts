/**
 * The summary's numbers in a report rendered by worker threads: each slice
 * counts its records (events per type, named from the type's first record in the
 * slice; first and last time; Docker lines; payload mismatches) and the main
 * thread adds the slices up in time order, so a type keeps the name and opcode of
 * its first record in the whole trace, as the summary sink would give.
 */
import type { EtlRecord } from '../../etl/record.js';
import { summaryEventName } from '../../render/event-labels.js';
import { DockerCounts, type DockerLineCount } from '../../render/docker-counts.js';
import { EventCounts, type EventTypeCount } from '../../render/event-counts.js';
import type { DecodedEvent, EventSink, SinkContext } from '../../render/sink.js';
import type { DecodedPayload } from '../../schema/types.js';
import type { PassSchemaSet } from '../pass-schemas.js';

/** One slice's counts, as posted between threads. */
export interface SliceCounts {
  rows: EventTypeCount[];
  total: number;
  firstTime: bigint | null;
  lastTime: bigint | null;
  dockerEvents: number;
  dockerUnparsed: number;
  dockerRows: DockerLineCount[];
  mismatches: number;
}

/** Counts a slice's records as the summary sink would. */
export class SliceCountsSink implements EventSink {
  readonly needsPayload = false;
  private readonly counts: EventCounts;
  private readonly docker = new DockerCounts();
  private mismatches = 0;

  constructor(nameOf: (r: EtlRecord) => string, private readonly mismatch?: (r: EtlRecord, decoded: DecodedPayload | null) => boolean) {
    this.counts = new EventCounts(nameOf);
  }

  begin(_ctx: SinkContext): void {}

  write(ev: DecodedEvent): void {
    this.counts.add(ev.record);
    this.docker.add(ev.record);
    if (this.mismatch !== undefined && this.mismatch(ev.record, ev.decoded)) this.mismatches++;
  }

  end(): void {}

  result(): SliceCounts {
    return {
      rows: this.counts.rows(), total: this.counts.total, firstTime: this.counts.firstTime, lastTime: this.counts.lastTime,
      dockerEvents: this.docker.events, dockerUnparsed: this.docker.unparsed, dockerRows: this.docker.rows(), mismatches: this.mismatches,
    };
  }
}

/** The counter of a pass with these schemas: names and mismatches as the summary sink gives them. */
export function sliceCounter(set: PassSchemaSet): SliceCountsSink {
  return new SliceCountsSink((r) => summaryEventName(set.registry.decode(r)), (r, decoded) => set.mismatch.mismatch(r, decoded));
}

/** The slices' counts added up; give them in time order. */
export class MergedCounts {
  private readonly rows = new Map<string, EventTypeCount>();
  private total = 0;
  private firstTime: bigint | null = null;
  private lastTime: bigint | null = null;
  private readonly docker = new DockerCounts();
  private mismatches = 0;

  add(c: SliceCounts): void {
    for (const row of c.rows) {
      const key = `${row.providerId}/${row.id}/${row.version}`;
      const seen = this.rows.get(key);
      if (seen === undefined) this.rows.set(key, { ...row });
      else seen.count += row.count;
    }
    if (c.total > 0) {
      if (this.total === 0) this.firstTime = c.firstTime;
      this.lastTime = c.lastTime;
    }
    this.total += c.total;
    this.docker.addCounts(c.dockerEvents, c.dockerUnparsed, c.dockerRows);
    this.mismatches += c.mismatches;
  }

  result(): { counts: EventCounts; docker: DockerCounts; mismatches: number } {
    return { counts: EventCounts.fromRows([...this.rows.values()], this.total, this.firstTime, this.lastTime), docker: this.docker, mismatches: this.mismatches };
  }
}
