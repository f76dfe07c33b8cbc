/**
 * Built-in NT kernel classes: memory events: page faults (and hard faults with their file offsets),
 * virtual allocations, heap ranges, and pool allocations and snapshots.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const PAGE_FAULT: KernelClass = kernelClass('PageFault', '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c', [
  [2, { 10: 'TransitionFault', 11: 'DemandZeroFault', 12: 'CopyOnWrite', 13: 'GuardPageFault', 14: 'HardPageFault', 15: 'AccessViolation' }, // PageFault_TypeGroup1
    'VirtualAddress:ptr ProgramCounter:ptr'],
  [2, { 32: 'HardFault' }, // PageFault_HardFault
    'InitialTime:time ReadOffset:x64 VirtualAddress:ptr FileObject:ptr TThreadId:x32 ByteCount:u32'],
  [2, { 100: 'HRRundown' }, // PageFault_HeapRangeRundown_V2
    'HeapHandle:ptr HRFlags:x32 HRPid:x32 HRRangeCount:u32'],
  [2, { 101: 'HRCreate' }, // PageFault_HeapRangeCreate
    'HeapHandle:ptr FirstRangeSize:sizet HRCreateFlags:x32'],
  [2, { 102: 'HRReserve', 103: 'HRRelease' }, // PageFault_HeapRangeTypeGroup
    'HeapHandle:ptr HRAddress:ptr HRSize:sizet'],
  [2, { 104: 'HRDestroy' }, // PageFault_HeapRangeDestroy
    'HeapHandle:ptr'],
  [2, { 105: 'ImageLoadBacked' }, // PageFault_ImageLoadBacked
    'FileObject:ptr DeviceChar:x32 FileChar:x16 LoadFlags:x16'],
  [2, { 98: 'VirtualAlloc', 99: 'VirtualFree' }, // PageFault_VirtualAlloc
    'BaseAddress:ptr RegionSize:sizet ProcessId:u32 Flags:x32'],
  [2, { 128: 'VirtualAllocDCStart', 129: 'VirtualAllocDCEnd' }, // PageFault_VirtualAllocRundown
    'BaseAddress:ptr RegionSize:sizet ProcessId:u32 Flags:x32 CommitSizeInBytes:sizet'],
  [2, { 127: 'VirtualRotate' }, // PageFault_VirtualRotate
    'BaseAddress:ptr SizeInBytes:sizet Flags:u32'],
  [2, { 134: 'MemResetInfo' }, // PageFault_MemReset
    'BaseAddress:ptr SizeInBytes:sizet Flags:u32'],
  [4, { 100: 'HRRundown' }, // PageFault_HeapRangeRundown_V4
    'HeapHandle:ptr HRFlags:x32 HRPid:x32 HRRangeCount:u32 HRHeapTag:u64'],
  [3, { 100: 'HRRundown' }, // PageFault_HeapRangeRundown_V3
    'HeapHandle:ptr HRFlags:x32 HRPid:x32 HRRangeCount:u32 Reserved:u32'],
]);

export const POOL: KernelClass = kernelClass('Pool', '0268a8b6-74fd-4302-9dd0-6e8f1795c0cf', [
  [2, { 32: 'PoolAllocation', 34: 'PoolFree' }, // PoolAllocFree
    'Type:u32 Tag:x32 NumberOfBytes:sizet Entry:ptr'],
  [2, { 33: 'SessionPoolAllocation', 35: 'SessionPoolFree' }, // SessionPoolAllocFree
    'Type:u32 Tag:x32 NumberOfBytes:sizet Entry:ptr SessionId:u32'],
  [2, { 40: 'PoolSnapDCStart', 41: 'PoolSnapDCEnd', 42: 'BigPoolSnapDCStart', 43: 'BigPoolSnapDCEnd', 44: 'SessionPoolSnapDCStart', 45: 'SessionPoolSnapDCEnd', 46: 'SessionBigPoolSnapDCStart', 47: 'SessionBigPoolSnapDCEnd' }, // PoolSnapshot
    ''],
]);
