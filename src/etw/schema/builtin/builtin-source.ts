/**
 * The classes built into etwkit as one schema source (SchemaRank.BUILT_IN): the
 * NT kernel classes (kernel-classes.ts) and the classes trace mergers add
 * (kernel-trace-control.ts), registered at once when a registry takes it, under
 * the keys a MOF file's classes get, so a MOF or manifest that defines one of
 * them replaces it.
 */
import type { SchemaRegistry } from '../registry.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';
import { registerBuiltinKernelClasses } from './kernel-classes.js';
import { registerKernelTraceControlClasses } from './kernel-trace-control.js';

export class BuiltinSchemaSource implements SchemaSource {
  readonly kind = 'built-in classes';
  readonly rank = SchemaRank.BUILT_IN;

  load(registry: SchemaRegistry): void {
    registerBuiltinKernelClasses(registry);
    registerKernelTraceControlClasses(registry);
  }
}
