/**
 * An OutputFile stand-in that appends what the sinks write to `chunks`, as UTF-8:
 * strings (`write`), text bytes from a ByteWriter (`writeUtf8`) and raw bytes
 * (`writeEncoded`), in order. For tests of what a sink writes, not of how the
 * file is encoded (a real OutputFile does that).
 */
import type { OutputFile } from '../../src/etw/render/output-file.js';

export function memoryOutput(chunks: Buffer[]): OutputFile {
  const keep = (b: Buffer) => { chunks.push(Buffer.from(b)); };
  return {
    byteEncoding: 'utf8', path: 'memory',
    write: (s: string) => keep(Buffer.from(s, 'utf8')), writeUtf8: keep, writeEncoded: keep,
    commit() {}, abort() {},
  } as unknown as OutputFile;
}
