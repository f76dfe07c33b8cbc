/**
 * ENABLE_TRACE_PARAMETERS (version 2) as bytes for EnableTraceEx2: 48 bytes on
 * 64-bit Windows, 36 on x86 (the filter pointer is pointer-sized). Pure.
 * Layout: docs/architecture.md F12.
 */
import { Guid, ZERO_GUID } from '../api/guid.js';

export const ENABLE_TRACE_PARAMETERS_VERSION_2 = 2;

export interface EnableParametersLayout {
  readonly size: number;
  readonly offsets: { Version: number; EnableProperty: number; ControlFlags: number; SourceId: number; EnableFilterDesc: number; FilterDescCount: number };
}

export const ENABLE_PARAMETERS_X64: EnableParametersLayout = {
  size: 48, offsets: { Version: 0, EnableProperty: 4, ControlFlags: 8, SourceId: 12, EnableFilterDesc: 32, FilterDescCount: 40 },
};
export const ENABLE_PARAMETERS_X86: EnableParametersLayout = {
  size: 36, offsets: { Version: 0, EnableProperty: 4, ControlFlags: 8, SourceId: 12, EnableFilterDesc: 28, FilterDescCount: 32 },
};

export function hostEnableParametersLayout(arch: string = process.arch): EnableParametersLayout {
  return arch === 'ia32' ? ENABLE_PARAMETERS_X86 : ENABLE_PARAMETERS_X64;
}

export interface EnableParameters {
  /** EVENT_ENABLE_PROPERTY_* bits (logman's detail block prints this as `Properties:`). */
  enableProperty: number;
  sourceId?: Guid;
}

/** Version 2, no filters. */
export function encodeEnableParameters(p: EnableParameters, layout: EnableParametersLayout = hostEnableParametersLayout()): Buffer {
  const buf = Buffer.alloc(layout.size);
  buf.writeUInt32LE(ENABLE_TRACE_PARAMETERS_VERSION_2, layout.offsets.Version);
  buf.writeUInt32LE(p.enableProperty >>> 0, layout.offsets.EnableProperty);
  (p.sourceId ?? ZERO_GUID).writeTo(buf, layout.offsets.SourceId);
  return buf;
}
