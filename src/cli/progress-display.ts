/**
 * The progress line of `report`: on a terminal, `NN.NN%` rewritten in place
 * with bytes read and events per second, at most ten times a second, and a
 * final `100.00%`; elsewhere only the final `100.00%` line, so logs and pipes
 * get no carriage-return noise.
 */
import { percentText } from './tracerpt-console.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

function bytesText(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(0)} KiB`;
}

export class ProgressDisplay {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: ProgressStream, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  get live(): boolean {
    return this.stream.isTTY === true;
  }

  update(bytesRead: number, totalBytes: number, records: number): void {
    if (!this.live) return;
    const t = this.now();
    if (this.drawn && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.drawn = true;
    const seconds = Math.max(0.001, (t - this.started) / 1000);
    const rate = Math.round(records / seconds).toLocaleString('en-US');
    this.stream.write(`\r${percentText(bytesRead, totalBytes)}  ${bytesText(bytesRead)} of ${bytesText(totalBytes)}, ${rate} events/s\x1b[K`);
  }

  finish(): void {
    this.stream.write(this.live ? '\r100.00%\x1b[K\n' : '100.00%\n');
  }
}
