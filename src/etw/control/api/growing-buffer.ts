/**
 * The "ask for the size, allocate, ask again" loop every variable-length ETW/TDH
 * query needs: retry while the call says the buffer is too small (122 or 234),
 * because lists can grow between two calls.
 */
import { SizedResult } from './etw-api.js';
import { Win32Error, WIN32 } from './win32-error.js';

const MAX_ATTEMPTS = 8;

export interface FilledBuffer {
  buffer: Buffer;
  /** Bytes the call reported as filled. */
  length: number;
}

/** Calls `call(null)` first; throws Win32Error on any status other than success / too-small. */
export function callWithGrowingBuffer(call: (buffer: Buffer | null) => SizedResult, operation: string): FilledBuffer {
  let buffer: Buffer | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const r = call(buffer);
    if (r.status === WIN32.SUCCESS) {
      const b = buffer ?? Buffer.alloc(0);
      return { buffer: b, length: Math.min(r.size || b.length, b.length) };
    }
    if (r.status !== WIN32.INSUFFICIENT_BUFFER && r.status !== WIN32.MORE_DATA) throw new Win32Error(r.status, operation);
    const want = Math.max(r.size, (buffer?.length ?? 0) * 2, 64);
    buffer = Buffer.alloc(want);
  }
  throw new Win32Error(WIN32.INSUFFICIENT_BUFFER, operation);
}
