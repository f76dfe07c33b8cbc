/**
 * Warnings and errors on standard error, coloured with chalk when standard error
 * is a terminal: `warning:` lines yellow, error lines (`etwkit …: problem`) red.
 * chalk decides from the terminal and FORCE_COLOR; NO_COLOR (no-color.org), which
 * chalk does not read, turns colour off here — unless FORCE_COLOR is also set,
 * which wins, as it does for Node itself. Redirected output stays plain.
 */
import { Chalk, chalkStderr, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import type { ProgressStream } from './progress-display.js';

/** The colour level for standard error under these environment variables. */
export function stderrColourLevel(env: NodeJS.ProcessEnv = process.env, detected: ColorSupportLevel = chalkStderr.level): ColorSupportLevel {
  if (env.FORCE_COLOR !== undefined) return detected;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return detected;
}

let painter: ChalkInstance | null = null;

/** A problem line (newline included or not) as it is written to standard error. */
export function problemLine(line: string): string {
  painter ??= new Chalk({ level: stderrColourLevel() });
  const newline = line.endsWith('\n') ? '\n' : line.endsWith('\r\n') ? '\r\n' : '';
  const text = line.slice(0, line.length - newline.length);
  const paint = text.startsWith('warning: ') ? painter.yellow : painter.red;
  return paint(text) + newline;
}

/**
 * Standard error for a report run: the lines of warnings (`warning: …`) and errors
 * (`etwkit report: …`) are coloured; anything else written to it (tracerpt's
 * console text when the dump goes to standard output) passes unchanged.
 */
export function colouredProblems(stream: ProgressStream): ProgressStream {
  return {
    get isTTY() { return stream.isTTY; },
    write: (text: string) => stream.write(text.startsWith('warning: ') || text.startsWith('etwkit report: ') ? problemLine(text) : text),
  };
}
