/**
 * Counting events per type — one row per (provider/class GUID, event id,
 * version) as tracerpt's summary table has it — plus the time span. Shared by
 * the summary and the report. Names are asked for once, on a type's first
 * event, so counting needs no payload decoding.
 */
import type { EtlRecord } from '../etl/record.js';

export interface EventTypeCount {
  /** Lower-case GUID without braces; null for WPP messages without one. */
  providerId: string | null;
  /** Event id (0 for classic events). */
  id: number;
  version: number;
  /** Opcode of the first event of this type (classic events: their type). */
  firstOpcode: number;
  name: string;
  count: number;
}

export class EventCounts {
  private readonly byProvider = new Map<string | null, Map<number, EventTypeCount>>();
  total = 0;
  firstTime: bigint | null = null;
  /** The latest record; records arrive in time order, so its time is the last one (read once, at the end). */
  private latest: EtlRecord | null = null;

  /** `nameOf` is called with the first record of each type, while its payload is valid. */
  constructor(private readonly nameOf: (r: EtlRecord) => string) {}

  /** The row of the previous record, checked first (runs of one event type are common). */
  private lastProvider: string | null | undefined = undefined;
  private lastKey = -1;
  private lastRow: EventTypeCount | null = null;

  add(r: EtlRecord): void {
    if (this.total++ === 0) this.firstTime = r.fileTime;
    this.latest = r;
    const kind = r.kind;
    const id = kind !== 'event' && kind !== 'wpp' ? 0 : (r.id ?? 0);
    const version = r.version ?? 0;
    const key = id * 0x10000 + version;
    const providerId = r.providerId;
    if (key === this.lastKey && providerId === this.lastProvider) { this.lastRow!.count++; return; }
    let types = this.byProvider.get(providerId);
    if (types === undefined) this.byProvider.set(providerId, (types = new Map()));
    let row = types.get(key);
    if (row !== undefined) row.count++;
    else types.set(key, (row = { providerId, id, version, firstOpcode: r.opcode ?? 0, name: this.nameOf(r), count: 1 }));
    this.lastProvider = providerId;
    this.lastKey = key;
    this.lastRow = row;
  }

  /** Time of the last record (its header facts stay valid after the reader moves on; only its payload does not). */
  get lastTime(): bigint | null {
    if (this.countedLastTime !== undefined) return this.countedLastTime;
    return this.latest === null ? null : this.latest.fileTime;
  }

  private countedLastTime: bigint | null | undefined = undefined;

  /** Counts gathered elsewhere (the count pass): rows, total, and the times of the first and last record. */
  static fromRows(rows: readonly EventTypeCount[], total: number, firstTime: bigint | null, lastTime: bigint | null): EventCounts {
    const c = new EventCounts(() => '');
    for (const row of rows) {
      let types = c.byProvider.get(row.providerId);
      if (types === undefined) c.byProvider.set(row.providerId, (types = new Map()));
      types.set(row.id * 0x10000 + row.version, { ...row });
    }
    c.total = total;
    c.firstTime = firstTime;
    c.countedLastTime = lastTime;
    return c;
  }

  /** Rows sorted by GUID, then event id, then version. */
  rows(): EventTypeCount[] {
    const out: EventTypeCount[] = [];
    for (const types of this.byProvider.values()) for (const row of types.values()) out.push(row);
    return out.sort((a, b) => (a.providerId ?? '').localeCompare(b.providerId ?? '') || a.id - b.id || a.version - b.version);
  }

  /** Events per provider GUID, largest first. */
  providers(): Array<{ providerId: string | null; count: number; types: number }> {
    const out = [];
    for (const [providerId, types] of this.byProvider) {
      let count = 0;
      for (const row of types.values()) count += row.count;
      out.push({ providerId, count, types: types.size });
    }
    return out.sort((a, b) => b.count - a.count || (a.providerId ?? '').localeCompare(b.providerId ?? ''));
  }
}
