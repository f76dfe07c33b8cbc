/**
 * Record times as tracerpt writes them: TimeCreated as ISO-8601 UTC with 9
 * fractional digits (100-ns ticks + `00`) and `Z`, e.g.
 * `2014-01-24T12:00:20.612995800Z`, and CSV Clock-Time as the FILETIME integer.
 * With a local zone (`--time local`, `--tz`) the ISO texts are that zone's wall
 * clock followed by its offset (src/etw/render/local-time.ts); Clock-Time stays
 * the FILETIME, which counts from 1601 UTC whatever the zone.
 * The formatter works from the record's numeric time key and rebuilds the
 * per-second part (with bigint arithmetic) only when a record falls outside the
 * second of the previous one — the common case in a time-ordered stream; the
 * zone's offset is looked up only then, and can only change on a whole second.
 */
import { fileTimeToIso } from '../etl/clock.js';
import { Piece, type ByteWriter } from './byte-writer.js';
import { offsetText, type LocalTime, type OffsetStyle } from './local-time.js';

const TICKS_PER_SECOND = 10_000_000n;

/** A zone and the spelling of its offset; null writes UTC with `Z`. */
export interface LocalTimeForm {
  local: LocalTime;
  style: OffsetStyle;
}

/** A FILETIME as ISO-8601 with 7 fractional digits, in UTC or the wall clock of `form`'s zone with its offset. */
export function isoTime(fileTime: bigint, form: LocalTimeForm | null = null): string {
  if (form === null) return fileTimeToIso(fileTime);
  const offset = form.local.offsetAt(fileTime);
  const iso = fileTimeToIso(fileTime + BigInt(offset) * TICKS_PER_SECOND);
  return iso.endsWith('Z') ? iso.slice(0, -1) + offsetText(form.style, offset) : iso;
}

/** One FILETIME as tracerpt's SystemTime text (9 fractional digits), in UTC or `form`'s zone. */
export function systemTime(fileTime: bigint, form: LocalTimeForm | null = null): string {
  const iso = isoTime(fileTime, form);
  const end = iso.lastIndexOf('.') + 8;
  return iso.startsWith('invalid') ? iso : iso.slice(0, end) + '00' + iso.slice(end);
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
  /** What follows the digits: `Z`, or the zone's offset in this second. */
  private suffix = 'Z';
  private suffixPiece = Piece.latin1('Z');

  /**
   * `lead`: constant text the byte writers put before every ISO time (e.g. a JSON key), copied with the prefix.
   * `form`: the zone to write wall-clock times in; null (the default) writes UTC.
   */
  constructor(private readonly lead = '', private readonly form: LocalTimeForm | null = null) {}

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
    let wallSecond = second;
    if (this.form !== null) {
      const offset = this.form.local.offsetAt(second * TICKS_PER_SECOND);
      wallSecond += BigInt(offset);
      this.suffix = offsetText(this.form.style, offset);
      this.suffixPiece = Piece.latin1(this.suffix);
    }
    const iso = fileTimeToIso(wallSecond * TICKS_PER_SECOND);
    this.isoPrefix = iso.slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    this.isoValid = ISO_SECOND_PREFIX.test(this.isoPrefix);
    this.isoPrefixPiece = Piece.latin1(this.lead + this.isoPrefix);
    this.decimalPrefixPiece = Piece.latin1(this.decimalPrefix);
    return f;
  }

  /** `2014-01-24T12:00:20.612995800Z` (or the local form: `2014-01-24T13:00:20.612995800+00:59`). */
  systemTime(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) return systemTime(r.fileTime, this.form);
    return this.isoPrefix + (f + 10_000_000).toString().slice(1) + '00' + this.suffix;
  }

  /** The lead and systemTime(r) into a writer (room for 40 bytes and the lead ensured). */
  writeSystemTime(w: ByteWriter, r: TimedRecord): void {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) { w.ascii(this.lead + systemTime(r.fileTime, this.form)); return; }
    w.put(this.isoPrefixPiece);
    w.digits7(f);
    w.byte(48); w.byte(48); // 00
    if (this.form === null) w.byte(90); // Z
    else w.put(this.suffixPiece);
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
   * (a local time, which ends with its offset, or isoTime's own form, for times it
   * cannot split by second).
   */
  writeIsoTicks(w: ByteWriter, r: TimedRecord): boolean {
    const f = this.fraction(r);
    if (f < 0 || !this.isoValid) { w.ascii(this.lead + isoTime(r.fileTime, this.form)); return false; }
    w.put(this.isoPrefixPiece);
    w.digits7(f);
    if (this.form === null) return true;
    w.put(this.suffixPiece);
    return false;
  }

  /** The FILETIME as a decimal integer. */
  fileTimeDecimal(r: TimedRecord): string {
    const f = this.fraction(r);
    if (f < 0) return r.fileTime.toString();
    return this.decimalPrefix === '' ? String(f) : this.decimalPrefix + (f + 10_000_000).toString().slice(1);
  }
}
