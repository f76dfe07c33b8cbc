/**
 * ETW_OPEN_TRACE_OPTIONS, what OpenTraceFromRealTimeLogger takes (newer Windows;
 * docs/architecture.md F14), as pure bytes: ProcessTraceModes (u32), then four
 * pointers — EventCallback, EventCallbackContext, BufferCallback,
 * BufferCallbackContext. 40 bytes on x64, 20 on x86. etwkit leaves EventCallback
 * NULL (ETW then skips building events) and takes whole buffers through
 * BufferCallback, which the koffi binding fills in.
 */

export interface OpenTraceOptionsLayout {
  pointerSize: 4 | 8;
  size: number;
  offsets: { ProcessTraceModes: number; EventCallback: number; EventCallbackContext: number; BufferCallback: number; BufferCallbackContext: number };
}

export const OPEN_TRACE_OPTIONS_X64: OpenTraceOptionsLayout = {
  pointerSize: 8, size: 40, offsets: { ProcessTraceModes: 0, EventCallback: 8, EventCallbackContext: 16, BufferCallback: 24, BufferCallbackContext: 32 },
};

export const OPEN_TRACE_OPTIONS_X86: OpenTraceOptionsLayout = {
  pointerSize: 4, size: 20, offsets: { ProcessTraceModes: 0, EventCallback: 4, EventCallbackContext: 8, BufferCallback: 12, BufferCallbackContext: 16 },
};

export function hostOpenTraceOptionsLayout(arch: string = process.arch): OpenTraceOptionsLayout {
  return arch === 'ia32' ? OPEN_TRACE_OPTIONS_X86 : OPEN_TRACE_OPTIONS_X64;
}

/** Options for a buffer consumer: no process-trace modes, no event callback; the binding sets BufferCallback. */
export function encodeBufferConsumerOptions(layout: OpenTraceOptionsLayout = hostOpenTraceOptionsLayout()): Buffer {
  return Buffer.alloc(layout.size);
}
