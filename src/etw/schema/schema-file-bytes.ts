/**
 * Reading a schema file (manifest, MOF, TMF) without trusting it: it must be a
 * regular file — a FIFO would block for ever, a device like /dev/zero never
 * ends — of at most 16 MiB (the biggest real ones, the .NET runtime's manifest
 * and the kernel's wmicore.mof, are under 1 MiB). It is read in chunks up to one
 * byte past the limit, so a file that grows while read, or one that claims size
 * 0 (as /proc files do), stays bounded too.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export const MAX_SCHEMA_FILE_BYTES = 16 * 1024 * 1024;

/** A schema file refused before it is parsed; the message says why (without the path). */
export class SchemaFileRefused extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SchemaFileRefused';
  }
}

function failure(e: unknown): SchemaFileRefused {
  const code = (e as NodeJS.ErrnoException).code;
  return new SchemaFileRefused(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? (e as Error).message})`, code);
}

export function readSchemaFileBytes(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw failure(e);
  }
  if (st.isDirectory()) throw new SchemaFileRefused('is a directory, not a schema file', 'EISDIR');
  if (!st.isFile()) throw new SchemaFileRefused('is not a regular file (a FIFO, device or socket cannot be a schema file)');
  const limit = `schema files are read up to ${MAX_SCHEMA_FILE_BYTES / 1048576} MiB`;
  if (st.size > MAX_SCHEMA_FILE_BYTES) throw new SchemaFileRefused(`is ${st.size} bytes; ${limit}`);
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, MAX_SCHEMA_FILE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_SCHEMA_FILE_BYTES) throw new SchemaFileRefused(`is over ${MAX_SCHEMA_FILE_BYTES / 1048576} MiB; ${limit}`);
    }
  } catch (e) {
    if (e instanceof SchemaFileRefused) throw e;
    throw failure(e);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}
