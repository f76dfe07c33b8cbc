// Builds a large .etl for benchmarks, deterministically and without committed data:
// the header buffer of a corpus trace once, then its data buffers repeated with every
// record's timestamp shifted by one trace span per copy and sequence numbers renumbered.
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRecord, RecordDamage } from '../dist/etw/etl/event-header.js';

/** Offsets of the raw timestamp inside each record of one buffer, relative to the buffer. */
function timestampOffsets(buf, filled) {
  const out = [];
  let pos = 0x48;
  while (pos + 8 <= filled) {
    const r = readRecord(buf, pos, filled, { cpu: 0, loggerId: 0, fileIndex: 0, bufferOffset: 0, compressed: false });
    if (r instanceof RecordDamage) break;
    switch (r.kind) {
      case 'perfinfo': out.push(pos + 0x08); break;
      case 'wpp': {
        const opt = buf.readUInt16LE(pos + 6);
        if (opt & 0x08) out.push(pos + 8 + (opt & 0x01 ? 4 : 0) + (opt & 0x02 ? 16 : opt & 0x04 ? 4 : 0));
        break;
      }
      default: out.push(pos + 0x10);
    }
    pos += (r.size + 7) & ~7;
  }
  return out;
}

/**
 * Write `target` of at least `minBytes` from the uncompressed `source`. Returns facts about it.
 * Reuses an existing target of the right size built from the same source.
 */
export function makeBigEtl(source, target, minBytes) {
  if (existsSync(target) && statSync(target).size >= minBytes && existsSync(target + '.src') &&
      readFileSync(target + '.src', 'utf8') === `${source}\n${minBytes}`) {
    return { path: target, bytes: statSync(target).size, reused: true };
  }
  const src = readFileSync(source);
  const buffers = [];
  for (let off = 0; off + 0x48 <= src.length;) {
    const size = src.readUInt32LE(off);
    if (size < 0x48) break;
    if (src.readUInt16LE(off + 0x34) & 0x40) throw new Error(`${source}: compressed buffers are not supported by the bench generator`);
    buffers.push(src.subarray(off, off + size));
    off += size;
  }
  const [header, ...data] = buffers;
  const stamps = data.map((b) => timestampOffsets(b, b.readUInt32LE(0x30)));
  let min = null, max = null;
  data.forEach((b, i) => stamps[i].forEach((o) => {
    const t = b.readBigInt64LE(o);
    if (min === null || t < min) min = t;
    if (max === null || t > max) max = t;
  }));
  const span = max - min + 1n;
  const perCopy = data.reduce((n, b) => n + b.length, 0);
  const copies = Math.ceil((minBytes - header.length) / perCopy);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = target + '.tmp';
  const fd = openSync(tmp, 'w');
  writeSync(fd, header);
  const work = data.map((b) => Buffer.from(b));
  const maxSeq = data.reduce((m, b) => (b.readBigInt64LE(0x18) > m ? b.readBigInt64LE(0x18) : m), 0n);
  for (let k = 0; k < copies; k++) {
    const shift = span * BigInt(k);
    const chunk = [];
    work.forEach((w, i) => {
      const orig = data[i];
      for (const o of stamps[i]) w.writeBigInt64LE(orig.readBigInt64LE(o) + shift, o);
      w.writeBigInt64LE(orig.readBigInt64LE(0x18) + maxSeq * BigInt(k), 0x18);
      chunk.push(w);
    });
    writeSync(fd, Buffer.concat(chunk));
  }
  closeSync(fd);
  renameSync(tmp, target);
  writeSyncFile(target + '.src', `${source}\n${minBytes}`);
  return { path: target, bytes: statSync(target).size, reused: false, copies };
}

function writeSyncFile(path, text) {
  const fd = openSync(path, 'w');
  writeSync(fd, text);
  closeSync(fd);
}
