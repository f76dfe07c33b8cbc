/**
 * The payload decoder of a report run: the trace header event and Docker
 * etwlogs events are decoded here first, then the schema registry (when one is
 * given) handles everything else; without a registry, string-only events keep
 * their text and other events get tracerpt's "no schema" error (1168) so the
 * sinks show the raw payload.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import { dockerPayload, isDockerRecord } from '../schema/docker-message.js';
import { ERROR_NOT_FOUND } from '../schema/registry.js';
import { isStringOnly, stringOnlyText } from '../schema/string-only.js';
import { emptyPayload, type DecodedPayload, type PayloadDecoder } from '../schema/types.js';
import { eventTracePayload } from '../schema/builtin/eventtrace-records.js';
import { isTraceHeaderRecord, traceHeaderPayload } from '../schema/builtin/trace-header-payload.js';

export function noSchemaPayload(r: EtlRecord): DecodedPayload {
  const p = emptyPayload();
  if (isStringOnly(r)) {
    p.source = 'string';
    p.message = stringOnlyText(r);
    return p;
  }
  p.error = { code: ERROR_NOT_FOUND, reason: `no schema for provider {${r.providerId ?? 'none'}}` };
  return p;
}

export class ReportDecoder implements PayloadDecoder {
  constructor(private readonly files: EtlFileInfo[], private readonly registry: PayloadDecoder | null) {}

  observe(r: EtlRecord): void {
    this.registry?.observe?.(r);
  }

  decode(r: EtlRecord): DecodedPayload {
    if (isTraceHeaderRecord(r)) {
      const file = this.files[r.fileIndex];
      if (file) return traceHeaderPayload(r, file);
    }
    if (isDockerRecord(r)) return dockerPayload(r);
    const decoded = this.registry !== null ? this.registry.decode(r) : noSchemaPayload(r);
    // For the EventTrace group records it knows, the reader's decoding is kept ahead of the built-in kernel
    // table (source 'kernel'), whose layouts name and type some of their fields differently; a --mof class wins.
    if (r.hookId !== null && r.hookId < 0x100 && (decoded.error !== null || decoded.source === 'kernel')) return eventTracePayload(r) ?? decoded;
    return decoded;
  }
}
