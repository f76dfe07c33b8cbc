/**
 * OutputFile.open installs its Ctrl-C / SIGTERM handlers before it creates the
 * temporary file: a signal that came between the two would otherwise end the
 * process by the signal itself and leave the temporary file behind (JavaScript
 * handlers run only after the synchronous open, by when the file is one to remove).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** The SIGINT listeners present when each temporary file was created. */
const atCreate: number[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((path: import('node:fs').PathLike, flags?: import('node:fs').OpenMode, mode?: import('node:fs').Mode) => {
    if (flags === 'wx' && String(path).endsWith('.tmp')) atCreate.push(process.listenerCount('SIGINT'));
    return fs.openSync(path, flags, mode);
  }) as typeof fs.openSync;
  return { ...fs, default: { ...fs, openSync }, openSync };
});

describe('OutputFile.open and signals', () => {
  it('the SIGINT handler is there before the temporary file is', async () => {
    const { OutputFile } = await import('../../src/etw/render/output-file.js');
    const before = process.listenerCount('SIGINT');
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-output-signal-'));
    const out = OutputFile.open(join(dir, 'a.csv'), { overwrite: false });
    expect(atCreate).toEqual([before + 1]);
    out.abort();
    expect(existsSync(join(dir, 'a.csv'))).toBe(false);
  });
});
