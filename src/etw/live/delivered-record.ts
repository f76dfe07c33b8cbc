/**
 * An EVENT_RECORD delivered by a real-time session (docs/architecture.md F14),
 * turned into the EtlRecord the file reader yields for the same event
 * (etl/record.ts), so the same decoder and sinks handle it. EVENT_HEADER events keep every header field, the extended
 * data items (each read through its DataPtr) and the user data; classic events
 * (EVENT_HEADER_FLAG_CLASSIC_HEADER) become `trace` records, or `system` records
 * with their hook id when the class is a kernel group's; TRACE_MESSAGE events
 * become `wpp` records. ETW delivers the timestamp as a FILETIME (etwkit does
 * not ask for raw timestamps), so the raw time is that FILETIME too.
 * Everything is copied: the record outlives the callback.
 */
import type { DeliveredEventRecord } from '../control/api/etw-api.js';
import { EVENT_RECORD_X64, EVENT_RECORD_X86, EXTENDED_DATA_ITEM_SIZE } from '../control/api/event-record.js';
import { isZeroGuid, readGuid } from '../etl/bytes.js';
import { extendedItem } from '../etl/extended-data.js';
import { kernelGroupOf } from '../etl/kernel-groups.js';
import { EventHeaderFlag, type EtlRecord, type ExtendedItem, type HeaderKind } from '../etl/record.js';

const align8 = (n: number) => (n + 7) & ~7;

/**
 * The EtlRecord of one delivered EVENT_RECORD. `epoch` is the FILETIME time keys count
 * from (the earliest session start); `fileIndex` is the session's index in the run,
 * which etwkit passes as the consumer's Context and ETW returns as UserContext.
 */
export function recordFromDelivered(ev: DeliveredEventRecord, epoch: bigint, consumerPointerSize: 4 | 8 = process.arch === 'ia32' ? 4 : 8): EtlRecord {
  const b = ev.record;
  const layout = consumerPointerSize === 8 ? EVENT_RECORD_X64 : EVENT_RECORD_X86;
  const readPointer = (at: number) => (layout.pointerSize === 8 ? b.readBigUInt64LE(at) : BigInt(b.readUInt32LE(at)));
  const flags = b.readUInt16LE(4);
  // The event's own pointer size (a 32-bit process may log into a session a 64-bit consumer reads).
  const pointerSize: 4 | 8 = flags & EventHeaderFlag.HEADER_32_BIT ? 4 : flags & EventHeaderFlag.HEADER_64_BIT ? 8 : consumerPointerSize;
  const providerId = readGuid(b, 24);
  const time = b.readBigInt64LE(16);

  const extended: ExtendedItem[] = [];
  let extendedBytes = 0;
  const count = b.readUInt16LE(84);
  if (count > 0) {
    const items = ev.read(readPointer(layout.extendedData), count * EXTENDED_DATA_ITEM_SIZE);
    for (let i = 0; i + EXTENDED_DATA_ITEM_SIZE <= items.length; i += EXTENDED_DATA_ITEM_SIZE) {
      const size = items.readUInt16LE(i + 6);
      extended.push(extendedItem(items.readUInt16LE(i + 2), ev.read(items.readBigUInt64LE(i + 8), size)));
      extendedBytes += 8 + align8(size);
    }
  }
  const payload = ev.read(readPointer(layout.userData), b.readUInt16LE(86));

  let kind: HeaderKind = 'event';
  let headerType = pointerSize === 4 ? 0x12 : 0x13;
  let hookId: number | null = null;
  const classic = (flags & EventHeaderFlag.CLASSIC_HEADER) !== 0;
  const group = classic ? kernelGroupOf(providerId) : null;
  const opcode = b[45]!;
  if (flags & EventHeaderFlag.TRACE_MESSAGE) {
    kind = 'wpp';
    headerType = 0;
  } else if (group !== null) {
    kind = 'system';
    headerType = pointerSize === 4 ? 0x01 : 0x02;
    hookId = (group << 8) | opcode;
  } else if (classic) {
    kind = 'trace';
    headerType = pointerSize === 4 ? 0x0a : 0x14;
  }
  const id = b.readUInt16LE(40);
  const instanceItem = extended.find((e) => e.type === 4 && e.value !== null);
  const record: EtlRecord = {
    kind, headerType, pointerSize,
    size: (kind === 'event' ? 0x50 : kind === 'system' ? 0x20 : kind === 'trace' ? 0x30 : 8) + extendedBytes + payload.length,
    rawTime: time, fileTime: time, timeKey: Number(time - epoch), rawTimeNumber: Number(time),
    providerId,
    id: kind === 'event' || kind === 'wpp' ? id : null,
    version: b[42]!,
    channel: kind === 'event' ? b[43]! : null,
    level: b[44]!,
    opcode: kind === 'wpp' ? null : opcode,
    task: kind === 'event' ? b.readUInt16LE(46) : null,
    keywords: kind === 'event' ? b.readBigUInt64LE(48) : null,
    hookId,
    pid: b.readUInt32LE(12), tid: b.readUInt32LE(8),
    cpu: flags & EventHeaderFlag.PROCESSOR_INDEX ? b.readUInt16LE(80) : b[80]!,
    loggerId: b.readUInt16LE(82),
    flags, eventProperty: kind === 'event' ? b.readUInt16LE(6) : 0,
    activityId: kind === 'event' && !isZeroGuid(b, 64) ? readGuid(b, 64) : null,
    kernelTime: kind === 'wpp' ? null : b.readUInt32LE(56),
    userTime: kind === 'wpp' ? null : b.readUInt32LE(60),
    pebsIndex: null, pmcCounters: null,
    instance: (instanceItem?.value as EtlRecord['instance'] | undefined) ?? null,
    wpp: kind === 'wpp' ? { messageNumber: id, optionFlags: 0, sequence: null, componentId: null, messageGuid: providerId } : null,
    extended,
    payload, payloadSize: payload.length,
    fileIndex: Number(readPointer(layout.userContext)),
    bufferOffset: 0, offsetInBuffer: 0, fileOffset: 0, compressed: false,
  };
  return record;
}
