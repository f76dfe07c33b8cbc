/**
 * Built-in NT kernel classes: the smaller kernel classes: processor idle exit latency (Power), DbgPrint
 * output (Debugger), user-mode scheduling (UMS) and the multimedia class
 * scheduler (MMCSS).
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const POWER: KernelClass = kernelClass('Power', 'e43445e0-0903-48c3-b878-ff0fccebdd04', [
  [2, { 60: 'IdleExitLatency' }, // IdleExitLatency
    'Flags:u32 PlatformState:u32 ProcessorState:u32 ReturnLatency:u32 TotalLatency:u32'],
]);

export const DEBUGGER: KernelClass = kernelClass('Debugger', '13976d09-a327-438c-950b-7f03192815c7', [
  [2, { 32: 'DebugPrint' }, // DebugPrint_Event
    'Component:u32 Level:u32 Message:astr'],
]);

export const UMS: KernelClass = kernelClass('UMS', '9aec974b-5b8e-4118-9b92-3186d8002ce5', [
  [2, { 32: 'DSwitchStart' }, // UmsDirectedSwitchStart
    'ProcessId:x32 ScheduledThreadId:x32 PrimaryThreadId:x32 SwitchFlags:x32'],
  [2, { 33: 'DSwitchEnd' }, // UmsDirectedSwitchEnd
    'ProcessId:x32 ScheduledThreadId:x32 PrimaryThreadId:x32 SwitchFlags:x32'],
  [2, { 34: 'ScheduledPark' }, // UmsScheduledPark
    'ProcessId:x32 ScheduledThreadId:x32 ParkFlags:x32'],
  [2, { 35: 'Disassociate' }, // UmsDisassociate
    'ProcessId:x32 ScheduledThreadId:x32 PrimaryThreadId:x32 UmsApcControlFlags:x32 Status:x32'],
  [2, { 36: 'CSwitch' }, // UmsContextSwitch
    'ScheduledThreadId:x32 SwitchCount:u32 KernelYieldCount:u32 MixedYieldCount:u32 YieldCount:u32'],
]);

export const MMCSS: KernelClass = kernelClass('MMCSS', 'f8f10121-b617-4a56-868b-9df1b27fe32c', [
  [0, { 32: 'Start', 33: 'Stop', 36: 'Sleep', 37: 'SleepResp' }, // MMCSS_TypeGroup
    ''],
  [0, { 34: 'Scheduler' }, // MMCSSEvent
    'ScheduledPID:x32 ScheduledTID:x32 SchedulingPriority:u32 TaskIndex:u32'],
  [0, { 35: 'Wakeup' }, // MMCSSWakeup
    'Reason:x32'],
]);
