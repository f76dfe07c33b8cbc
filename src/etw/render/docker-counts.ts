/**
 * Counting Docker etwlogs lines: per container and source, and the strings
 * of the Docker provider that are not in the driver's format (kept as plain
 * messages, never dropped, and counted here so the summary says so).
 */
import type { EtlRecord } from '../etl/record.js';
import { isDockerRecord, parseDockerMessage } from '../schema/docker-message.js';
import { stringOnlyText } from '../schema/string-only.js';

export interface DockerLineCount {
  container: string;
  image: string;
  source: string;
  lines: number;
}

export class DockerCounts {
  /** Docker provider string events seen. */
  events = 0;
  /** Of those, strings not in the container_name/…/log format. */
  unparsed = 0;
  private readonly byContainer = new Map<string, DockerLineCount>();

  /** Count the record when it is a Docker event; other records are ignored. */
  add(r: EtlRecord): void {
    if (!isDockerRecord(r)) return;
    this.events++;
    const m = parseDockerMessage(stringOnlyText(r));
    if (m === null) { this.unparsed++; return; }
    const key = `${m.container_name}\u0000${m.image_name}\u0000${m.source}`;
    const row = this.byContainer.get(key);
    if (row) row.lines++;
    else this.byContainer.set(key, { container: m.container_name, image: m.image_name, source: m.source, lines: 1 });
  }

  /** Add what another count saw (the counts of a report's time slices are merged this way). */
  addCounts(events: number, unparsed: number, rows: readonly DockerLineCount[]): void {
    this.events += events;
    this.unparsed += unparsed;
    for (const r of rows) {
      const key = `${r.container}\u0000${r.image}\u0000${r.source}`;
      const row = this.byContainer.get(key);
      if (row) row.lines += r.lines;
      else this.byContainer.set(key, { ...r });
    }
  }

  /** Rows sorted by container, image, source. */
  rows(): DockerLineCount[] {
    return [...this.byContainer.values()].sort((a, b) =>
      a.container.localeCompare(b.container) || a.image.localeCompare(b.image) || a.source.localeCompare(b.source));
  }
}
