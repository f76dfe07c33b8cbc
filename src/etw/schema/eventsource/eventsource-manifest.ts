/**
 * .NET EventSource manifests carried in the trace (docs/architecture.md F8):
 * recognizes ManifestData events (Id 0xFFFE, Opcode 0xFE, Task 0xFFFE), reads
 * their 8-byte envelope, assembles the UTF-8 XML chunks per provider, loads the
 * completed manifest and registers its events, so that provider's later events
 * decode. The ManifestData events themselves get a schema for their envelope.
 */
import { createHash } from 'node:crypto';
import { noLabels } from '../types.js';
import type { EtlRecord } from '../../etl/record.js';
import { InType, OutType, type EventSchema } from '../event-schema.js';
import { loadManifest } from '../manifest/manifest-loader.js';
import { registerManifest } from '../manifest/manifest-register.js';
import type { SchemaTarget } from '../schema-target.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';

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
  bytes: number;
}

/**
 * Most bytes of manifest chunks held at once, over all providers (a manifest is
 * tens of kilobytes; a trace could announce 65,535 chunks per provider). A
 * transmission that would pass it is dropped, and its provider says why.
 */
export const MAX_PENDING_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * A schema source carried in the trace: given to `SchemaRegistry.addSource`, it
 * registers each EventSource manifest as soon as its last chunk has been seen.
 */
export class EventSourceManifestCollector implements SchemaSource {
  readonly kind = 'EventSource manifests in the trace';
  /** ManifestData events are manifest-keyed (EVENT_HEADER) events. */
  readonly observedKinds = ['event'] as const;
  readonly rank = SchemaRank.IN_TRACE;
  private readonly pending = new Map<string, PendingManifest>();
  private pendingBytes = 0;
  /** A digest of each provider's last manifest (the same one sent again is not registered again). */
  private readonly lastDigest = new Map<string, string>();
  private readonly status = new Map<string, EventSourceManifestStatus>();
  /** ManifestData versions seen per provider (their envelope schemas get the provider name once known). */
  private readonly envelopeVersions = new Map<string, Set<number>>();

  observe(record: EtlRecord, registry: SchemaTarget): void {
    if (!isManifestDataEvent(record) || record.providerId === null) return;
    const providerId = record.providerId;
    this.registerEnvelopeSchema(providerId, record.version ?? 0, registry);
    const envelope = readManifestEnvelope(record.payload);
    if (!envelope || envelope.format !== MANIFEST_FORMAT_XML) return;
    if (envelope.totalChunks === 0 || envelope.chunkNumber >= envelope.totalChunks) return;

    let p = this.pending.get(providerId);
    if (!p || p.totalChunks !== envelope.totalChunks || envelope.chunkNumber === 0) {
      // A new (or restarted) transmission.
      if (p) this.drop(providerId, p);
      p = { totalChunks: envelope.totalChunks, chunks: new Array(envelope.totalChunks), received: 0, bytes: 0 };
      this.pending.set(providerId, p);
    }
    const chunk = Buffer.from(record.payload.subarray(ENVELOPE_SIZE)); // the view is reused
    const replaced = p.chunks[envelope.chunkNumber];
    if (replaced === undefined) p.received++;
    const grow = chunk.length - (replaced?.length ?? 0);
    if (this.pendingBytes + grow > MAX_PENDING_MANIFEST_BYTES) {
      this.drop(providerId, p);
      this.statusOf(providerId).error = `manifest of {${providerId}} not loaded: its chunks pass ${MAX_PENDING_MANIFEST_BYTES / 1048576} MiB`;
      return;
    }
    p.chunks[envelope.chunkNumber] = chunk;
    p.bytes += grow;
    this.pendingBytes += grow;
    if (p.received < p.totalChunks) return;

    this.drop(providerId, p);
    this.complete(providerId, Buffer.concat(p.chunks as Buffer[]).toString('utf8'), registry);
  }

  private drop(providerId: string, p: PendingManifest): void {
    this.pending.delete(providerId);
    this.pendingBytes -= p.bytes;
  }

  private statusOf(providerId: string): EventSourceManifestStatus {
    let status = this.status.get(providerId);
    if (status === undefined) {
      status = { providerId, providerName: null, eventsRegistered: 0, manifestsLoaded: 0, error: null, warnings: [] };
      this.status.set(providerId, status);
    }
    return status;
  }

  /** Per provider: what was loaded, in first-seen order. */
  manifests(): EventSourceManifestStatus[] {
    return [...this.status.values()];
  }

  private complete(providerId: string, xml: string, registry: SchemaTarget): void {
    const status = this.statusOf(providerId);
    status.manifestsLoaded++;
    const digest = createHash('sha256').update(xml).digest('hex');
    if (this.lastDigest.get(providerId) === digest) return; // the same manifest again: already registered
    this.lastDigest.set(providerId, digest);
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
  private registerEnvelopeSchema(providerId: string, version: number, registry: SchemaTarget): void {
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
