/**
 * The NT Kernel Logger: its session name, SystemTraceControlGuid, the provider
 * name logman uses for it, and the keyword names logman lists for
 * "Windows Kernel Trace" with the EnableFlags bit each one sets
 * (docs/architecture.md F11, F12).
 */
import { Guid } from '../api/guid.js';

export const KERNEL_LOGGER_NAME = 'NT Kernel Logger';
export const KERNEL_PROVIDER_NAME = 'Windows Kernel Trace';
export const SYSTEM_TRACE_CONTROL_GUID = Guid.parse('9e814aad-3204-11d2-9a82-006008a86939');

export interface KernelFlag {
  name: string;
  value: number;
  description: string;
}

/** In logman's order and spelling (these are what `(process,thread,…)` accepts). */
export const KERNEL_FLAGS: readonly KernelFlag[] = [
  { name: 'process', value: 0x00000001, description: 'Process creations/deletions' },
  { name: 'thread', value: 0x00000002, description: 'Thread creations/deletions' },
  { name: 'img', value: 0x00000004, description: 'Image load' },
  { name: 'proccntr', value: 0x00000008, description: 'Process counters' },
  { name: 'cswitch', value: 0x00000010, description: 'Context switches' },
  { name: 'dpc', value: 0x00000020, description: 'Deferred procedure calls' },
  { name: 'isr', value: 0x00000040, description: 'Interrupts' },
  { name: 'syscall', value: 0x00000080, description: 'System calls' },
  { name: 'disk', value: 0x00000100, description: 'Disk IO' },
  { name: 'file', value: 0x00000200, description: 'File details' },
  { name: 'diskinit', value: 0x00000400, description: 'Disk IO entry' },
  { name: 'dispatcher', value: 0x00000800, description: 'Dispatcher operations' },
  { name: 'pf', value: 0x00001000, description: 'Page faults' },
  { name: 'hf', value: 0x00002000, description: 'Hard page faults' },
  { name: 'virtalloc', value: 0x00004000, description: 'Virtual memory allocations' },
  { name: 'net', value: 0x00010000, description: 'Network TCP/IP' },
  { name: 'registry', value: 0x00020000, description: 'Registry details' },
  { name: 'alpc', value: 0x00100000, description: 'ALPC' },
  { name: 'splitio', value: 0x00200000, description: 'Split IO' },
  { name: 'driver', value: 0x00800000, description: 'Driver delays' },
  { name: 'profile', value: 0x01000000, description: 'Sample based profiling' },
  { name: 'fileiocompletion', value: 0x02000000, description: 'File IO completion' },
  { name: 'fileio', value: 0x04000000, description: 'File IO' },
];

/**
 * EnableFlags when `start "NT Kernel Logger"` names no flags: process, thread,
 * disk and network — the set tracelog documents as the kernel logger default
 * (logman's documentation does not say; chosen and documented in etwkit-start(1)).
 */
export const DEFAULT_KERNEL_FLAGS = 0x00000001 | 0x00000002 | 0x00000100 | 0x00010000;

export function isKernelLoggerName(name: string): boolean {
  return name.toLowerCase() === KERNEL_LOGGER_NAME.toLowerCase();
}

/** True for `Windows Kernel Trace` or SystemTraceControlGuid in any accepted spelling. */
export function isKernelProvider(provider: string): boolean {
  if (provider.toLowerCase() === KERNEL_PROVIDER_NAME.toLowerCase()) return true;
  const g = Guid.tryParse(provider);
  return g !== null && g.equals(SYSTEM_TRACE_CONTROL_GUID);
}
