// Builders for the variable-length blobs Windows returns (TDH provider list, field arrays,
// EnumerateTraceGuidsEx GUID list and TRACE_GUID_INFO), in the layouts of etw-win32-api.md §2.3–2.4.
import { Guid } from '../../../src/etw/control/api/guid.js';

export interface BlobProvider { guid: Guid; name: string; schemaSource?: number }
export interface BlobField { value: bigint; name: string; description?: string }
export interface BlobEnable { level: number; loggerId: number; enableProperty?: number; matchAny: bigint; matchAll?: bigint; isEnabled?: boolean }
export interface BlobInstance { pid: number; flags?: number; enables: BlobEnable[] }

function strings(start: number, texts: string[]): { offsets: number[]; bytes: Buffer } {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = start;
  for (const t of texts) {
    const b = Buffer.from(`${t}\0`, 'utf16le');
    offsets.push(at);
    parts.push(b);
    at += b.length;
  }
  return { offsets, bytes: Buffer.concat(parts) };
}

export function providerEnumerationBlob(providers: BlobProvider[]): Buffer {
  const head = Buffer.alloc(8 + 24 * providers.length);
  head.writeUInt32LE(providers.length, 0);
  const s = strings(head.length, providers.map((p) => p.name));
  providers.forEach((p, i) => {
    const at = 8 + 24 * i;
    p.guid.writeTo(head, at);
    head.writeUInt32LE(p.schemaSource ?? 0, at + 16);
    head.writeUInt32LE(s.offsets[i]!, at + 20);
  });
  return Buffer.concat([head, s.bytes]);
}

export function fieldArrayBlob(fieldType: number, fields: BlobField[]): Buffer {
  const head = Buffer.alloc(8 + 16 * fields.length);
  head.writeUInt32LE(fields.length, 0);
  head.writeUInt32LE(fieldType, 4);
  const texts = fields.flatMap((f) => [f.name, f.description ?? '']);
  const s = strings(head.length, texts);
  fields.forEach((f, i) => {
    const at = 8 + 16 * i;
    head.writeUInt32LE(s.offsets[2 * i]!, at);
    head.writeUInt32LE(f.description ? s.offsets[2 * i + 1]! : 0, at + 4);
    head.writeBigUInt64LE(f.value, at + 8);
  });
  return Buffer.concat([head, s.bytes]);
}

export function guidListBlob(guids: Guid[]): Buffer {
  return Buffer.concat(guids.map((g) => g.toBytes()));
}

export function traceGuidInfoBlob(instances: BlobInstance[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.writeUInt32LE(instances.length, 0);
  parts.push(head);
  instances.forEach((inst, i) => {
    const size = 16 + 32 * inst.enables.length;
    const b = Buffer.alloc(size);
    b.writeUInt32LE(i === instances.length - 1 ? 0 : size, 0);
    b.writeUInt32LE(inst.enables.length, 4);
    b.writeUInt32LE(inst.pid, 8);
    b.writeUInt32LE(inst.flags ?? 0, 12);
    inst.enables.forEach((e, j) => {
      const at = 16 + 32 * j;
      b.writeUInt32LE(e.isEnabled === false ? 0 : 1, at);
      b.writeUInt8(e.level, at + 4);
      b.writeUInt16LE(e.loggerId, at + 6);
      b.writeUInt32LE(e.enableProperty ?? 0, at + 8);
      b.writeBigUInt64LE(e.matchAny, at + 16);
      b.writeBigUInt64LE(e.matchAll ?? 0n, at + 24);
    });
    parts.push(b);
  });
  return Buffer.concat(parts);
}
