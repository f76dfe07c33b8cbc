/**
 * Record times as tracerpt writes them: TimeCreated as ISO-8601 UTC with 9
 * fractional digits (100-ns ticks + `00`) and `Z`, e.g.
 * `2014-01-24T12:00:20.612995800Z`, and CSV Clock-Time as the FILETIME integer.
 * The formatter works from the record's numeric time key and rebuilds the
 * per-second part (with bigint arithmetic) only when a record falls outside the
 * second of the previous one — the common case in a time-ordered stream.
 */
import { fileTimeToIso } from '../etl/clock.js';
import type { ByteWriter } from './byte-writer.js';

const TICKS_PER_SECOND = 10_000_000n;

/** One FILETIME as tracerpt's SystemTime text. */
export function systemTime(fileTime: bigint): string {
  const iso = fileTimeToIso(fileTime);
  return iso.endsWith('Z') ? iso.slice(0, -1) + '00Z' : iso;
}

export interface TimedRecord {
  timeKey: number;
  readonly fileTime: bigint;
}

export class RecordTimeFormatter {
  private secondKey = Number.NaN;
  private isoPrefix = '';
  private decimalPrefix = '';
  private isoValid = false;
  /** The prefixes as bytes, for the byte writers. */
  private isoPrefixBytes: Buffer = Buffer.alloc(0);
  private decimalPrefixBytes: Buffer = Buffer.alloc(0);

  /** Fraction of the second in ticks, refreshing the per-second prefixes when needed; -1 for times before 1601. */
  private fraction(r: TimedRecord): number {
    const frac = r.timeKey - this.secondKey;
    if (frac >= 0 && frac < 10_000_000) return frac;
    const ft = r.fileTime;
    if (ft < 0n) return -1;
    const second = ft / TICKS_PER_SECOND;
    const f = Number(ft - second * TICKS_PER_SECOND);
    this.secondKey = r.timeKey - f;
    this.decimalPrefix = second === 0n ? '' : second.toString();
    const iso = fileTimeToIso(second * TICKS_PER_SECOND);
    this.isoValid = iso.endsWith('Z');
    this.isoPrefix = iso.slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    this.isoPrefixBytes = Buffer.from(this.isoPrefix, 'latin1');
    this.decimalPrefixBytes = Buffer.from(this.decimalPrefix, 'latin1');
    return f;
  }

  /** `2014-01-24T12:00:20.612995800Z`. */
  systemTime(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) return systemTime(r.fileTime);
    return this.isoPrefix + (f + 10_000_000).toString().slice(1) + '00Z';
  }

  /** systemTime(r) into a writer (room for 40 bytes ensured). */
  writeSystemTime(w: ByteWriter, r: TimedRecord): void {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) { w.ascii(systemTime(r.fileTime)); return; }
    w.bytes(this.isoPrefixBytes);
    w.fixedDigits(f, 7);
    w.byte(48); w.byte(48); w.byte(90); // 00Z
  }

  /** fileTimeDecimal(r) into a writer (room for 24 bytes ensured). */
  writeFileTimeDecimal(w: ByteWriter, r: TimedRecord): void {
    const f = this.fraction(r);
    if (f < 0) { w.ascii(r.fileTime.toString()); return; }
    if (this.decimalPrefix === '') { w.uint(f); return; }
    w.bytes(this.decimalPrefixBytes);
    w.fixedDigits(f, 7);
  }

  /** The FILETIME as a decimal integer. */
  fileTimeDecimal(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0) return r.fileTime.toString();
    return this.decimalPrefix === '' ? String(f) : this.decimalPrefix + (f + 10_000_000).toString().slice(1);
  }
}
