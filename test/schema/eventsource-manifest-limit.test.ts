/**
 * In-trace EventSource manifests cannot claim unbounded memory (issue 11,
 * item 4): a trace may announce up to 65,535 chunks per provider and many
 * providers; the collector holds at most MAX_PENDING_MANIFEST_BYTES of chunks in
 * all, drops a transmission that would pass it and says why in its status.
 */
import { describe, expect, it } from 'vitest';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { EventSourceManifestCollector, MAX_PENDING_MANIFEST_BYTES } from '../../src/etw/schema/eventsource/eventsource-manifest.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';

/** A ManifestData event (id 0xfffe, opcode 0xfe, task 0xfffe) of `provider` carrying `chunk` of `total`. */
function manifestChunk(provider: string, total: number, chunk: number, bytes: number): EtlRecord {
  const payload = Buffer.alloc(8 + bytes, 0x20);
  payload.set([1, 1, 0, 0x5b], 0);
  payload.writeUInt16LE(total, 4);
  payload.writeUInt16LE(chunk, 6);
  return { kind: 'event', providerId: provider, id: 0xfffe, opcode: 0xfe, task: 0xfffe, version: 1, payload } as unknown as EtlRecord;
}

describe('EventSource manifest chunks are bounded', () => {
  it('a transmission passing the limit is dropped, with the reason in its status', () => {
    const collector = new EventSourceManifestCollector();
    const registry = new SchemaRegistry({ files: [] });
    const provider = '7e57e57e-0000-5000-a000-00000000d3e1';
    const chunk = 60_000;
    const needed = Math.ceil(MAX_PENDING_MANIFEST_BYTES / chunk) + 5;
    for (let i = 0; i < needed; i++) collector.observe(manifestChunk(provider, 65535, i, chunk), registry);
    const status = collector.manifests().find((m) => m.providerId === provider)!;
    expect(status.error).toMatch(/not loaded: its chunks pass 16 MiB/);
    expect(status.manifestsLoaded).toBe(0);
  });

  it('the limit holds over many providers at once', () => {
    const collector = new EventSourceManifestCollector();
    const registry = new SchemaRegistry({ files: [] });
    const providers = Array.from({ length: 400 }, (_, i) => `7e57e57e-0000-5000-a000-${i.toString(16).padStart(12, '0')}`);
    for (const p of providers) for (let c = 0; c < 2; c++) collector.observe(manifestChunk(p, 3, c, 60_000), registry);
    const dropped = collector.manifests().filter((m) => m.error !== null);
    // 400 × 120,000 bytes would be 48 MB held; past 16 MiB the rest are dropped.
    expect(dropped.length).toBeGreaterThan(200);
    expect(400 - dropped.length).toBeLessThanOrEqual(Math.ceil(MAX_PENDING_MANIFEST_BYTES / 120_000));
  });
});
