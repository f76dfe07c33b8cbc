/**
 * The `-export FILE` output: a sink that notes, for every record the report
 * reads, the schema that decodes it (once per provider, id and version — the
 * registry's lookup is asked only for a descriptor not seen before), and at the
 * end writes them as an instrumentation manifest (manifest-writer.ts). Schemas a
 * manifest cannot express — classic MOF and kernel classes (keyed by class GUID
 * and event type, not by event id), TraceLogging events (their metadata travels
 * with every event, which all share one id; they decode the same without the
 * file) and fields with MOF-only types — are listed in the file's comment and
 * in one warning.
 */
import type { EtlRecord } from '../etl/record.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink } from './sink.js';
import type { SchemaRegistry } from '../schema/registry.js';
import { expressible, writeManifest, type ExportedEvent } from '../schema/export/manifest-writer.js';

export class SchemaExportSink implements EventSink {
  readonly needsPayload = false;
  /** Seen descriptors: provider → (id * 65536 + version, or a class key) → nothing more to do. */
  private readonly seen = new Map<string, Set<number>>();
  private readonly events: ExportedEvent[] = [];
  private readonly leftOut = new Map<string, number>();

  constructor(
    private readonly out: OutputFile,
    private readonly registry: SchemaRegistry,
    private readonly warn: (message: string) => void,
  ) {}

  begin(): void {}

  write(ev: DecodedEvent): void {
    const r = ev.record;
    if (r.providerId === null || r.kind === 'wpp') return;
    // Schemas the trace carries must have been seen before the lookup.
    this.registry.observe(r);
    const classic = r.kind !== 'event';
    const key = classic ? -1 - ((r.opcode ?? 0) * 65536 + (r.version ?? 0)) : (r.id ?? 0) * 65536 + (r.version ?? 0);
    let keys = this.seen.get(r.providerId);
    if (keys === undefined) this.seen.set(r.providerId, (keys = new Set()));
    // TraceLogging events share a key but are told apart by their metadata: they are all left out, so the first tells.
    if (keys.has(key)) return;
    keys.add(key);
    this.note(r);
  }

  private note(r: EtlRecord): void {
    const origin = this.registry.schemaOrigin(r);
    if (origin === null) return;
    const s = origin.schema;
    const who = s.providerName ?? `{${r.providerId}}`;
    if (origin.keyed === 'tracelogging') { this.skip(`TraceLogging events of ${who} (their metadata is in each event; they decode without a manifest)`); return; }
    if (origin.keyed === 'classic') { this.skip(`classic (MOF) event classes of ${who} (keyed by class GUID and event type, not by event id)`); return; }
    const why = expressible(s);
    if (why !== null) { this.skip(`${who} event ${r.id} version ${r.version}: ${why}`); return; }
    this.events.push({
      schema: s, id: r.id ?? 0, version: r.version ?? 0, level: r.level ?? 0, task: r.task ?? 0,
      opcode: r.opcode ?? 0, keywords: r.keywords ?? 0n, channel: r.channel ?? 0,
    });
  }

  private skip(what: string): void {
    this.leftOut.set(what, (this.leftOut.get(what) ?? 0) + 1);
  }

  end(): void {
    const leftOut = [...this.leftOut.keys()].sort();
    this.out.write(writeManifest(this.events, leftOut));
    this.out.commit();
    if (leftOut.length > 0) {
      this.warn(`${this.out.path}: ${leftOut.length} kind(s) of schema left out of the exported manifest, which cannot express them (listed in its header comment): ${leftOut.slice(0, 3).join('; ')}${leftOut.length > 3 ? '; …' : ''}`);
    }
  }
}
