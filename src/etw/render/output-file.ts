/**
 * Atomic output files: text is written to a temporary file beside the target and
 * renamed over it only when complete. An existing target is kept unless the
 * caller allows overwriting; an interrupted run leaves no partial file.
 * `-` means standard output.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

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

/** The reason a write failed, in words where the error code has a usual cause. */
function writeFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its folder path is a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a directory; name a file',
  };
  return code === undefined ? String(e) : words[code] !== undefined ? `${words[code]}, ${code}` : code;
}

const liveTemps = new Set<string>();

/** True when `path` exists and is neither a regular file nor a directory (a device, FIFO or socket). */
function specialTarget(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** True when `path` is an existing directory, which can never become an output file. */
function directoryTarget(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether writing `path` would replace an existing file (and so needs -y): devices and
 * FIFOs do not, and a directory cannot be replaced at all (open refuses it).
 */
export function wouldReplace(path: string): boolean {
  return path !== '-' && existsSync(path) && !specialTarget(path) && !directoryTarget(path);
}

/**
 * Node makes a stdout pipe non-blocking, so synchronous writes keep failing with EAGAIN
 * (each failure an exception) while the reader catches up. On Linux, opening the pipe
 * again through /proc gives a blocking descriptor of the same pipe. Null elsewhere.
 */
function blockingStdoutPipe(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    if (!fstatSync(1).isFIFO()) return null;
    return openSync('/proc/self/fd/1', 'w');
  } catch {
    return null;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Block for 50 µs (synchronous writers waiting on a full pipe). */
function pause(): void {
  Atomics.wait(sleeper, 0, 0, 0.05);
}
let signalHooked = false;
/** What a first Ctrl-C does instead of the cleanup below (see deferInterrupt); null: the cleanup. */
let interruptHandler: (() => void) | null = null;

/**
 * Until the returned function is called, a first Ctrl-C (SIGINT) calls `handler` instead of
 * removing the temporary outputs and exiting: a run that can end cleanly (a live report)
 * completes its outputs itself. A second Ctrl-C removes them and exits as usual.
 */
export function deferInterrupt(handler: () => void): () => void {
  hookSignals();
  interruptHandler = handler;
  return () => { if (interruptHandler === handler) interruptHandler = null; };
}

function hookSignals(): void {
  if (signalHooked) return;
  signalHooked = true;
  const cleanup = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && interruptHandler !== null) {
      const handler = interruptHandler;
      interruptHandler = null;
      process.once('SIGINT', cleanup);
      handler();
      return;
    }
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
  /** How text is encoded into bytes (writeEncoded takes bytes in this encoding). */
  readonly byteEncoding: 'utf8' | 'utf16le';
  private readonly temp: string | null;
  private done = false;
  /** An in-memory target (OutputFile.memory): the bytes written so far, not yet taken. */
  private memoryParts: Buffer[] | null = null;
  private memoryPage: (() => Buffer) | null = null;
  private pageNow: Buffer | null = null;
  private pageUsed = 0;
  /** A UTF-8 memory target: a ByteWriter hands its filled buffer over (handOver) instead of having it copied. */
  private adopts = false;

  private constructor(readonly path: string, encoding: OutputEncoding, fd: number, temp: string | null, private readonly ownsFd = false) {
    this.fd = fd;
    this.temp = temp;
    this.byteEncoding = encoding === 'utf8' ? 'utf8' : 'utf16le';
    if (encoding === 'utf16le-bom') this.write('\ufeff');
  }

  /** Open `path` (or `-` for stdout). Throws OutputExistsError when it exists and `overwrite` is false. */
  static open(path: string, options: { overwrite: boolean; encoding?: OutputEncoding }): OutputFile {
    const encoding = options.encoding ?? 'utf8';
    if (path === '-') {
      const blocking = blockingStdoutPipe();
      return blocking === null ? new OutputFile(path, encoding, 1, null) : new OutputFile(path, encoding, blocking, null, true);
    }
    const special = specialTarget(path);
    if (special) {
      // A device or pipe (/dev/null, a FIFO): write into it; renaming a file over it would replace it.
      try {
        return new OutputFile(path, encoding, openSync(path, 'w'), null, true);
      } catch (e) {
        throw new OutputWriteError(path, writeFailure(e));
      }
    }
    if (directoryTarget(path)) throw new OutputWriteError(path, 'it is a directory; name a file');
    if (path.endsWith('/') || path.endsWith(sep)) throw new OutputWriteError(path, 'it ends with a path separator; name a file');
    if (existsSync(path) && !options.overwrite) throw new OutputExistsError(path);
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    // The handlers first: a Ctrl-C that came after the file exists and before them would end the
    // process by the signal itself, leaving the temporary file behind (JavaScript handlers run
    // only when this synchronous code is done, by then with the file in liveTemps).
    hookSignals();
    let fd: number;
    try {
      fd = openSync(temp, 'wx');
    } catch (e) {
      throw new OutputWriteError(path, writeFailure(e));
    }
    liveTemps.add(temp);
    return new OutputFile(path, encoding, fd, temp);
  }

  /**
   * A target in memory, without a BOM: what the sinks write is kept until
   * takeBytes() (a report's worker threads render time slices this way), in pages
   * that `page` gives (a pool the caller refills).
   */
  static memory(encoding: 'utf8' | 'utf16le', page: () => Buffer): OutputFile {
    const out = new OutputFile('(memory)', encoding === 'utf8' ? 'utf8' : 'utf16le-bom', -1, null);
    out.used = 0; // no BOM
    out.memoryParts = [];
    out.memoryPage = page;
    out.adopts = encoding === 'utf8';
    return out;
  }

  /** Whether handOver() may be used: a UTF-8 memory target (a UTF-16 one re-encodes what it is given). */
  get takesPages(): boolean {
    return this.adopts;
  }

  /**
   * Keep the first `used` bytes of `page` (UTF-8 text) as they are, not copied: the
   * page is the target's from now on, one of the parts takeBytes() gives (copying a
   * slice's rendered bytes into the target's own pages cost about a tenth of an XML
   * dump's time). Returns a fresh page for the writer to go on in. Only where
   * takesPages is true.
   */
  handOver(page: Buffer, used: number): Buffer {
    if (!this.adopts) throw new Error('handOver: not a UTF-8 memory target');
    this.flush(); // text written before these bytes goes first
    let fresh: Buffer | null = null;
    if (this.pageNow !== null) {
      if (this.pageUsed > 0) this.memoryParts!.push(this.pageNow.subarray(0, this.pageUsed));
      else fresh = this.pageNow;
      this.pageNow = null;
      this.pageUsed = 0;
    }
    this.memoryParts!.push(page.subarray(0, used));
    return fresh ?? this.memoryPage!();
  }

  /**
   * The bytes written to a memory target since the last call, in order: full pages
   * and the used part of the last one, each in an ArrayBuffer of its own (so it
   * can be transferred).
   */
  takeBytes(): Buffer[] {
    this.flush();
    const parts = this.memoryParts ?? [];
    if (this.pageNow !== null && this.pageUsed > 0) parts.push(this.pageNow.subarray(0, this.pageUsed));
    this.pageNow = null;
    this.pageUsed = 0;
    this.memoryParts = [];
    return parts;
  }

  /** Keep bytes written to a memory target. */
  private keep(bytes: Buffer): void {
    let off = 0;
    while (off < bytes.length) {
      if (this.pageNow === null || this.pageUsed === this.pageNow.length) {
        if (this.pageNow !== null) this.memoryParts!.push(this.pageNow);
        this.pageNow = this.memoryPage!();
        this.pageUsed = 0;
      }
      const n = bytes.copy(this.pageNow, this.pageUsed, off);
      this.pageUsed += n;
      off += n;
    }
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

  /** Write bytes already encoded in the file's encoding, or binary bytes (after anything pending). */
  writeEncoded(bytes: Buffer): void {
    this.flush();
    this.writeBytes(bytes);
  }

  /** Decodes UTF-8 text for a UTF-16 file, keeping a character split across two calls. */
  private utf8Text: StringDecoder | null = null;

  /**
   * Write text given as UTF-8 bytes (what ByteWriter makes): as they are into a UTF-8 file,
   * re-encoded as UTF-16LE into a Unicode one (-en Unicode).
   */
  writeUtf8(bytes: Buffer): void {
    if (this.byteEncoding === 'utf8') {
      this.writeEncoded(bytes);
      return;
    }
    this.utf8Text ??= new StringDecoder('utf8');
    this.writeEncoded(Buffer.from(this.utf8Text.write(bytes), 'utf16le'));
  }

  private writeBytes(bytes: Buffer): void {
    if (this.memoryParts !== null) { this.keep(bytes); return; }
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(this.fd, bytes, off, bytes.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') { pause(); continue; } // non-blocking stdout pipe: wait briefly for the reader
        if (code === 'EPIPE') return;
        throw new OutputWriteError(this.path, writeFailure(e));
      }
    }
  }

  /**
   * Overwrite bytes already written, at `position` from the start (for a format
   * whose header is known only at the end, EVTX). Needs a seekable file: not a pipe.
   */
  writeAt(position: number, bytes: Buffer): void {
    this.flush();
    try {
      writeSync(this.fd, bytes, 0, bytes.length, position);
    } catch (e) {
      throw new OutputWriteError(this.path, (e as NodeJS.ErrnoException).code ?? String(e));
    }
  }

  /** Finish: flush, close and move the temporary file into place. */
  commit(): void {
    if (this.done) return;
    this.flush();
    if (this.memoryParts !== null) return; // a memory target stays open for takeBytes
    this.done = true;
    if (this.ownsFd) closeSync(this.fd);
    if (this.temp === null) return;
    closeSync(this.fd);
    try {
      renameSync(this.temp, this.path);
    } catch (e) {
      try { unlinkSync(this.temp); } catch { /* gone */ }
      throw new OutputWriteError(this.path, writeFailure(e));
    } finally {
      liveTemps.delete(this.temp);
    }
  }

  /** Give up: remove the temporary file, leave any existing target untouched. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.ownsFd) closeSync(this.fd);
    if (this.temp === null) return;
    try { closeSync(this.fd); } catch { /* closed */ }
    try { unlinkSync(this.temp); } catch { /* gone */ }
    liveTemps.delete(this.temp);
  }
}
