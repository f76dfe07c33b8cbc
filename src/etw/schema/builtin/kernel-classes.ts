/**
 * The built-in NT kernel classes: every class table of this folder, built once
 * per process into EventSchemas, and registered in a SchemaRegistry under the
 * same keys a kernel MOF file's classes get (class GUID + event type +
 * EventVersion). The built-in source (builtin-source.ts) registers them at
 * SchemaRank.BUILT_IN, so `--mof` and `-import` replace the layouts they also define.
 */
import type { SchemaTarget } from '../schema-target.js';
import { DISK_IO, FILE_IO, SPLIT_IO } from './disk-file-io.js';
import { EVENT_TRACE, LOST_EVENT } from './eventtrace.js';
import { ALPC, OBJECT } from './ipc-objects.js';
import { buildKernelEvents, type KernelClass, type KernelEvent } from './kernel-notation.js';
import { PAGE_FAULT, POOL } from './memory.js';
import { TCP_IP, UDP_IP } from './network.js';
import { PERF_INFO, STACK_WALK } from './perfinfo.js';
import { IMAGE, PROCESS, THREAD } from './process-thread-image.js';
import { REGISTRY } from './registry.js';
import { DEBUGGER, MMCSS, POWER, UMS } from './scheduling-power-debug.js';
import { SYSTEM_CONFIG } from './system-config.js';

export const KERNEL_CLASSES: readonly KernelClass[] = [
  EVENT_TRACE, LOST_EVENT, PROCESS, THREAD, IMAGE, DISK_IO, FILE_IO, SPLIT_IO, TCP_IP, UDP_IP, PAGE_FAULT, POOL,
  REGISTRY, PERF_INFO, STACK_WALK, SYSTEM_CONFIG, ALPC, OBJECT, POWER, DEBUGGER, UMS, MMCSS,
];

let built: readonly KernelEvent[] | null = null;

/** Every built-in layout (built on first use; the schemas are shared and must not be changed). */
export function builtinKernelEvents(): readonly KernelEvent[] {
  return built ?? (built = KERNEL_CLASSES.flatMap(buildKernelEvents));
}

/** Register every built-in kernel layout; returns how many were registered. */
export function registerBuiltinKernelClasses(registry: SchemaTarget): number {
  const events = builtinKernelEvents();
  for (const e of events) registry.addMofEvent(e.schema, { classGuid: e.classGuid, eventType: e.eventType, version: e.version });
  return events.length;
}
