/**
 * The EVENT_RECORD that TDH calls taking an event need when no real event is at
 * hand (TdhGetEventMapInformation for a schema looked up by descriptor): an
 * EVENT_HEADER naming the provider and the event descriptor, everything else
 * zero, no user data. Layout (etw-win32-api.md §9, the same on every Windows):
 * EVENT_HEADER 80 bytes — Size @0, Flags @4, ProviderId @24, EventDescriptor @40
 * — then the buffer context @80, ExtendedDataCount @84, UserDataLength @86 and
 * three pointers (ExtendedData, UserData, UserContext): 112 bytes on 64-bit
 * Windows, 104 on 32-bit.
 */
import { Guid } from './guid.js';

export const EVENT_HEADER_SIZE = 80;
export const EVENT_DESCRIPTOR_SIZE = 16;
export const EVENT_RECORD_SIZE_X64 = 112;
export const EVENT_RECORD_SIZE_X86 = 104;
const EVENT_HEADER_FLAG_32_BIT_HEADER = 0x20;
const EVENT_HEADER_FLAG_64_BIT_HEADER = 0x40;

/** The values of an EVENT_DESCRIPTOR (16 bytes): Id @0, Version @2, Channel @3, Level @4, Opcode @5, Task @6, Keyword @8. */
export interface EventDescriptor {
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  keyword: bigint;
}

export function encodeEventDescriptor(d: EventDescriptor): Buffer {
  const b = Buffer.alloc(EVENT_DESCRIPTOR_SIZE);
  b.writeUInt16LE(d.id, 0);
  b.writeUInt8(d.version, 2);
  b.writeUInt8(d.channel, 3);
  b.writeUInt8(d.level, 4);
  b.writeUInt8(d.opcode, 5);
  b.writeUInt16LE(d.task, 6);
  b.writeBigUInt64LE(d.keyword, 8);
  return b;
}

export function decodeEventDescriptor(b: Buffer, at = 0): EventDescriptor {
  return {
    id: b.readUInt16LE(at), version: b.readUInt8(at + 2), channel: b.readUInt8(at + 3), level: b.readUInt8(at + 4),
    opcode: b.readUInt8(at + 5), task: b.readUInt16LE(at + 6), keyword: b.readBigUInt64LE(at + 8),
  };
}

/** An EVENT_RECORD for `provider` and the 16-byte `descriptor`, for this process's pointer size. */
export function eventRecordFor(provider: Guid, descriptor: Buffer, pointerSize: 4 | 8 = process.arch === 'ia32' ? 4 : 8): Buffer {
  const b = Buffer.alloc(pointerSize === 8 ? EVENT_RECORD_SIZE_X64 : EVENT_RECORD_SIZE_X86);
  b.writeUInt16LE(EVENT_HEADER_SIZE, 0);
  b.writeUInt16LE(pointerSize === 8 ? EVENT_HEADER_FLAG_64_BIT_HEADER : EVENT_HEADER_FLAG_32_BIT_HEADER, 4);
  provider.toBytes().copy(b, 24);
  descriptor.copy(b, 40, 0, EVENT_DESCRIPTOR_SIZE);
  return b;
}

/** The descriptors of a PROVIDER_EVENT_INFO (NumberOfEvents @0, Reserved @4, EVENT_DESCRIPTOR[] @8), each as its 16 bytes. */
export function providerEventDescriptors(info: Buffer): Buffer[] {
  if (info.length < 8) return [];
  const count = info.readUInt32LE(0);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * EVENT_DESCRIPTOR_SIZE;
    if (at + EVENT_DESCRIPTOR_SIZE > info.length) break;
    out.push(Buffer.from(info.subarray(at, at + EVENT_DESCRIPTOR_SIZE)));
  }
  return out;
}

/**
 * Where an EVENT_RECORD delivered to a consumer keeps what follows its header:
 * BufferContext @80 (ProcessorNumber u8 and Alignment u8, or ProcessorIndex u16
 * under EVENT_HEADER_FLAG_PROCESSOR_INDEX; LoggerId u16 @82), ExtendedDataCount
 * @84, UserDataLength @86, then three pointers: ExtendedData, UserData, UserContext.
 */
export interface EventRecordLayout {
  pointerSize: 4 | 8;
  size: number;
  extendedData: number;
  userData: number;
  userContext: number;
}

export const EVENT_RECORD_X64: EventRecordLayout = { pointerSize: 8, size: EVENT_RECORD_SIZE_X64, extendedData: 88, userData: 96, userContext: 104 };
export const EVENT_RECORD_X86: EventRecordLayout = { pointerSize: 4, size: EVENT_RECORD_SIZE_X86, extendedData: 88, userData: 92, userContext: 96 };

export function hostEventRecordLayout(arch: string = process.arch): EventRecordLayout {
  return arch === 'ia32' ? EVENT_RECORD_X86 : EVENT_RECORD_X64;
}

/**
 * EVENT_HEADER_EXTENDED_DATA_ITEM, 16 bytes on every Windows: Reserved1 u16 @0,
 * ExtType u16 @2, a u16 @4 whose bit 0 is Linkage, DataSize u16 @6, DataPtr
 * (a ULONGLONG even in 32-bit processes) @8. ExtendedData points to an array of them.
 */
export const EXTENDED_DATA_ITEM_SIZE = 16;
