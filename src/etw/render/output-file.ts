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

const FLUSH_AT = 1 << 18;

export class OutputFile {
  private fd: number;
  private pending = '';
  private readonly temp: string | null;
  private done = false;

  private constructor(readonly path: string, private readonly encoding: OutputEncoding, fd: number, temp: string | null) {
    this.fd = fd;
    this.temp = temp;
    if (encoding === 'utf16le-bom') this.pending = '\ufeff';
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
    this.pending += text;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending, this.encoding === 'utf8' ? 'utf8' : 'utf16le');
    this.pending = '';
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(this.fd, bytes, off, bytes.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // non-blocking stdout pipe: try again
        if (code === 'EPIPE') { this.pending = ''; return; }
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
