/**
 * The EVTX file structure, checked byte by byte by a walker written here from
 * the format's documented layout (not by the writer's own code): the file
 * header and its CRC, each chunk's header, record ranges, free-space offset,
 * both CRCs, the common-string and template tables, and every record's frame
 * (signature, size at both ends, identifiers 1..N in order). CRCs are computed
 * with a table-driven CRC-32 of our own. Also: templates are shared by the
 * records of a shape, and events too large for a chunk are shortened or
 * dropped with a warning, never silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EtlRecord } from '../../../src/etw/etl/record.js';
import { EvtxSink } from '../../../src/etw/render/evtx/evtx-sink.js';
import { OutputFile } from '../../../src/etw/render/output-file.js';
import type { DecodedPayload } from '../../../src/etw/schema/types.js';
import { emptyPayload } from '../../../src/etw/schema/types.js';
import { etlPath, haveCorpus } from '../../support/corpus.js';
import { reportInProcess, scratchDir } from '../report-run.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (const byte of p) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The name hash as MS-EVEN6 describes it: hash * 65599 + character, over the UTF-16 code units, low 16 bits. */
function hash(name: string): number {
  let h = 0n;
  for (const ch of name) for (let i = 0; i < ch.length; i++) h = (h * 65599n + BigInt(ch.charCodeAt(i))) & 0xffffffffn;
  return Number(h & 0xffffn);
}

interface Walked {
  chunks: number;
  records: number;
  /** Per chunk: records, template definitions. */
  perChunk: Array<{ records: number; templates: number }>;
}

/** Walk a whole EVTX file, asserting the layout; returns its counts. */
function walk(file: Buffer): Walked {
  expect(file.subarray(0, 8).toString('latin1')).toBe('ElfFile\0');
  const chunks = file.readUInt16LE(42);
  expect(file.length).toBe(4096 + chunks * 65536);
  expect(file.readBigUInt64LE(8)).toBe(0n);
  expect(file.readBigUInt64LE(16)).toBe(BigInt(Math.max(0, chunks - 1)));
  expect(file.readUInt32LE(32)).toBe(128);
  expect([file.readUInt16LE(38), file.readUInt16LE(36)]).toEqual([3, 1]);
  expect(file.readUInt16LE(40)).toBe(4096);
  expect(file.readUInt32LE(120)).toBe(0);
  expect(file.readUInt32LE(124)).toBe(crc([file.subarray(0, 120)]));
  let nextId = 1n;
  const perChunk: Walked['perChunk'] = [];
  for (let k = 0; k < chunks; k++) {
    const c = file.subarray(4096 + k * 65536, 4096 + (k + 1) * 65536);
    expect(c.subarray(0, 8).toString('latin1')).toBe('ElfChnk\0');
    const first = c.readBigUInt64LE(24);
    const last = c.readBigUInt64LE(32);
    expect([c.readBigUInt64LE(8), c.readBigUInt64LE(16)]).toEqual([first, last]);
    expect(first).toBe(nextId);
    expect(c.readUInt32LE(40)).toBe(128);
    const lastOffset = c.readUInt32LE(44);
    const free = c.readUInt32LE(48);
    expect(c.readUInt32LE(52)).toBe(crc([c.subarray(512, free)]));
    expect(c.readUInt32LE(124)).toBe(crc([c.subarray(0, 120), c.subarray(128, 512)]));
    expect(c.subarray(free).every((b) => b === 0)).toBe(true);
    let at = 512;
    let lastStart = -1;
    let records = 0;
    while (at < free) {
      expect(c.readUInt32LE(at)).toBe(0x2a2a);
      const size = c.readUInt32LE(at + 4);
      expect(c.readUInt32LE(at + size - 4)).toBe(size);
      expect(c.readBigUInt64LE(at + 8)).toBe(nextId++);
      expect([...c.subarray(at + 24, at + 28)]).toEqual([0x0f, 1, 1, 0]);
      expect(c[at + 28]).toBe(0x0c);
      lastStart = at;
      at += size;
      records++;
    }
    expect(at).toBe(free);
    expect(lastStart).toBe(lastOffset);
    expect(nextId - 1n).toBe(last);
    // Common strings: chains of names by hash % 64, each name's hash as documented.
    for (let b = 0; b < 64; b++) {
      for (let off = c.readUInt32LE(128 + b * 4); off !== 0; off = c.readUInt32LE(off)) {
        const n = c.readUInt16LE(off + 6);
        const name = c.subarray(off + 8, off + 8 + n * 2).toString('utf16le');
        expect(c.readUInt16LE(off + 8 + n * 2)).toBe(0);
        expect(c.readUInt16LE(off + 4)).toBe(hash(name));
        expect(hash(name) % 64).toBe(b);
      }
    }
    // Templates: chains of definitions; each right after its template-instance token, id = first GUID word.
    let templates = 0;
    for (let b = 0; b < 32; b++) {
      for (let off = c.readUInt32LE(384 + b * 4); off !== 0; off = c.readUInt32LE(off)) {
        expect(c[off - 10]).toBe(0x0c);
        expect(c.readUInt32LE(off - 4)).toBe(off);
        expect(c.readUInt32LE(off - 8)).toBe(c.readUInt32LE(off + 4));
        expect(c.readUInt32LE(off - 8) % 32).toBe(b);
        const dataSize = c.readUInt32LE(off + 20);
        expect([...c.subarray(off + 24, off + 28)]).toEqual([0x0f, 1, 1, 0]);
        expect(c[off + 24 + dataSize - 1]).toBe(0x00);
        templates++;
      }
    }
    perChunk.push({ records, templates });
  }
  expect(file.readBigUInt64LE(24)).toBe(nextId);
  return { chunks, records: Number(nextId - 1n), perChunk };
}

describe.skipIf(!haveCorpus)('EVTX layout on corpus files', () => {
  const dir = scratchDir('etwkit-evtx-format-');

  it.each(['perfview-clr-rundown', 'diaghub-kernel'])('%s: header, chunks, tables and records as documented; templates shared', async (stem) => {
    const out = join(dir, `${stem}.evtx`);
    const r = await reportInProcess([etlPath(stem), '-of', 'EVTX', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const jsonl = join(dir, `${stem}.jsonl`);
    await reportInProcess([etlPath(stem), '-of', 'JSONL', '-o', jsonl, '-y', '--quiet']);
    const events = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).length;
    const w = walk(readFileSync(out));
    expect(w.records).toBe(events);
    // A template is defined once per chunk per shape: far fewer definitions than records.
    const defs = w.perChunk.reduce((n, c) => n + c.templates, 0);
    expect(defs).toBeLessThan(w.records / 2);
    if (stem === 'diaghub-kernel') expect(w.chunks).toBeGreaterThan(50);
  });

  it('-of EVTX with no -o writes dumpfile.evtx in the working directory (and the summary)', async () => {
    const cwd = process.cwd();
    const here = scratchDir('etwkit-evtx-default-');
    process.chdir(here);
    try {
      const r = await reportInProcess([etlPath('perfview-clr-rundown'), '-of', 'EVTX']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('dumpfile.evtx');
      expect(walk(readFileSync(join(here, 'dumpfile.evtx'))).records).toBeGreaterThan(0);
      expect(readFileSync(join(here, 'summary.txt'), 'utf8')).toContain('Total Events');
    } finally {
      process.chdir(cwd);
    }
  });
});

/** A minimal ETW event record for driving the sink directly. */
function record(id: number, payload: Buffer, fileTime: bigint): EtlRecord {
  return {
    kind: 'event', headerType: 0, pointerSize: 8, size: 0, rawTime: fileTime, fileTime, timeKey: 0, rawTimeNumber: 0,
    providerId: '11111111-2222-3333-4444-555555555555', id, version: 0, channel: 0, level: 4, opcode: 0, task: 0, keywords: 0n,
    hookId: null, pid: 1, tid: 2, cpu: 0, loggerId: 0, flags: 0, eventProperty: 0, activityId: null, kernelTime: 0, userTime: 0,
    pebsIndex: null, pmcCounters: null, instance: null, wpp: null, extended: [], payload, payloadSize: payload.length,
    fileIndex: 0, bufferOffset: 0, offsetInBuffer: 0, fileOffset: 0, compressed: false,
  } as EtlRecord;
}

describe('EVTX sink: events too large for a chunk', () => {
  it('shortens a value that does not fit, drops an event with too many values, and warns about both', () => {
    const path = join(scratchDir('etwkit-evtx-big-'), 'big.evtx');
    const warnings: string[] = [];
    const sink = new EvtxSink(OutputFile.open(path, { overwrite: true }), { warn: (t) => warnings.push(t) });
    sink.begin({ files: [] });
    const t0 = 132756731820557985n;
    sink.write({ record: record(1, Buffer.alloc(100), t0), decoded: null });
    sink.write({ record: record(2, Buffer.alloc(200_000, 0xab), t0 + 1n), decoded: null });
    const many: DecodedPayload = { ...emptyPayload(), providerName: 'P', fields: [] };
    for (let i = 0; i < 4000; i++) many.fields.push({ name: `field${i}`, value: i, text: String(i) });
    sink.write({ record: record(3, Buffer.alloc(4), t0 + 2n), decoded: many });
    sink.write({ record: record(4, Buffer.alloc(8), t0 + 3n), decoded: null });
    sink.end();
    const w = walk(readFileSync(path));
    expect(w.records).toBe(3);
    expect(warnings).toEqual([
      `${path}: 1 event(s) did not fit in one 64 KiB EVTX chunk; their longest values were shortened`,
      `${path}: 1 event(s) not written: too many values for one 64 KiB EVTX chunk`,
    ]);
  });
});
