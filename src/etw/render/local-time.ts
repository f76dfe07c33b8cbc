/**
 * How local times are written (`--time local`, `--tz ZONE`): the wall clock of
 * a zone followed by its offset. Two spellings of the offset:
 *
 * - tracerpt's, for the XML dump's SystemTime. tracerpt writes the wall clock
 *   right but an offset one minute short for zones east of UTC: a dump made in
 *   UTC+2 (2017, Windows 10 1703) reads `…T00:14:51.799606500+0159` for the
 *   instant 2017-10-22T22:14:51.7996065Z (its header's StartTime), a newer one
 *   reads `…+09:59` (UTC+10), and a third parser's tests show `+00:59` (UTC+1). That fits an offset computed as a difference that falls a little
 *   short of the zone's offset and is then cut to whole minutes toward zero, so
 *   west of UTC the cut lands on the exact offset. We write the newer spelling
 *   (`+HH:MM`), the one minute short east of UTC, the exact offset west of it,
 *   and `Z` at UTC.
 * - ISO-8601's exact offset, for our own formats (JSON lines, the report, the
 *   Docker table): `Z` at UTC, else `±HH:MM` (`±HH:MM:SS` for the odd historical
 *   offset with seconds).
 */
import { FILETIME_UNIX_EPOCH } from '../etl/clock.js';
import { ZoneClock } from './zone-clock.js';

export type OffsetStyle = 'tracerpt' | 'iso';

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** The exact offset: `Z`, `+02:00`, `-05:30`, `+00:19:32`. */
export function isoOffset(seconds: number): string {
  if (seconds === 0) return 'Z';
  const sign = seconds < 0 ? '-' : '+';
  const a = Math.abs(seconds);
  const text = `${sign}${pad2(Math.floor(a / 3600))}:${pad2(Math.floor(a / 60) % 60)}`;
  return a % 60 === 0 ? text : `${text}:${pad2(a % 60)}`;
}

/** tracerpt's offset: `Z` at UTC, one minute short east of UTC (`+01:59` for UTC+2), exact west of it. */
export function tracerptOffset(seconds: number): string {
  if (seconds === 0) return 'Z';
  const minutes = seconds > 0 ? Math.ceil(seconds / 60) - 1 : Math.trunc(seconds / 60);
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** The zone of a run's local times; null in a run that writes UTC. */
export class LocalTime {
  readonly clock: ZoneClock;
  constructor(readonly zone: string) {
    this.clock = new ZoneClock(zone);
  }

  /** The offset in seconds at a FILETIME instant. */
  offsetAt(fileTime: bigint): number {
    return this.clock.offsetSecondsAt(fileTimeMs(fileTime));
  }
}

/** Milliseconds since 1970 of a FILETIME (rounded down). */
export function fileTimeMs(fileTime: bigint): number {
  const t = fileTime - FILETIME_UNIX_EPOCH;
  const ms = t / 10_000n;
  return Number(t < 0n && ms * 10_000n !== t ? ms - 1n : ms);
}

export function offsetText(style: OffsetStyle, seconds: number): string {
  return style === 'tracerpt' ? tracerptOffset(seconds) : isoOffset(seconds);
}
