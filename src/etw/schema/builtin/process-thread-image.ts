/**
 * Built-in NT kernel classes: process, thread and image (module) events: starts, ends and the rundowns
 * (DCStart/DCEnd) every kernel trace begins and ends with, context switches and
 * the other scheduler events, and the loader's events. Image loads (hook group 3,
 * type 10) are filed under the Image class, as the reader presents them.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const PROCESS: KernelClass = kernelClass('Process', '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', [
  [0, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Process_V0_TypeGroup1
    'ProcessId:ptr ParentId:ptr UserSID:sid ImageFileName:astr'],
  [1, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Process_V1_TypeGroup1
    'PageDirectoryBase:ptr ProcessId:x32 ParentId:x32 SessionId:u32 ExitStatus:i32 UserSID:sid '
    + 'ImageFileName:astr'],
  [2, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd', 39: 'Defunct' }, // Process_V2_TypeGroup1
    'UniqueProcessKey:ptr ProcessId:x32 ParentId:x32 SessionId:u32 ExitStatus:i32 UserSID:sid '
    + 'ImageFileName:astr CommandLine:wstr'],
  [2, { 11: 'Terminate' }, // Process_Terminate_TypeGroup1
    'ProcessId:x32'],
  [2, { 32: 'PerfCtr', 33: 'PerfCtrRundown' }, // Process_V2_TypeGroup2
    'ProcessId:x32 PageFaultCount:u32 HandleCount:u32 Reserved:u32 PeakVirtualSize:sizet '
    + 'PeakWorkingSetSize:sizet PeakPagefileUsage:sizet QuotaPeakPagedPoolUsage:sizet '
    + 'QuotaPeakNonPagedPoolUsage:sizet VirtualSize:sizet WorkingSetSize:sizet PagefileUsage:sizet '
    + 'QuotaPagedPoolUsage:sizet QuotaNonPagedPoolUsage:sizet PrivatePageCount:sizet'],
  [2, { 35: 'InSwap' }, // Process_V2_TypeGroup3
    'DirectoryTableBase:ptr ProcessId:x32'],
  [2, { 48: 'WakeChargeUser', 49: 'WakeChargeExecution', 50: 'WakeChargeKernel', 51: 'WakeChargeInstrumentation', 52: 'WakeChargePreserveProcess', 64: 'WakeReleaseUser', 65: 'WakeReleaseExecution', 66: 'WakeReleaseKernel', 67: 'WakeReleaseInstrumentation', 68: 'WakeReleasePreserveProcess', 80: 'WakeDropUser', 81: 'WakeDropExecution', 82: 'WakeDropKernel', 83: 'WakeDropInstrumentation', 84: 'WakeDropPreserveProcess' }, // Process_V2_TypeGroup4
    'Object:ptr Tag:ptr ProcessId:x32 Count:u32'],
  [2, { 96: 'WakeEventUser', 97: 'WakeEventExecution', 98: 'WakeEventKernel', 99: 'WakeEventInstrumentation' }, // Process_V2_TypeGroup5
    'Object:ptr'],
  [3, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd', 39: 'Defunct' }, // Process_V3_TypeGroup1
    'UniqueProcessKey:ptr ProcessId:x32 ParentId:x32 SessionId:u32 ExitStatus:i32 DirectoryTableBase:ptr '
    + 'UserSID:sid ImageFileName:astr CommandLine:wstr'],
  [4, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd', 39: 'Defunct' }, // Process_V4_TypeGroup1
    'UniqueProcessKey:ptr ProcessId:x32 ParentId:x32 SessionId:u32 ExitStatus:i32 DirectoryTableBase:ptr '
    + 'Flags:u32 UserSID:sid ImageFileName:astr CommandLine:wstr PackageFullName:wstr ApplicationId:wstr'],
  [5, { 39: 'Defunct' }, // Process_Defunct_TypeGroup1
    'UniqueProcessKey:ptr ProcessId:x32 ParentId:x32 SessionId:u32 ExitStatus:i32 DirectoryTableBase:ptr '
    + 'Flags:u32 UserSID:sid ImageFileName:astr CommandLine:wstr PackageFullName:wstr ApplicationId:wstr '
    + 'ExitTime:u64'],
]);

export const THREAD: KernelClass = kernelClass('Thread', '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c', [
  [0, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Thread_V0_TypeGroup1
    'TThreadId:x32 ProcessId:x32'],
  [1, { 1: 'Start', 3: 'DCStart', 4: 'DCEnd' }, // Thread_V1_TypeGroup1
    'ProcessId:x32 TThreadId:x32 StackBase:ptr StackLimit:ptr UserStackBase:ptr UserStackLimit:ptr '
    + 'StartAddr:ptr Win32StartAddr:ptr WaitMode:i8'],
  [1, { 2: 'End' }, // Thread_V1_TypeGroup2
    'ProcessId:x32 TThreadId:x32'],
  [1, { 36: 'CSwitch' }, // CSwitch_V1
    'NewThreadId:x32 OldThreadId:x32 NewThreadPriority:i8 OldThreadPriority:i8 NewThreadQuantum:i8 '
    + 'OldThreadQuantum:i8 OldThreadWaitReason:i8 OldThreadWaitMode:i8 OldThreadState:i8 '
    + 'OldThreadWaitIdealProcessor:i8'],
  [1, { 57: 'WorkerThread' }, // WorkerThread_V1
    'TThreadId:x32 StartTime:u64 ThreadRoutine:ptr'],
  [2, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Thread_V2_TypeGroup1
    'ProcessId:x32 TThreadId:x32 StackBase:ptr StackLimit:ptr UserStackBase:ptr UserStackLimit:ptr '
    + 'StartAddr:ptr Win32StartAddr:ptr TebBase:ptr SubProcessTag:x32'],
  [2, { 72: 'SetName' }, // ThreadSetName
    'ProcessId:x32 ThreadId:x32 ThreadName:wstr'],
  [2, { 36: 'CSwitch' }, // CSwitch_V2
    'NewThreadId:x32 OldThreadId:x32 NewThreadPriority:i8 OldThreadPriority:i8 PreviousCState:u8 '
    + 'SpareByte:i8 OldThreadWaitReason:i8 OldThreadWaitMode:i8 OldThreadState:i8 '
    + 'OldThreadWaitIdealProcessor:i8 NewThreadWaitTime:x32 Reserved:u32'],
  [2, { 37: 'CompCS' }, // CompCS
    ''],
  [2, { 41: 'SpinLock' }, // SpinLock
    'SpinLockAddress:ptr CallerAddress:ptr AcquireTime:u64 ReleaseTime:u64 WaitTimeInCycles:u32 '
    + 'SpinCount:u32 ThreadId:u32 InterruptCount:u32 Irql:u8 AcquireDepth:u8 Flag:u8 Reserved:u8[5]'],
  [2, { 50: 'ReadyThread' }, // ReadyThread
    'TThreadId:x32 AdjustReason:i8 AdjustIncrement:i8 Flag:i8 Reserved:i8'],
  [2, { 53: 'ThreadAffinity' }, // ThreadAffinity
    'Affinity:ptr ThreadId:x32 Group:u16 Reserved:u16'],
  [2, { 57: 'WorkerThread' }, // WorkerThread
    'TThreadId:x32 StartTime:u64 ThreadRoutine:ptr'],
  [2, { 60: 'AntiStarvationBoost' }, // AntiStarvationBoost
    'ThreadId:x32 ProcessorIndex:u16 Priority:u8 Reserved:u8'],
  [2, { 61: 'Thread Migration' }, // ThreadMigration
    'ThreadId:x32 SourceProcessorIndex:u16 TargetProcessorIndex:u16 Priority:u8 '
    + 'IdealProcessorAdjust:bool8 OldIdealProcessorIndex:u16'],
  [2, { 62: 'Kernel Queue Enqueue' }, // KernelQueueEnqueue
    'Entry:ptr ThreadId:x32'],
  [2, { 63: 'Kernel Queue Dequeue' }, // KernelQueueDequeue
    'ThreadId:x32 EntryCount:u32 Entries:ptr[EntryCount]'],
  [2, { 64: 'Start', 65: 'End' }, // WorkerThread_StartStop_V2
    'CallbackRoutine:ptr'],
  [2, { 66: 'AutoBoost Set Floor' }, // AutoBoostSetFloor
    'Lock:ptr ThreadId:x32 NewCpuPriorityFloor:u8 OldCpuPriority:u8 IoPriorities:u8 BoostFlags:u8'],
  [2, { 67: 'AutoBoost Clear Floor' }, // AutoBoostClearFloor
    'LockAddress:ptr ThreadId:x32 BoostBitmap:u32'],
  [2, { 68: 'AutoBoost Entry Exhaustion' }, // AutoBoostEntryExhaustion
    'LockAddress:ptr ThreadId:x32'],
  [2, { 69: 'SubProcessTag Changed' }, // SubProcessTagChanged
    'OldTag:x32 NewTag:x32'],
  [3, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Thread_V3_TypeGroup1
    'ProcessId:x32 TThreadId:x32 StackBase:ptr StackLimit:ptr UserStackBase:ptr UserStackLimit:ptr '
    + 'Affinity:ptr Win32StartAddr:ptr TebBase:ptr SubProcessTag:x32 BasePriority:u8 PagePriority:u8 '
    + 'IoPriority:u8 ThreadFlags:u8'],
  [3, { 48: 'SetPriority', 49: 'SetBasePriority', 51: 'SetPagePriority', 52: 'SetIoPriority' }, // ThreadPriority
    'ThreadId:x32 OldPriority:u8 NewPriority:u8 Reserved:u16'],
  [3, { 36: 'CSwitch' }, // CSwitch_V3
    'NewThreadId:x32 OldThreadId:x32 NewThreadPriority:i8 OldThreadPriority:i8 PreviousCState:u8 '
    + 'SpareByte:i8 OldThreadWaitReason:i8 ThreadFlags:i8 OldThreadState:i8 OldThreadWaitIdealProcessor:i8 '
    + 'NewThreadWaitTime:x32 Reserved:u32'],
  [4, { 1: 'Start', 2: 'End', 3: 'DCStart', 4: 'DCEnd' }, // Thread_TypeGroup1
    'ProcessId:x32 TThreadId:x32 StackBase:ptr StackLimit:ptr UserStackBase:ptr UserStackLimit:ptr '
    + 'Affinity:ptr Win32StartAddr:ptr TebBase:ptr SubProcessTag:x32 BasePriority:u8 PagePriority:u8 '
    + 'IoPriority:u8 ThreadFlags:u8 ThreadName:wstr'],
  [4, { 36: 'CSwitch' }, // CSwitch_V4
    'NewThreadId:x32 OldThreadId:x32 NewThreadPriority:i8 OldThreadPriority:i8 PreviousCState:u8 '
    + 'SpareByte:i8 OldThreadWaitReason:i8 ThreadFlags:i8 OldThreadState:i8 OldThreadWaitIdealProcessor:i8 '
    + 'NewThreadWaitTime:x32 Reserved:u32'],
]);

export const IMAGE: KernelClass = kernelClass('Image', '2cb15d1d-5fc1-11d2-abe1-00a0c911f518', [
  [0, { 10: 'Load' }, // Image_V0_Load
    'BaseAddress:ptr ModuleSize:u32 ImageFileName:wstr'],
  [1, { 10: 'Load' }, // Image_V1_Load
    'ImageBase:ptr ImageSize:ptr ProcessId:u32 FileName:wstr'],
  [2, { 10: 'Load', 2: 'UnLoad', 3: 'DCStart', 4: 'DCEnd' }, // Image_Load_V2
    'ImageBase:ptr ImageSize:ptr ProcessId:u32 ImageChecksum:u32 TimeDateStamp:u32 Reserved0:u32 '
    + 'DefaultBase:ptr Reserved1:u32 Reserved2:u32 Reserved3:u32 Reserved4:u32 FileName:wstr'],
  [2, { 33: 'KernelBase' }, // KernelImageBase
    'ImageBase:ptr'],
  [2, { 34: 'HypercallPage' }, // HypercallPage
    'HypercallPageVa:ptr'],
  [2, { 128: 'LoaderLockAttempt', 129: 'LoaderLockAcquire', 130: 'LoaderLockTriedAndFailed', 131: 'LoaderLockWait', 132: 'ProcessInitDone', 133: 'CreateSectionBegin', 134: 'CreateSectionEnd', 135: 'MapViewBegin' }, // LoaderBasicEvent
    ''],
  [2, { 144: 'RelocateImageBegin', 145: 'RelocateImageEnd', 146: 'HandleOldDescsBegin', 147: 'HandleOldDescsEnd', 148: 'HandleNewDescsBegin', 149: 'HandleNewDescsEnd', 150: 'DllMainExit' }, // LoaderBaseEvent
    'BaseAddress:x64'],
  [2, { 160: 'FindDllByName', 161: 'MapViewEnd', 162: 'LoaderLockRelease', 163: 'DllMainEnter', 164: 'LoaderError' }, // LoaderCodedEvent
    'BaseAddress:x64 ErrorOpcode:x8 Code:i8 String:wstr'],
  [3, { 10: 'Load', 2: 'UnLoad', 3: 'DCStart', 4: 'DCEnd' }, // Image_Load
    'ImageBase:ptr ImageSize:ptr ProcessId:u32 ImageChecksum:u32 TimeDateStamp:u32 SignatureLevel:u8 '
    + 'SignatureType:u8 Reserved0:u16 DefaultBase:ptr Reserved1:u32 Reserved2:u32 Reserved3:u32 '
    + 'Reserved4:u32 FileName:wstr'],
  [3, { 165: 'MapViewStart', 166: 'SnappingStart', 167: 'SnappingEnd', 168: 'LoadingStart', 169: 'LoadingEnd', 170: 'FoundKnownDll', 171: 'AbnormalTermination', 172: 'ModulePlaceHolder', 173: 'ReadyToInit', 174: 'ReadyToRun', 208: 'ApiSetResolving', 209: 'ApiSetHosted', 210: 'ApiSetUnhosted', 211: 'ApiSetUnresolved' }, // LoaderCodedEventStatus
    'BaseAddress:x64 ErrorOpcode:x8 Code:i8 String:wstr'],
  [3, { 192: 'DllSearchPathExternal', 193: 'DllSearchPathInternal' }, // LoaderCodedEventPath
    'BaseAddress:x64 ErrorOpcode:x8 Code:i8 String1:wstr String2:wstr'],
  [3, { 176: 'NewDllLoad', 177: 'NewDllLoadAsData' }, // LoaderNewDllEvent
    'NewDllBaseAddress:xptr ParentDllBaseAddress:xptr LoadReason:x32 FilePath:wstr'],
  [3, { 212: 'DllSearchResults' }, // LoaderDllSearchResults
    'LdrLoadFlags:x32 LdrSearchFlags:x32 SearchInfo:x32 LoadReason:x32 FullDllName:wstr'],
  [3, { 213: 'DllPathSearchResults' }, // LoaderPathSearchResults
    'SearchInfo:x32 Cwd:wstr AppDir:wstr DllDir:wstr DllLoadDir:wstr'],
]);
