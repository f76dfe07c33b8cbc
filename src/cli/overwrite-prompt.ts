/**
 * The overwrite question tracerpt asks without -y when an output exists:
 * `<file> already exists. Overwrite? [y/n] `, answered on the terminal. Only
 * used when standard input is a terminal; scripts get an error instead.
 */
import { readSync } from 'node:fs';

/** Read one line from standard input, synchronously (null at end of input). */
function readLine(): string | null {
  const buf = Buffer.alloc(1);
  let line = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, 1, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return null;
    }
    if (n === 0) return line === '' ? null : line;
    const c = buf.toString('utf8');
    if (c === '\n') return line;
    line += c;
  }
}

/** Ask until the answer is yes or no; end of input means no. */
export function askOverwrite(path: string, ask: (text: string) => void, read: () => string | null = readLine): boolean {
  for (;;) {
    ask(`${path} already exists. Overwrite? [y/n] `);
    const answer = read();
    if (answer === null) return false;
    const a = answer.trim().toLowerCase();
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
  }
}
