/**
 * What etwkit decodes without any file, as one schema source
 * (SchemaRank.BUILT_IN):
 * - the NT kernel classes (kernel-classes.ts) and the classes trace mergers add
 *   (kernel-trace-control.ts), registered at once when a registry takes it,
 *   under the keys a MOF file's classes get, so a MOF or manifest that defines
 *   one of them replaces it;
 * - by code, ahead of every schema: the trace header event as tracerpt shows it
 *   (trace-header-payload.ts, from the file's header) and Docker's etwlogs lines
 *   split into their six fields (../docker-message.ts);
 * - by code, after the schemas: the EventTrace group records eventtrace-records.ts
 *   knows, kept ahead of the kernel table (whose layouts name and type some of
 *   their fields differently) and of a class that does not fit the payload; a
 *   file's class that decodes the record still wins.
 */
import type { EtlFileInfo } from '../../etl/reader.js';
import type { EtlRecord } from '../../etl/record.js';
import { dockerPayload, isDockerRecord } from '../docker-message.js';
import type { SchemaTarget } from '../schema-target.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';
import type { DecodedPayload } from '../types.js';
import { eventTracePayload } from './eventtrace-records.js';
import { registerBuiltinKernelClasses } from './kernel-classes.js';
import { registerKernelTraceControlClasses } from './kernel-trace-control.js';
import { isTraceHeaderRecord, traceHeaderPayload } from './trace-header-payload.js';

export class BuiltinSchemaSource implements SchemaSource {
  readonly kind = 'built-in classes';
  readonly rank = SchemaRank.BUILT_IN;

  /** `files`: the opened inputs, by file index (the trace header is shown from its file's header). */
  constructor(private readonly files: readonly EtlFileInfo[] = []) {}

  load(registry: SchemaTarget): void {
    registerBuiltinKernelClasses(registry);
    registerKernelTraceControlClasses(registry);
  }

  decodeAhead(r: EtlRecord): DecodedPayload | null {
    if (isTraceHeaderRecord(r)) {
      const file = this.files[r.fileIndex];
      if (file !== undefined) return traceHeaderPayload(r, file);
    }
    if (isDockerRecord(r)) return dockerPayload(r);
    return null;
  }

  decodeAfter(r: EtlRecord, bySchemas: DecodedPayload): DecodedPayload {
    // Group 0 (hook ids below 0x100): what the kernel table decoded, or what no schema could, by code where it knows the record.
    if (r.hookId !== null && r.hookId < 0x100 && (bySchemas.error !== null || bySchemas.source === 'kernel')) return eventTracePayload(r) ?? bySchemas;
    return bySchemas;
  }
}
