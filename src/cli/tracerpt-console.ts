/**
 * tracerpt's console text (docs/architecture.md F10): the Input block with the
 * files, the `NN.NN%` progress line, the Output block with labels padded to 20
 * columns, and `The command completed successfully.`. Pure text functions plus
 * a small writer that knows whether it talks to a terminal.
 */

export interface ConsoleOutputs {
  dump: string | null;
  summary: string | null;
  report: string | null;
}

const RULE = '----------------';
const label = (text: string) => text.padEnd(20, ' ');

/** The Input block; `heading` names what is listed (the files, or etwkit's `Real-time session(s):` for -rt). */
export function inputBlock(files: string[], heading = 'File(s):'): string {
  return '\nInput\n' + RULE + '\n' + heading + '\n' + files.map((f) => `     ${f}\n`).join('') + '\n';
}

/** `45.10%`: two decimals, never above 100. */
export function percentText(done: number, total: number): string {
  const p = total > 0 ? Math.min(100, (done / total) * 100) : 100;
  return `${p.toFixed(2)}%`;
}

/** The Output block; `completed` adds tracerpt's closing line (left out when the input was damaged). */
export function outputBlock(o: ConsoleOutputs, completed = true): string {
  let s = '\nOutput\n' + RULE + '\n';
  if (o.dump !== null) s += label('DumpFile:') + (o.dump === '-' ? '(standard output)' : o.dump) + '\n';
  if (o.summary !== null) s += label('Summary:') + o.summary + '\n';
  if (o.report !== null) s += label('Report:') + o.report + '\n';
  return s + (completed ? '\nThe command completed successfully.\n\n' : '\n');
}
