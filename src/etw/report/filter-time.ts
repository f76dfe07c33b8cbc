/**
 * The times of `--since` and `--until`: an ISO-8601 date and time, or an offset
 * from the start of the trace (`+5s`, `+1.5m`, `+250ms`). Times are kept to the
 * 100-ns tick, as FILETIMEs are. An ISO time without `Z` or an offset is read
 * in the zone the outputs are written in (UTC unless --time local / --tz).
 */
import { FILETIME_UNIX_EPOCH } from '../etl/clock.js';
import type { ZoneClock } from '../render/zone-clock.js';

export type TimeBound =
  | { kind: 'absolute'; fileTime: bigint }
  /** Ticks after the trace start (the earliest session start of the inputs). */
  | { kind: 'relative'; ticks: bigint };

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?$/i;
const RELATIVE = /^\+(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|min|h)$/;

/** 100-ns ticks per unit; `ns` counts in hundreds. */
const UNIT_TICKS: Record<string, number> = { ns: 0.01, us: 10, µs: 10, ms: 10_000, s: 10_000_000, m: 600_000_000, min: 600_000_000, h: 36_000_000_000 };

/** Read a time; null when the text is neither form. `zone` reads times without an offset (null: UTC). */
export function parseTimeBound(text: string, zone: ZoneClock | null): TimeBound | null {
  const rel = RELATIVE.exec(text);
  if (rel !== null) {
    const [whole, frac = ''] = rel[1]!.split('.');
    const perUnit = UNIT_TICKS[rel[2]!]!;
    // Exact decimal arithmetic: ticks = number × perUnit, rounded down to a tick.
    const scale = 10n ** BigInt(frac.length);
    const digits = BigInt((whole || '0') + frac);
    const ticks = perUnit >= 1
      ? (digits * BigInt(perUnit)) / scale
      : digits / (scale * 100n);
    return { kind: 'relative', ticks };
  }
  const m = ISO.exec(text);
  if (m === null) return null;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1, 7) as string[];
  const fraction = (m[7] ?? '').padEnd(7, '0').slice(0, 7);
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)
    || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  // Years 0-99 are not what Date.UTC makes of them; no trace is that old.
  if (Number(year) < 1601) return null;
  let utcMs: number;
  const zoneText = m[8];
  if (zoneText === undefined) utcMs = zone === null ? wall : zone.wallToUtc(wall);
  else if (zoneText.toUpperCase() === 'Z') utcMs = wall;
  else {
    const sign = zoneText[0] === '-' ? -1 : 1;
    const digits = zoneText.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    utcMs = wall - sign * minutes * 60_000;
  }
  return { kind: 'absolute', fileTime: BigInt(utcMs) * 10_000n + FILETIME_UNIX_EPOCH + BigInt(fraction) };
}

/** The FILETIME of a bound, given the trace start. */
export function boundFileTime(b: TimeBound, traceStart: bigint): bigint {
  return b.kind === 'absolute' ? b.fileTime : traceStart + b.ticks;
}
