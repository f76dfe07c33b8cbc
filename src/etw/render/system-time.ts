/**
 * Record times as tracerpt writes them: TimeCreated as ISO-8601 UTC with 9
 * fractional digits (100-ns ticks + `00`) and `Z`, e.g.
 * `2014-01-24T12:00:20.612995800Z`, and CSV Clock-Time as the FILETIME integer.
 * The formatter works from the record's numeric time key and rebuilds the
 * per-second part (with bigint arithmetic) only when a record falls outside the
 * second of the previous one — the common case in a time-ordered stream.
 */
import { fileTimeToIso } from '../etl/clock.js';
import { Piece, type ByteWriter } from './byte-writer.js';

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

/** `YYYY-MM-DDTHH:MM:SS.`: a four-digit year (others are written the slow way). */
const ISO_SECOND_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.$/;

export class RecordTimeFormatter {
  private secondKey = Number.NaN;
  private isoPrefix = '';
  private decimalPrefix = '';
  private isoValid = false;
  /** The prefixes as prepared bytes for the byte writers; the ISO one led by `lead`. */
  private isoPrefixPiece = new Piece(new Uint8Array(0));
  private decimalPrefixPiece = new Piece(new Uint8Array(0));

  /** `lead`: constant text the byte writers put before every ISO time (e.g. a JSON key), copied with the prefix. */
  constructor(private readonly lead = '') {}

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
    this.isoPrefix = iso.slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    this.isoValid = ISO_SECOND_PREFIX.test(this.isoPrefix);
    this.isoPrefixPiece = Piece.latin1(this.lead + this.isoPrefix);
    this.decimalPrefixPiece = Piece.latin1(this.decimalPrefix);
    return f;
  }

  /** `2014-01-24T12:00:20.612995800Z`. */
  systemTime(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) return systemTime(r.fileTime);
    return this.isoPrefix + (f + 10_000_000).toString().slice(1) + '00Z';
  }

  /** The lead and systemTime(r) into a writer (room for 40 bytes and the lead ensured). */
  writeSystemTime(w: ByteWriter, r: TimedRecord): void {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) { w.ascii(this.lead + systemTime(r.fileTime)); return; }
    w.put(this.isoPrefixPiece);
    w.fixedDigits(f, 7);
    w.byte(48); w.byte(48); w.byte(90); // 00Z
  }

  /** fileTimeDecimal(r) into a writer (room for 24 bytes ensured). */
  writeFileTimeDecimal(w: ByteWriter, r: TimedRecord): void {
    const f = this.fraction(r);
    if (f < 0) { w.ascii(r.fileTime.toString()); return; }
    if (this.decimalPrefix === '') { w.uint(f); return; }
    w.put(this.decimalPrefixPiece);
    w.fixedDigits(f, 7);
  }

  /**
   * The lead and the time as ISO-8601 with 7 fractional digits (the JSONL form) into a
   * writer (room for 40 bytes and the lead ensured). Returns true when the closing `Z`
   * is still to be written by the caller, false when the text was complete
   * (fileTimeToIso's own form, for times it cannot split by second).
   */
  writeIsoTicks(w: ByteWriter, r: TimedRecord): boolean {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) { w.ascii(this.lead + fileTimeToIso(r.fileTime)); return false; }
    w.put(this.isoPrefixPiece);
    w.fixedDigits(f, 7);
    return true;
  }

  /** The FILETIME as a decimal integer. */
  fileTimeDecimal(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0) return r.fileTime.toString();
    return this.decimalPrefix === '' ? String(f) : this.decimalPrefix + (f + 10_000_000).toString().slice(1);
  }
}
