/**
 * Atomic output files: text is written to a temporary file beside the target and
 * renamed over it only when complete. An existing target is kept unless the
 * caller allows overwriting; an interrupted run leaves no partial file.
 * `-` means standard output.
 */
import { closeSync, existsSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class OutputExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path}: the output file exists; use -y to overwrite it`);
    this.name = 'OutputExistsError';
  }
}

export class OutputWriteError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: cannot write (${detail})`);
    this.name = 'OutputWriteError';
  }
}

const liveTemps = new Set<string>();
let signalHooked = false;

function hookSignals(): void {
  if (signalHooked) return;
  signalHooked = true;
  const cleanup = (signal: NodeJS.Signals) => {
    for (const t of liveTemps) {
      try { unlinkSync(t); } catch { /* already gone */ }
    }
    liveTemps.clear();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', cleanup);
  process.once('SIGTERM', cleanup);
}

export type OutputEncoding = 'utf8' | 'utf16le-bom';

const CHUNK = 1 << 20;

export class OutputFile {
  private fd: number;
  /** Encoded bytes waiting to be written. */
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly byteEncoding: 'utf8' | 'utf16le';
  private readonly temp: string | null;
  private done = false;

  private constructor(readonly path: string, encoding: OutputEncoding, fd: number, temp: string | null) {
    this.fd = fd;
    this.temp = temp;
    this.byteEncoding = encoding === 'utf8' ? 'utf8' : 'utf16le';
    if (encoding === 'utf16le-bom') this.write('\ufeff');
  }

  /** Open `path` (or `-` for stdout). Throws OutputExistsError when it exists and `overwrite` is false. */
  static open(path: string, options: { overwrite: boolean; encoding?: OutputEncoding }): OutputFile {
    const encoding = options.encoding ?? 'utf8';
    if (path === '-') return new OutputFile(path, encoding, 1, null);
    if (existsSync(path) && !options.overwrite) throw new OutputExistsError(path);
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, 'wx');
    } catch (e) {
      throw new OutputWriteError(path, (e as NodeJS.ErrnoException).code ?? String(e));
    }
    hookSignals();
    liveTemps.add(temp);
    return new OutputFile(path, encoding, fd, temp);
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 and 2 in UTF-16LE.
    if (this.used + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.writeBytes(Buffer.from(text, this.byteEncoding));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, this.byteEncoding);
  }

  private flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.writeBytes(this.chunk.subarray(0, n));
  }

  /** Write bytes already encoded in the file's encoding (after anything pending). */
  writeEncoded(bytes: Buffer): void {
    this.flush();
    this.writeBytes(bytes);
  }

  private writeBytes(bytes: Buffer): void {
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(this.fd, bytes, off, bytes.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // non-blocking stdout pipe: try again
        if (code === 'EPIPE') return;
        throw new OutputWriteError(this.path, code ?? String(e));
      }
    }
  }

  /** Finish: flush, close and move the temporary file into place. */
  commit(): void {
    if (this.done) return;
    this.flush();
    this.done = true;
    if (this.temp === null) return;
    closeSync(this.fd);
    renameSync(this.temp, this.path);
    liveTemps.delete(this.temp);
  }

  /** Give up: remove the temporary file, leave any existing target untouched. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.temp === null) return;
    try { closeSync(this.fd); } catch { /* closed */ }
    try { unlinkSync(this.temp); } catch { /* gone */ }
    liveTemps.delete(this.temp);
  }
}
