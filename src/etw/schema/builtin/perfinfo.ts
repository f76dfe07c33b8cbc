/**
 * Built-in NT kernel classes: PerfInfo events (sampled profile, PMC counters, system calls, interrupts,
 * DPCs, timers, marks) and stack walks (stacks and the stack-key rundowns).
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const PERF_INFO: KernelClass = kernelClass('PerfInfo', 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc', [
  [0, { 34: 'Mark' }, // Mark_V0
    'Message:astr Padding:wchar[1]'],
  [1, { 67: 'ISR', 95: 'ISR-PASS' }, // ISR_V1
    'InitialTime:time Routine:ptr ReturnValue:u32'],
  [1, { 68: 'DPC', 69: 'TimerDPC' }, // DPC_V1
    'InitialTime:time Routine:ptr'],
  [1, { 46: 'SampleProf' }, // SampledProfile_V1
    'InstructionPointer:ptr ThreadId:u32 Count:u16'],
  [2, { 46: 'SampleProf' }, // SampledProfile
    'InstructionPointer:ptr ThreadId:u32 Count:u16 Reserved:u16'],
  [2, { 47: 'PmcCounterProf' }, // PmcCounterProfile
    'InstructionPointer:ptr ThreadId:u32 ProfileSource:u16 Reserved:u16'],
  [2, { 72: 'SetInterval', 73: 'CollectionStart', 74: 'CollectionEnd' }, // SampledProfileInterval_V2
    'Source:u32 NewInterval:u32 OldInterval:u32'],
  [2, { 48: 'PmcCtrConfig' }, // PmcCounterConfig_V2
    'CounterCount:u32 CounterName:wstr[CounterCount]'],
  [2, { 49: 'PmcCtrConrruption' }, // PmcCounterCorruption_V2
    'ProcessorNumber:u32 CounterCount:u32 CounterStatus:{ProfileSource:u32 '
    + 'LastKnownGoodTimestamp:u64}[CounterCount]'],
  [2, { 75: 'CollectionStart', 76: 'CollectionEnd' }, // SpinLockConfig_V2
    'SpinLockSpinThreshold:u32 SpinLockContentionSampleRate:u32 SpinLockAcquireSampleRate:u32'],
  [2, { 51: 'SysClEnter' }, // SysCallEnter
    'SysCallAddress:ptr'],
  [2, { 52: 'SysClExit' }, // SysCallExit
    'SysCallNtStatus:x32'],
  [2, { 67: 'ISR', 95: 'ISR-PASS' }, // ISR
    'InitialTime:time Routine:ptr ReturnValue:u8 Vector:u16 Reserved:u8'],
  [2, { 50: 'ISR-MSI' }, // ISR_MSI
    'InitialTime:time Routine:ptr ReturnValue:u8 Vector:u16 Reserved:u8 MessageNumber:u32'],
  [2, { 92: 'ISR-Unexpected' }, // ISR_Unexpected
    'Vector:u16'],
  [2, { 66: 'ThreadedDPC', 68: 'DPC', 69: 'TimerDPC', 70: 'IOTimer' }, // DPC
    'InitialTime:time Routine:ptr'],
  [2, { 98: 'WdfDPC' }, // WDF_DPC
    'Routine:ptr'],
  [2, { 96: 'WdfISR', 97: 'WdfPassiveISR' }, // WDF_ISR
    'Routine:ptr'],
  [2, { 103: 'WdfWorkItem' }, // WDF_WorkItem
    'Routine:ptr'],
  [2, { 58: 'DebuggerEnabled' }, // DebuggerEnabled
    ''],
  [2, { 93: 'IoStartTimer', 94: 'IoStopTimer' }, // IoTimerEvent
    'DeviceObject:ptr TimerRoutine:ptr'],
  [2, { 104: 'SetKTimer2', 105: 'ExpireKTimer2' }, // SetOrExpireKTimer2
    'DueTime:u64 MaximumDueTime:u64 Period:u64 Timer:ptr Callback:ptr CallbackContext:ptr TimerFlags:u8'],
  [2, { 106: 'CancelKTimer2' }, // CancelKTimer2
    'Timer:ptr'],
  [2, { 107: 'DisableKTimer2' }, // DisableKTimer2
    'Timer:ptr DisableCallback:ptr DisableContext:ptr TimerFlags:u8'],
  [2, { 108: 'FinalizeKTimer2' }, // FinalizeKTimer2
    'Timer:ptr DisableCallback:ptr DisableContext:ptr'],
  [3, { 73: 'CollectionStart', 74: 'CollectionEnd' }, // SampledProfileInterval_V3
    'Source:u32 NewInterval:u32 OldInterval:u32 SourceName:wstr'],
  [3, { 75: 'CollectionStart', 76: 'CollectionEnd' }, // SpinLockConfig_V3
    'SpinLockSpinThreshold:u32 SpinLockContentionSampleRate:u32 SpinLockAcquireSampleRate:u32 '
    + 'SpinLockHoldThreshold:u32'],
  [2, { 114: 'KernelHypercall' }, // HV_Hypercall
    'CallCode:u32 IsFast:u8 IsNested:u8'],
  [2, { 122: 'ContextRegistersAMD64' }, // ContextRegistersAMD64
    'Rip:u64 Rax:u64 Rcx:u64 Rdx:u64 Rbx:u64 Rsp:u64 Rbp:u64 Rsi:u64 Rdi:u64 R8:u64 R9:u64 R10:u64 '
    + 'R11:u64 R12:u64 R13:u64 R14:u64 R15:u64'],
  [2, { 123: 'ContextRegistersARM64' }, // ContextRegistersARM64
    'Cpsr:u32 X0..28:u64 Fp:u64 Lr:u64 Sp:u64 Pc:u64'],
]);

export const STACK_WALK: KernelClass = kernelClass('StackWalk', 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3', [
  [2, { 32: 'Stack' }, // StackWalk_Event
    'EventTimeStamp:u64 StackProcess:x32 StackThread:u32 Stack1..32:ptr'],
  [2, { 37: 'StackKeyKernel', 38: 'StackKeyUser' }, // StackWalk_Key
    'EventTimeStamp:u64 StackProcess:x32 StackThread:u32 StackKey:ptr'],
  [2, { 34: 'KeyCreate', 35: 'KeyDelete', 36: 'KeyRundown' }, // StackWalk_TypeGroup1
    'Key:ptr StackFrame:ptr[192]'],
]);
