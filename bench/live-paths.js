// `node bench/live-paths.js` (after `npm run build`): what report -rt's two ways of reading a
// session cost per record, off Windows, with a libc stand-in for ProcessTrace. ETW calls the
// consumer's callback from ProcessTrace's thread; koffi, which runs ProcessTrace on a worker
// thread, hands every such call to the JavaScript thread. libc's qsort, called the same way
// (koffi async) with a registered comparator, makes the same hop per comparison, so:
//  - per event: one hop per EVENT_RECORD, with the 112-byte record copied in the callback,
//    then the record and its user data (read through its pointer, as the binding does)
//    turned into the reader's record;
//  - per buffer: one hop per buffer, with the buffer (64 KiB) copied in the callback, then
//    each record read by the .etl buffer reader and put in order by the live merge, measured
//    on the data buffers of a corpus trace (diaghub-kernel) delivered processors interleaved.
// Prints one Markdown table. Needs the shared corpus (ETWKIT_SHARED or ../shared).
import koffi from 'koffi';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBufferRecords } from '../dist/etw/etl/buffer-records.js';
import { ClockConverter } from '../dist/etw/etl/clock.js';
import { EtlReader } from '../dist/etw/etl/reader.js';
import { BufferMerge } from '../dist/etw/live/buffer-merge.js';
import { recordFromDelivered } from '../dist/etw/live/delivered-record.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const shared = resolve(process.env.ETWKIT_SHARED ?? join(root, '..', 'shared'));
const trace = join(shared, 'corpus', 'etl', 'diaghub-kernel.etl');
if (!existsSync(trace)) {
  console.error(`live-paths: ${trace} is missing; set ETWKIT_SHARED`);
  process.exit(1);
}

const libc = koffi.load(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6');
const Compare = koffi.proto('int Compare(const void *a, const void *b)');
const qsort = libc.func('void qsort(_Inout_ void *base, size_t n, size_t size, Compare *cmp)');

/** Microseconds per callback of an async qsort over `n` ints whose comparator runs `body`. */
async function perCallback(n, body) {
  let calls = 0;
  const cmp = koffi.register((a, b) => {
    calls++;
    body();
    return koffi.decode(a, 'int') - koffi.decode(b, 'int');
  }, koffi.pointer(Compare));
  const ints = new Int32Array(n).map((_v, i) => (i * 7919) % n);
  const t0 = process.hrtime.bigint();
  await new Promise((done, fail) => qsort.async(ints, n, 4, cmp, (err) => (err ? fail(err) : done())));
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  koffi.unregister(cmp);
  return us / calls;
}

const eventBytes = koffi.alloc('uint8_t', 112);
const bufferBytes = koffi.alloc('uint8_t', 65536);
const copy = (ptr, size) => () => Buffer.from(koffi.decode(ptr, 'uint8_t', size));

/** The trace's data buffers per processor, and the records they hold. */
function traceBuffers() {
  const etl = readFileSync(trace);
  const reader = EtlReader.open([trace]);
  const f = reader.files[0];
  const clock = new ClockConverter(f.header, f.anchorRaw);
  reader.close();
  const buffers = [];
  for (let at = etl.readUInt32LE(0); at + 0x48 <= etl.length;) {
    const size = etl.readUInt32LE(at);
    if (size < 0x48) break;
    buffers.push(Buffer.from(etl.subarray(at, at + size)));
    at += size;
  }
  // Processors interleaved round-robin (each in sequence order), as a live session delivers them.
  const byCpu = new Map();
  for (const b of buffers) {
    const cpu = b.readUInt16LE(0x28) & 0x7ff;
    byCpu.set(cpu, [...(byCpu.get(cpu) ?? []), b]);
  }
  const lists = [...byCpu.values()].map((l) => l.sort((x, y) => Number(x.readBigInt64LE(0x18) - y.readBigInt64LE(0x18))));
  const order = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) order.push(l[i]);
  return { clock, order, processors: byCpu.size };
}

/** µs per record of reading the buffers (and merging them when `merge`), best of 5 passes. */
function perRecord(t, merge) {
  let best = Infinity;
  let records = 0;
  for (let pass = 0; pass < 5; pass++) {
    let out = 0;
    const m = merge ? new BufferMerge({ sessions: ['bench'], onRecord: () => { out++; }, onWarning: () => {}, now: () => 0 }) : null;
    m?.expect(0, t.processors);
    const last = new Map();
    const t0 = process.hrtime.bigint();
    for (const b of t.order) {
      const cpu = b.readUInt16LE(0x28) & 0x7ff;
      if (!last.has(cpu)) last.set(cpu, { lo: 0, hi: 0 });
      const got = [];
      readBufferRecords(b, { fileIndex: 0, clock: t.clock, last: last.get(cpu), onRecord: m ? (r) => got.push(r) : () => { out++; }, onDamage: () => {} });
      m?.add(0, cpu, Number(b.readBigInt64LE(0x18)), got, b.length);
    }
    m?.flush();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000);
    records = out;
  }
  return { us: best / records, records, perBuffer: best / t.order.length };
}

/** µs per EVENT_RECORD turned into a record (user data read through its pointer), best of 5 passes over the trace's records. */
function perEventRecord(t) {
  const sizes = [];
  for (const b of t.order) readBufferRecords(b, { fileIndex: 0, clock: t.clock, last: { lo: 0, hi: 0 }, onRecord: (r) => sizes.push(r.payloadSize), onDamage: () => {} });
  const payload = koffi.alloc('uint8_t', 65536);
  const address = BigInt(koffi.address(payload));
  const read = (at, length) => {
    const holder = Buffer.alloc(8);
    holder.writeBigUInt64LE(at);
    return Buffer.from(koffi.decode(koffi.decode(holder, 'void *'), 'uint8_t', length));
  };
  const events = sizes.map((size, i) => {
    const e = Buffer.alloc(112);
    e.writeUInt16LE(0x0040, 4); // 64-bit header
    e.writeBigInt64LE(133500000000000000n + BigInt(i), 16);
    e.writeUInt16LE(size, 86);
    e.writeBigUInt64LE(address, 96);
    return e;
  });
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = process.hrtime.bigint();
    for (const e of events) recordFromDelivered({ record: Buffer.from(e), read }, 133500000000000000n);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000);
  }
  return best / events.length;
}

const hopEvent = await perCallback(20000, copy(eventBytes, 112));
const hopBuffer = await perCallback(20000, copy(bufferBytes, 65536));
const t = traceBuffers();
const read = perRecord(t, false);
const merged = perRecord(t, true);
const convert = perEventRecord(t);
const perBufferRecords = read.records / t.order.length;
const f = (n) => n.toFixed(2);
console.log(`| path | µs per callback | µs per record | records/s (one core) |`);
console.log(`|---|---:|---:|---:|`);
console.log(`| per event (OpenTraceW): hop + 112-byte copy | ${f(hopEvent)} | ${f(hopEvent)} | |`);
console.log(`| per event: EVENT_RECORD + user data to record | | ${f(convert)} | |`);
console.log(`| per event, all | | ${f(hopEvent + convert)} | ${Math.round(1e6 / (hopEvent + convert)).toLocaleString('en')} |`);
console.log(`| per buffer: hop + 64 KiB copy | ${f(hopBuffer)} | ${f(hopBuffer / perBufferRecords)} (${Math.round(perBufferRecords)} records/buffer) | |`);
console.log(`| per buffer: records read (buffer reader) | | ${f(read.us)} | |`);
console.log(`| per buffer: records read + live merge | | ${f(merged.us)} | |`);
console.log(`| per buffer, all (hop + copy + read + merge) | | ${f(hopBuffer / perBufferRecords + merged.us)} | ${Math.round(1e6 / (hopBuffer / perBufferRecords + merged.us)).toLocaleString('en')} |`);
console.log(`\n${t.order.length} buffers of ${t.processors} processors, ${read.records} records (diaghub-kernel); merge cost ${f(merged.us - read.us)} µs per record`);
