/**
 * Builds synthetic .etl files for cases the corpus lacks (32-bit, damage,
 * string-only and Docker events, odd markers). The framing imitates a real
 * sequential session: a HEADER buffer with the log-file header record, then
 * per-CPU buffers with global sequence numbers, flushed in an interleaved order.
 */
import { writeGuid } from '../../src/etw/etl/bytes.js';

export interface BuilderOptions {
  pointerSize?: 4 | 8;
  bufferSize?: number;
  perfFreq?: bigint;
  /** FILETIME of session start. */
  startTime?: bigint;
  /** Raw clock value of the header record (T0). */
  anchorRaw?: bigint;
  clockType?: number;
  cpuSpeedMHz?: number;
  cpus?: number;
  loggerName?: string;
  logFileName?: string;
  logFileMode?: number;
  eventsLost?: number;
  buffersLost?: number;
  timeZoneBias?: number;
}

export interface EventSpec {
  cpu?: number;
  raw: bigint;
  provider: string;
  id?: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keywords?: bigint;
  pid?: number;
  tid?: number;
  flags?: number;
  eventProperty?: number;
  activityId?: string;
  /** Extended items: [type, data]. */
  extended?: Array<[number, Buffer]>;
  payload?: Buffer;
  /** 0x12 for a 32-bit header; default 0x13. */
  headerType?: number;
}

export interface SystemSpec {
  cpu?: number;
  raw: bigint;
  hookId: number;
  version?: number;
  pid?: number;
  tid?: number;
  payload?: Buffer;
  /** 0x01/0x02 full, 0x03/0x04 compact, 0x10/0x11 perfinfo. Default 0x02. */
  headerType?: number;
}

export interface ClassicSpec {
  cpu?: number;
  raw: bigint;
  classGuid: string;
  type: number;
  level?: number;
  version?: number;
  pid?: number;
  tid?: number;
  payload?: Buffer;
  /** 0x0a/0x14 (trace) or 0x0b/0x15 (instance). Default 0x14. */
  headerType?: number;
  instance?: { instanceId: number; parentInstanceId: number; parentGuid: string };
}

export interface WppSpec {
  cpu?: number;
  raw?: bigint;
  messageGuid: string;
  messageNumber: number;
  pid?: number;
  tid?: number;
  args?: Buffer;
  /** Default: GUID | TIMESTAMP | SYSTEMINFO and POINTER64 (or POINTER32 with pointerSize 4), as real traces have. */
  optionFlags?: number;
  /** Width of the message's pointers (its POINTER32 / POINTER64 option). */
  pointerSize?: 4 | 8;
  /** Written when the SEQUENCE option (0x01) is set. */
  sequence?: number;
}

const align8 = (n: number) => (n + 7) & ~7;

export const DEFAULT_START = 133500000000000000n; // 2024-01-20T…Z

export function utf16z(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
}

export class EtlBuilder {
  readonly o: Required<BuilderOptions>;
  private readonly streams = new Map<number, Buffer[]>();
  /** Extra records for the header buffer after the log-file header. */
  private readonly headerExtras: Buffer[] = [];

  constructor(options: BuilderOptions = {}) {
    this.o = {
      pointerSize: 8, bufferSize: 0x2000, perfFreq: 10_000_000n, startTime: DEFAULT_START,
      anchorRaw: 5_000_000_000n, clockType: 1, cpuSpeedMHz: 3000, cpus: 2,
      loggerName: 'SyntheticSession', logFileName: 'C:\\traces\\synthetic.etl', logFileMode: 1,
      eventsLost: 0, buffersLost: 0, timeZoneBias: 0,
      ...options,
    };
  }

  private push(cpu: number, rec: Buffer): this {
    let list = this.streams.get(cpu);
    if (!list) this.streams.set(cpu, (list = []));
    list.push(rec);
    return this;
  }

  /** Add a raw record (already framed) to a CPU stream. */
  raw(cpu: number, rec: Buffer): this {
    return this.push(cpu, rec);
  }

  /** Add a raw record to the header buffer, after the log-file header record. */
  headerRecord(rec: Buffer): this {
    this.headerExtras.push(rec);
    return this;
  }

  event(e: EventSpec): this {
    const ext = e.extended ?? [];
    const extBytes: Buffer[] = [];
    ext.forEach(([type, data], i) => {
      const item = Buffer.alloc(8 + align8(data.length));
      item.writeUInt16LE(item.length, 0);
      item.writeUInt16LE(type, 2);
      item.writeUInt16LE(i < ext.length - 1 ? 1 : 0, 4);
      item.writeUInt16LE(data.length, 6);
      data.copy(item, 8);
      extBytes.push(item);
    });
    const payload = e.payload ?? Buffer.alloc(0);
    const extLen = extBytes.reduce((n, b) => n + b.length, 0);
    const h = Buffer.alloc(0x50);
    h.writeUInt16LE(0x50 + extLen + payload.length, 0);
    h[2] = e.headerType ?? 0x13;
    h[3] = 0xc0;
    h.writeUInt16LE((e.flags ?? 0) | (ext.length ? 1 : 0), 4);
    h.writeUInt16LE(e.eventProperty ?? 0, 6);
    h.writeUInt32LE(e.tid ?? 200, 8);
    h.writeUInt32LE(e.pid ?? 100, 0x0c);
    h.writeBigInt64LE(e.raw, 0x10);
    writeGuid(h, 0x18, e.provider);
    h.writeUInt16LE(e.id ?? 0, 0x28);
    h[0x2a] = e.version ?? 0;
    h[0x2b] = e.channel ?? 0;
    h[0x2c] = e.level ?? 0;
    h[0x2d] = e.opcode ?? 0;
    h.writeUInt16LE(e.task ?? 0, 0x2e);
    h.writeBigUInt64LE(e.keywords ?? 0n, 0x30);
    if (e.activityId) writeGuid(h, 0x40, e.activityId);
    return this.push(e.cpu ?? 0, Buffer.concat([h, ...extBytes, payload]));
  }

  /** A string-only event (EventWriteString). */
  stringEvent(e: Omit<EventSpec, 'payload' | 'flags'> & { text: string; terminate?: boolean }): this {
    const body = Buffer.from(e.text, 'utf16le');
    const payload = e.terminate === false ? body : Buffer.concat([body, Buffer.alloc(2)]);
    return this.event({ ...e, flags: 0x0004, payload });
  }

  system(s: SystemSpec): this {
    return this.push(s.cpu ?? 0, systemRecord(s));
  }

  classic(c: ClassicSpec): this {
    const type = c.headerType ?? 0x14;
    const instance = type === 0x0b || type === 0x15;
    const fixed = instance ? 0x48 : 0x30;
    const payload = c.payload ?? Buffer.alloc(0);
    const h = Buffer.alloc(fixed);
    h.writeUInt16LE(fixed + payload.length, 0);
    h[2] = type;
    h[3] = 0xc0;
    h[4] = c.type;
    h[5] = c.level ?? 0;
    h.writeUInt16LE(c.version ?? 0, 6);
    h.writeUInt32LE(c.tid ?? 200, 8);
    h.writeUInt32LE(c.pid ?? 100, 0x0c);
    h.writeBigInt64LE(c.raw, 0x10);
    writeGuid(h, 0x18, c.classGuid);
    if (instance && c.instance) {
      h.writeUInt32LE(c.instance.instanceId, 0x30);
      h.writeUInt32LE(c.instance.parentInstanceId, 0x34);
      writeGuid(h, 0x38, c.instance.parentGuid);
    }
    return this.push(c.cpu ?? 0, Buffer.concat([h, payload]));
  }

  wpp(w: WppSpec): this {
    const opt = w.optionFlags ?? (w.pointerSize === 4 ? 0x006a : 0x00aa);
    const parts: Buffer[] = [];
    const head = Buffer.alloc(8);
    head[3] = 0x90;
    head.writeUInt16LE(w.messageNumber, 4);
    head.writeUInt16LE(opt, 6);
    parts.push(head);
    if (opt & 0x01) { const q = Buffer.alloc(4); q.writeUInt32LE(w.sequence ?? 0); parts.push(q); }
    if (opt & 0x02) { const g = Buffer.alloc(16); writeGuid(g, 0, w.messageGuid); parts.push(g); } else if (opt & 0x04) parts.push(Buffer.alloc(4));
    if (opt & 0x08) { const t = Buffer.alloc(8); t.writeBigInt64LE(w.raw ?? 0n); parts.push(t); }
    if (opt & 0x20) { const s = Buffer.alloc(8); s.writeUInt32LE(w.tid ?? 200, 0); s.writeUInt32LE(w.pid ?? 100, 4); parts.push(s); }
    parts.push(w.args ?? Buffer.alloc(0));
    const rec = Buffer.concat(parts);
    rec.writeUInt16LE(rec.length, 0);
    return this.push(w.cpu ?? 0, rec);
  }

  /** The log-file header record (SYSTEM32/64, hook 0). */
  logfileHeaderRecord(buffersWritten: number): Buffer {
    const o = this.o;
    const p = o.pointerSize;
    const s = p === 4 ? 0 : 8;
    const fixed = p === 4 ? 0x110 : 0x118;
    const names = Buffer.concat([utf16z(o.loggerName), utf16z(o.logFileName)]);
    const body = Buffer.alloc(fixed);
    body.writeUInt32LE(o.bufferSize, 0);
    body.writeUInt32LE(0x0501000a, 4);
    body.writeUInt32LE(19041, 8);
    body.writeUInt32LE(o.cpus, 0x0c);
    body.writeBigInt64LE(o.startTime + 600_000_000n, 0x10);
    body.writeUInt32LE(156250, 0x18);
    body.writeUInt32LE(0, 0x1c);
    body.writeUInt32LE(o.logFileMode, 0x20);
    body.writeUInt32LE(buffersWritten, 0x24);
    body.writeUInt32LE(1, 0x28);
    body.writeUInt32LE(p, 0x2c);
    body.writeUInt32LE(o.eventsLost, 0x30);
    body.writeUInt32LE(o.cpuSpeedMHz, 0x34);
    body.writeInt32LE(o.timeZoneBias, 0x40 + s);
    Buffer.from('Coordinated Universal Time', 'utf16le').copy(body, 0x44 + s);
    body.writeBigInt64LE(o.startTime - 36_000_000_000n, 0xf0 + s);
    body.writeBigInt64LE(o.perfFreq, 0xf8 + s);
    body.writeBigInt64LE(o.startTime, 0x100 + s);
    body.writeUInt32LE(o.clockType, 0x108 + s);
    body.writeUInt32LE(o.buffersLost, 0x10c + s);
    return systemRecord({ raw: o.anchorRaw, hookId: 0, headerType: p === 4 ? 0x01 : 0x02, pid: 4, tid: 8, payload: Buffer.concat([body, names]) });
  }

  /** Lay out every CPU stream into buffers and the file. `order` decides the flush order of data buffers. */
  build(order: 'interleaved' | 'sequence' = 'interleaved'): Buffer {
    const o = this.o;
    type Pending = { cpu: number; records: Buffer[]; lastRaw: bigint };
    const data: Pending[] = [];
    for (const [cpu, recs] of [...this.streams.entries()].sort((a, b) => a[0] - b[0])) {
      let cur: Pending = { cpu, records: [], lastRaw: 0n };
      let used = 0x48;
      for (const r of recs) {
        if (used + align8(r.length) > o.bufferSize) {
          data.push(cur);
          cur = { cpu, records: [], lastRaw: 0n };
          used = 0x48;
        }
        cur.records.push(r);
        used += align8(r.length);
      }
      if (cur.records.length) data.push(cur);
    }
    // Sequence numbers are global, assigned in per-CPU order; file order interleaves CPUs.
    const seqs = data.map((_, i) => i + 1);
    const fileOrder = order === 'sequence' ? data.map((_, i) => i) : interleave(data.map((d) => d.cpu));
    const header = this.buffer(0, 0n, [this.logfileHeaderRecord(data.length + 1), ...this.headerExtras], 4, 0x0001, 0);
    const out = [header];
    for (const i of fileOrder) out.push(this.buffer(data[i]!.cpu, BigInt(seqs[i]!), data[i]!.records, 0, 0x0020, 0));
    return Buffer.concat(out);
  }

  private buffer(cpu: number, seq: bigint, records: Buffer[], type: number, flags: number, _unused: number): Buffer {
    const b = Buffer.alloc(this.o.bufferSize, 0xff);
    b.fill(0, 0, 0x48);
    let pos = 0x48;
    for (const r of records) {
      r.copy(b, pos);
      b.fill(0, pos + r.length, pos + align8(r.length));
      pos += align8(r.length);
    }
    b.writeUInt32LE(this.o.bufferSize, 0);
    b.writeUInt32LE(pos, 4);
    b.writeUInt32LE(pos, 8);
    b.writeBigInt64LE(seq, 0x18);
    b.writeUInt16LE(cpu, 0x28);
    b.writeUInt16LE(0x11, 0x2a);
    b.writeUInt32LE(3, 0x2c);
    b.writeUInt32LE(pos, 0x30);
    b.writeUInt16LE(flags, 0x34);
    b.writeUInt16LE(type, 0x36);
    return b;
  }
}

/** File order that alternates between CPUs (round-robin over each CPU's buffers, reversed pairs). */
function interleave(cpus: number[]): number[] {
  const byCpu = new Map<number, number[]>();
  cpus.forEach((c, i) => { if (!byCpu.has(c)) byCpu.set(c, []); byCpu.get(c)!.push(i); });
  const lists = [...byCpu.values()].reverse();
  const out: number[] = [];
  for (let k = 0; out.length < cpus.length; k++) for (const l of lists) if (k < l.length) out.push(l[k]!);
  return out;
}

export function systemRecord(s: SystemSpec): Buffer {
  const type = s.headerType ?? 0x02;
  const perf = type === 0x10 || type === 0x11;
  const compact = type === 0x03 || type === 0x04;
  const fixed = perf ? 0x10 : compact ? 0x18 : 0x20;
  const payload = s.payload ?? Buffer.alloc(0);
  const h = Buffer.alloc(fixed);
  h.writeUInt16LE(s.version ?? 2, 0);
  h[2] = type;
  h[3] = 0xc0;
  h.writeUInt16LE(fixed + payload.length, 4);
  h.writeUInt16LE(s.hookId, 6);
  if (perf) {
    h.writeBigInt64LE(s.raw, 8);
  } else {
    h.writeUInt32LE(s.tid ?? 200, 8);
    h.writeUInt32LE(s.pid ?? 100, 0x0c);
    h.writeBigInt64LE(s.raw, 0x10);
  }
  return Buffer.concat([h, payload]);
}
