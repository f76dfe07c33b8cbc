/**
 * .NET EventSource manifests carried in the trace (docs/architecture.md F8):
 * recognizes ManifestData events (Id 0xFFFE, Opcode 0xFE, Task 0xFFFE), reads
 * their 8-byte envelope, assembles the UTF-8 XML chunks per provider, loads the
 * completed manifest and registers its events, so that provider's later events
 * decode. The ManifestData events themselves get a schema for their envelope.
 */
import { noLabels } from '../types.js';
import type { EtlRecord } from '../../etl/record.js';
import { InType, OutType, type EventSchema } from '../event-schema.js';
import { loadManifest } from '../manifest/manifest-loader.js';
import { registerManifest } from '../manifest/manifest-register.js';
import type { InTraceSchemaSource, SchemaRegistry } from '../registry.js';

export const MANIFEST_DATA_ID = 0xfffe;
export const MANIFEST_DATA_OPCODE = 0xfe;
export const MANIFEST_DATA_TASK = 0xfffe;
/** ManifestEnvelope.Magic. */
export const MANIFEST_MAGIC = 0x5b;
/** ManifestEnvelope.Format value for an XML manifest. */
export const MANIFEST_FORMAT_XML = 1;
const ENVELOPE_SIZE = 8;

/** The header in front of every manifest chunk. */
export interface ManifestEnvelope {
  format: number;
  majorVersion: number;
  minorVersion: number;
  magic: number;
  totalChunks: number;
  chunkNumber: number;
}

export function isManifestDataEvent(r: EtlRecord): boolean {
  return r.kind === 'event' && r.id === MANIFEST_DATA_ID && r.opcode === MANIFEST_DATA_OPCODE && r.task === MANIFEST_DATA_TASK;
}

/** Reads the envelope; null when the payload is too short or the magic byte is wrong. */
export function readManifestEnvelope(payload: Buffer): ManifestEnvelope | null {
  if (payload.length < ENVELOPE_SIZE || payload[3] !== MANIFEST_MAGIC) return null;
  return {
    format: payload[0]!,
    majorVersion: payload[1]!,
    minorVersion: payload[2]!,
    magic: payload[3]!,
    totalChunks: payload.readUInt16LE(4),
    chunkNumber: payload.readUInt16LE(6),
  };
}

/** What happened to one provider's in-trace manifest. */
export interface EventSourceManifestStatus {
  providerId: string;
  providerName: string | null;
  /** Events registered from the last completed manifest. */
  eventsRegistered: number;
  /** Manifests completed (a provider may send the same manifest more than once). */
  manifestsLoaded: number;
  /** Why the last completed manifest could not be used, or null. */
  error: string | null;
  warnings: string[];
}

interface PendingManifest {
  totalChunks: number;
  chunks: (Buffer | undefined)[];
  received: number;
}

/**
 * An in-trace schema source: give it to `SchemaRegistry.addInTraceSource` and it
 * registers each EventSource manifest as soon as its last chunk has been seen.
 */
export class EventSourceManifestCollector implements InTraceSchemaSource {
  private readonly pending = new Map<string, PendingManifest>();
  private readonly lastText = new Map<string, string>();
  private readonly status = new Map<string, EventSourceManifestStatus>();
  /** ManifestData versions seen per provider (their envelope schemas get the provider name once known). */
  private readonly envelopeVersions = new Map<string, Set<number>>();

  observe(record: EtlRecord, registry: SchemaRegistry): void {
    if (!isManifestDataEvent(record) || record.providerId === null) return;
    const providerId = record.providerId;
    this.registerEnvelopeSchema(providerId, record.version ?? 0, registry);
    const envelope = readManifestEnvelope(record.payload);
    if (!envelope || envelope.format !== MANIFEST_FORMAT_XML) return;
    if (envelope.totalChunks === 0 || envelope.chunkNumber >= envelope.totalChunks) return;

    let p = this.pending.get(providerId);
    if (!p || p.totalChunks !== envelope.totalChunks || envelope.chunkNumber === 0) {
      // A new (or restarted) transmission.
      p = { totalChunks: envelope.totalChunks, chunks: new Array(envelope.totalChunks), received: 0 };
      this.pending.set(providerId, p);
    }
    if (p.chunks[envelope.chunkNumber] === undefined) p.received++;
    p.chunks[envelope.chunkNumber] = Buffer.from(record.payload.subarray(ENVELOPE_SIZE)); // the view is reused
    if (p.received < p.totalChunks) return;

    this.pending.delete(providerId);
    this.complete(providerId, Buffer.concat(p.chunks as Buffer[]).toString('utf8'), registry);
  }

  /** Per provider: what was loaded, in first-seen order. */
  manifests(): EventSourceManifestStatus[] {
    return [...this.status.values()];
  }

  private complete(providerId: string, xml: string, registry: SchemaRegistry): void {
    const status = this.status.get(providerId)
      ?? { providerId, providerName: null, eventsRegistered: 0, manifestsLoaded: 0, error: null, warnings: [] };
    this.status.set(providerId, status);
    status.manifestsLoaded++;
    if (this.lastText.get(providerId) === xml) return; // the same manifest again: already registered
    this.lastText.set(providerId, xml);
    try {
      const loaded = loadManifest(xml.replace(/\0+$/, ''), { source: 'eventsource' });
      const own = loaded.providers.filter((pr) => pr.guid === providerId);
      if (own.length === 0) {
        status.error = `the manifest sent by {${providerId}} does not describe that provider`;
        return;
      }
      status.providerName = own[0]!.name;
      for (const version of this.envelopeVersions.get(providerId) ?? []) {
        registry.addManifestEvent(manifestDataSchema(providerId, status.providerName), { providerId, id: MANIFEST_DATA_ID, version });
      }
      status.eventsRegistered = registerManifest(registry, { ...loaded, providers: own });
      status.warnings = loaded.warnings;
      status.error = null;
    } catch (e) {
      status.error = `manifest of {${providerId}} could not be read: ${(e as Error).message}`;
    }
  }

  /** ManifestData events decode as their envelope plus the XML chunk text. */
  private registerEnvelopeSchema(providerId: string, version: number, registry: SchemaRegistry): void {
    let versions = this.envelopeVersions.get(providerId);
    if (!versions) this.envelopeVersions.set(providerId, (versions = new Set()));
    if (versions.has(version)) return;
    versions.add(version);
    const name = this.status.get(providerId)?.providerName ?? null;
    registry.addManifestEvent(manifestDataSchema(providerId, name), { providerId, id: MANIFEST_DATA_ID, version });
  }
}

function manifestDataSchema(providerId: string, providerName: string | null): EventSchema {
  const u8 = (name: string) => ({ name, inType: InType.UINT8, outType: 0 });
  const u16 = (name: string) => ({ name, inType: InType.UINT16, outType: 0 });
  return {
    ...noLabels(),
    source: 'eventsource',
    providerId,
    providerName,
    eventName: 'ManifestData',
    message: null,
    properties: [
      u8('Format'), u8('MajorVersion'), u8('MinorVersion'), u8('Magic'), u16('TotalChunks'), u16('ChunkNumber'),
      { name: 'Data', inType: InType.NONNULLTERMINATEDANSISTRING, outType: OutType.UTF8 },
    ],
    userDataElement: null,
  };
}
