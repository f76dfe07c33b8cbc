// Builds a large .etl for benchmarks, deterministically and without committed data:
// the header buffer of an (uncompressed) corpus trace once, then the records of its
// data buffers repeated per processor with every timestamp shifted by one trace span
// per copy, packed into full buffers of the trace's own size with fresh sequence numbers.
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRecord, RecordDamage } from '../dist/etw/etl/event-header.js';

/** Offset of the raw timestamp inside a record, or -1 when it has none. */
function timestampOffset(buf, pos, kind) {
  if (kind === 'perfinfo') return 0x08;
  if (kind !== 'wpp') return 0x10;
  const opt = buf.readUInt16LE(pos + 6);
  if (!(opt & 0x08)) return -1;
  return 8 + (opt & 0x01 ? 4 : 0) + (opt & 0x02 ? 16 : opt & 0x04 ? 4 : 0);
}

/** Records of the data buffers, per processor in sequence order: {bytes, tsAt}. */
function recordsByCpu(src, source) {
  const buffers = [];
  for (let off = 0; off + 0x48 <= src.length;) {
    const size = src.readUInt32LE(off);
    if (size < 0x48) break;
    if (src.readUInt16LE(off + 0x34) & 0x40) throw new Error(`${source}: compressed buffers are not supported by the bench generator`);
    buffers.push(src.subarray(off, off + size));
    off += size;
  }
  const [header, ...data] = buffers;
  data.sort((a, b) => Number(a.readBigInt64LE(0x18) - b.readBigInt64LE(0x18)));
  const byCpu = new Map();
  for (const b of data) {
    const cpu = b.readUInt16LE(0x28);
    if (!byCpu.has(cpu)) byCpu.set(cpu, { template: Buffer.from(b.subarray(0, 0x48)), records: [] });
    const filled = b.readUInt32LE(0x30);
    for (let pos = 0x48; pos + 8 <= filled;) {
      const r = readRecord(b, pos, filled, { cpu, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false });
      if (r instanceof RecordDamage) break;
      byCpu.get(cpu).records.push({ bytes: Buffer.from(b.subarray(pos, pos + r.size)), tsAt: timestampOffset(b, pos, r.kind) });
      pos += (r.size + 7) & ~7;
    }
  }
  return { header, bufferSize: header.readUInt32LE(0x48 + 0x20), byCpu };
}

/**
 * Write `target` of at least `minBytes` from the uncompressed `source`. Returns facts about it.
 * Reuses an existing target built from the same source and size.
 */
export function makeBigEtl(source, target, minBytes) {
  const stamp = `${source}\n${minBytes}\npacked-v1`;
  if (existsSync(target) && existsSync(target + '.src') && readFileSync(target + '.src', 'utf8') === stamp) {
    return { path: target, bytes: statSync(target).size, reused: true };
  }
  const { header, bufferSize, byCpu } = recordsByCpu(readFileSync(source), source);
  let min = null, max = null;
  for (const { records } of byCpu.values()) for (const r of records) {
    if (r.tsAt < 0) continue;
    const t = r.bytes.readBigInt64LE(r.tsAt);
    if (min === null || t < min) min = t;
    if (max === null || t > max) max = t;
  }
  const span = max - min + 1n;
  mkdirSync(dirname(target), { recursive: true });
  const tmp = target + '.tmp';
  const fd = openSync(tmp, 'w');
  writeSync(fd, header);
  let written = header.length;
  let seq = 1n;
  const streams = [...byCpu.entries()].map(([cpu, s]) => ({ cpu, ...s, buf: Buffer.alloc(bufferSize, 0xff), pos: 0x48 }));
  const flushBuffer = (s) => {
    const b = s.buf;
    s.template.copy(b, 0, 0, 0x48);
    b.writeUInt32LE(bufferSize, 0);
    b.writeUInt32LE(s.pos, 0x04);
    b.writeUInt32LE(s.pos, 0x08);
    b.writeBigInt64LE(seq++, 0x18);
    b.writeUInt32LE(s.pos, 0x30);
    b.writeUInt16LE(b.readUInt16LE(0x34) & ~0x0001, 0x34);
    writeSync(fd, b);
    written += b.length;
    b.fill(0xff);
    s.pos = 0x48;
  };
  for (let k = 0n; written < minBytes; k++) {
    const shift = span * k;
    for (const s of streams) {
      for (const r of s.records) {
        const len = r.bytes.length;
        if (s.pos + ((len + 7) & ~7) > bufferSize) flushBuffer(s);
        r.bytes.copy(s.buf, s.pos);
        if (r.tsAt >= 0) s.buf.writeBigInt64LE(r.bytes.readBigInt64LE(r.tsAt) + shift, s.pos + r.tsAt);
        s.buf.fill(0, s.pos + len, s.pos + ((len + 7) & ~7));
        s.pos += (len + 7) & ~7;
      }
    }
  }
  for (const s of streams) if (s.pos > 0x48) flushBuffer(s);
  closeSync(fd);
  renameSync(tmp, target);
  writeFileSync(target + '.src', stamp);
  return { path: target, bytes: statSync(target).size, reused: false };
}
