/**
 * EVENT_RECORDs as a real-time consumer's callback receives them, built from the
 * same EventSpec the .etl builder takes (etl-builder.ts), so one list of events
 * can be written into a synthetic .etl file and delivered live. Pointers
 * (ExtendedData, UserData, each item's DataPtr) are addresses in a fake address
 * space whose `read` copies the bytes, as the koffi binding's does.
 */
import type { DeliveredEventRecord } from '../../src/etw/control/api/etw-api.js';
import { EXTENDED_DATA_ITEM_SIZE, hostEventRecordLayout, type EventRecordLayout } from '../../src/etw/control/api/event-record.js';
import { writeGuid } from '../../src/etw/etl/bytes.js';
import type { EventSpec } from './etl-builder.js';

/** Blocks of bytes at made-up addresses. */
export class FakeMemory {
  private readonly blocks = new Map<bigint, Buffer>();

  /** Addresses from `next` on: a 64-bit process's by default; below 4 GiB for a 32-bit one. */
  constructor(private next = 0x7ff6_0001_0000n) {}

  put(bytes: Buffer): bigint {
    if (bytes.length === 0) return 0n;
    const at = this.next;
    this.next += BigInt((bytes.length + 0xfff) & ~0xfff) + 0x1000n;
    this.blocks.set(at, Buffer.from(bytes));
    return at;
  }

  read = (address: bigint, length: number): Buffer => {
    if (length === 0) return Buffer.alloc(0);
    const block = this.blocks.get(address);
    if (block === undefined || length > block.length) throw new Error(`fake memory: no ${length} bytes at 0x${address.toString(16)}`);
    return Buffer.from(block.subarray(0, length));
  };
}

export interface DeliveryOptions {
  memory?: FakeMemory;
  layout?: EventRecordLayout;
  /** BufferContext.LoggerId. */
  loggerId?: number;
  /** UserContext (the consumer's Context; the fake ETW sets it per consumer). */
  context?: number;
}

/** The EVENT_RECORD ETW would deliver for `e` (its `raw` time as the delivered TimeStamp). */
export function deliveredEvent(e: EventSpec, o: DeliveryOptions = {}): DeliveredEventRecord {
  const layout = o.layout ?? hostEventRecordLayout();
  const memory = o.memory ?? new FakeMemory(layout.pointerSize === 4 ? 0x0100_0000n : undefined);
  const b = Buffer.alloc(layout.size);
  const ext = e.extended ?? [];
  const header32 = e.headerType === 0x12;
  b.writeUInt16LE(0x50, 0);
  b.writeUInt16LE((e.flags ?? 0) | (ext.length > 0 ? 0x0001 : 0) | (header32 ? 0x0020 : 0x0040), 4);
  b.writeUInt16LE(e.eventProperty ?? 0, 6);
  b.writeUInt32LE(e.tid ?? 200, 8);
  b.writeUInt32LE(e.pid ?? 100, 12);
  b.writeBigInt64LE(e.raw, 16);
  writeGuid(b, 24, e.provider);
  b.writeUInt16LE(e.id ?? 0, 40);
  b[42] = e.version ?? 0;
  b[43] = e.channel ?? 0;
  b[44] = e.level ?? 0;
  b[45] = e.opcode ?? 0;
  b.writeUInt16LE(e.task ?? 0, 46);
  b.writeBigUInt64LE(e.keywords ?? 0n, 48);
  if (e.activityId) writeGuid(b, 64, e.activityId);
  b[80] = e.cpu ?? 0;
  b.writeUInt16LE(o.loggerId ?? 0x11, 82);
  b.writeUInt16LE(ext.length, 84);
  const payload = e.payload ?? Buffer.alloc(0);
  b.writeUInt16LE(payload.length, 86);
  const writePointer = (at: number, v: bigint) => (layout.pointerSize === 8 ? b.writeBigUInt64LE(v, at) : b.writeUInt32LE(Number(v), at));
  if (ext.length > 0) {
    const items = Buffer.alloc(ext.length * EXTENDED_DATA_ITEM_SIZE);
    ext.forEach(([type, data], i) => {
      const at = i * EXTENDED_DATA_ITEM_SIZE;
      items.writeUInt16LE(type, at + 2);
      items.writeUInt16LE(i < ext.length - 1 ? 1 : 0, at + 4);
      items.writeUInt16LE(data.length, at + 6);
      items.writeBigUInt64LE(memory.put(data), at + 8);
    });
    writePointer(layout.extendedData, memory.put(items));
  }
  writePointer(layout.userData, memory.put(payload));
  writePointer(layout.userContext, BigInt(o.context ?? 0));
  return { record: b, read: memory.read };
}
