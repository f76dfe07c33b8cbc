/**
 * Timestamp conversion (docs/architecture.md F4): raw session-clock values to FILETIME
 * (100-ns ticks since 1601 UTC), anchored on the log-file header record.
 */
import type { LogfileHeader } from './logfile-header.js';

export const FILETIME_UNIX_EPOCH = 116444736000000000n;

export class ClockConverter {
  /** 100-ns ticks per raw tick; 1 means integer arithmetic is exact. */
  readonly scale: number;
  private readonly exact: boolean;
  private readonly base: bigint;
  private readonly startTime: bigint;
  private readonly anchorLo: number;
  private readonly anchorHi: number;
  /** Offsets of this file's times from the common epoch, as doubles (see key()). */
  private startOffset = 0;
  private baseOffset = 0;

  constructor(header: LogfileHeader, anchorRaw: bigint) {
    this.scale = clockScale(header);
    this.exact = this.scale === 1;
    this.startTime = header.startTime;
    this.base = header.startTime - (this.exact ? anchorRaw : BigInt(Math.trunc(this.scale * Number(anchorRaw))));
    this.anchorLo = Number(BigInt.asUintN(32, anchorRaw));
    this.anchorHi = Number(BigInt.asIntN(32, anchorRaw >> 32n));
    this.setEpoch(header.startTime);
  }

  /** The FILETIME that ordering keys count from (the earliest start of the files merged). */
  setEpoch(epoch: bigint): void {
    this.startOffset = Number(this.startTime - epoch);
    this.baseOffset = Number(this.base - epoch);
  }

  toFileTime(raw: bigint): bigint {
    return this.exact ? this.base + raw : this.base + BigInt(Math.trunc(this.scale * Number(raw)));
  }

  /**
   * Ordering key of a raw time given as its halves: the converted time in 100-ns ticks
   * since the epoch, as a double. Exact (no bigint needed) while the trace spans less
   * than 2^53 ticks (28 years); monotonic in the raw time in every case.
   */
  key(lo: number, hi: number): number {
    if (this.exact) return this.startOffset + ((hi - this.anchorHi) * 4294967296 + (lo - this.anchorLo));
    return this.baseOffset + Math.trunc(this.scale * (hi * 4294967296 + lo));
  }
}

/** The scale of the clock named by ReservedFlags: 1 QPC (and 0 raw), 2 system time, 3 CPU cycles. */
export function clockScale(h: LogfileHeader): number {
  switch (h.reservedFlags) {
    case 2: return 1;
    case 3: return h.cpuSpeedInMHz > 0 ? 10 / h.cpuSpeedInMHz : 1;
    default: return h.perfFreq > 0n ? 1e7 / Number(h.perfFreq) : 1;
  }
}

export function clockName(reservedFlags: number): string {
  switch (reservedFlags) {
    case 1: return 'QPC';
    case 2: return 'system time';
    case 3: return 'CPU cycle counter';
    default: return `raw (${reservedFlags})`;
  }
}

/**
 * FILETIME as ISO-8601 UTC with 7 fractional digits, exactly (e.g. 2026-07-31T08:51:22.1713885Z).
 * Years past 9999 (a FILETIME reaches year 30828; ones read as negative reach before year 1)
 * take ISO-8601's expanded form, a sign and six digits: `+031250-11-18T19:46:00.0040724Z`.
 */
export function fileTimeToIso(ft: bigint): string {
  const ticks = ft - FILETIME_UNIX_EPOCH;
  let ms = ticks / 10000n;
  let frac = ticks % 10000000n;
  if (frac < 0n) { frac += 10000000n; }
  if (ticks < 0n && ticks % 10000n !== 0n) ms -= 1n;
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return `invalid(${ft})`;
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ, or ±YYYYYY-MM-DDTHH:MM:SS.mmmZ
  return iso.slice(0, iso.indexOf('T') + 9) + '.' + frac.toString().padStart(7, '0') + 'Z';
}
