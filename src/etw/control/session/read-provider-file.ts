/**
 * Reads a `-pf` provider file from disk (UTF-8 or UTF-16 with BOM, as Notepad
 * writes them) and parses it; a missing or empty file is a ControlUsageError.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseProviderFile } from './provider-file.js';
import { ProviderRequest } from './session-spec.js';
import { ControlLookupError } from '../usage-error.js';

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

export function readProviderFile(file: string, cwd: string): ProviderRequest[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(cwd, file));
  } catch (e) {
    throw new ControlLookupError(`-pf ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const providers = parseProviderFile(decode(bytes));
  if (providers.length === 0) throw new ControlLookupError(`-pf ${file}: the file lists no providers`);
  return providers;
}
