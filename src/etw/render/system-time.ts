/**
 * TimeCreated text as tracerpt writes it: ISO-8601 UTC with 9 fractional
 * digits (100-ns ticks + `00`) and `Z`, e.g. `2014-01-24T12:00:20.612995800Z`.
 * The formatter reuses the date-and-seconds text while consecutive times share
 * a second, which is the common case in a time-ordered stream.
 */
import { fileTimeToIso } from '../etl/clock.js';

const TICKS_PER_SECOND = 10_000_000n;

/** One FILETIME as tracerpt's SystemTime text. */
export function systemTime(fileTime: bigint): string {
  const iso = fileTimeToIso(fileTime);
  return iso.endsWith('Z') ? iso.slice(0, -1) + '00Z' : iso;
}

export class SystemTimeFormatter {
  private second = -1n;
  private prefix = '';

  format(fileTime: bigint): string {
    if (fileTime < 0n) return systemTime(fileTime);
    const second = fileTime / TICKS_PER_SECOND;
    if (second !== this.second) {
      const iso = fileTimeToIso(second * TICKS_PER_SECOND);
      if (!iso.endsWith('Z')) return systemTime(fileTime);
      this.second = second;
      this.prefix = iso.slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    }
    return this.prefix + (Number(fileTime - second * TICKS_PER_SECOND) + 10_000_000).toString().slice(1) + '00Z';
  }
}
