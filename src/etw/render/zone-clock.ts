/**
 * A time zone's offset from UTC at any instant, for writing local times
 * (`--time local`, `--tz ZONE`). The offsets come from Intl (the IANA database
 * Node carries), but asking Intl costs microseconds, so the clock remembers the
 * span of time over which the offset it last found holds: a UTC hour, or the
 * part of it before or after a transition found inside it. Records arrive in
 * time order, so almost every lookup hits the remembered span.
 *
 * Offsets are in whole seconds (historical local mean times have seconds);
 * transitions happen on whole seconds.
 */

const HOUR_MS = 3_600_000;

/** Is `zone` an IANA time zone name Intl knows? */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this machine runs in (the TZ environment variable where set). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class ZoneClock {
  private readonly parts: Intl.DateTimeFormat;
  /** The remembered span [from, to) in UTC milliseconds and its offset in seconds. */
  private from = Number.POSITIVE_INFINITY;
  private to = Number.NEGATIVE_INFINITY;
  private offset = 0;

  /** Throws RangeError when Intl does not know the zone. */
  constructor(readonly zone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  /** Offset east of UTC, in seconds, at the UTC instant `ms` (milliseconds since 1970). */
  offsetSecondsAt(ms: number): number {
    if (ms >= this.from && ms < this.to) return this.offset;
    const hour = Math.floor(ms / HOUR_MS) * HOUR_MS;
    const atStart = this.intlOffset(hour);
    const atEnd = this.intlOffset(hour + HOUR_MS);
    if (atStart === atEnd) {
      this.remember(hour, hour + HOUR_MS, atStart);
    } else {
      // A transition inside this hour: the first whole second that has the new offset.
      let lo = hour / 1000, hi = (hour + HOUR_MS) / 1000; // offset(lo) = atStart, offset(hi) = atEnd
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.intlOffset(mid * 1000) === atStart) lo = mid; else hi = mid;
      }
      const change = hi * 1000;
      if (ms < change) this.remember(hour, change, atStart);
      else this.remember(change, hour + HOUR_MS, atEnd);
    }
    return this.offset;
  }

  private remember(from: number, to: number, offset: number): void {
    this.from = from;
    this.to = to;
    this.offset = offset;
  }

  /** Intl's wall clock at `ms` (a whole second) read back as if it were UTC, minus `ms`. */
  private intlOffset(ms: number): number {
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, bc = false;
    for (const p of this.parts.formatToParts(ms)) {
      switch (p.type) {
        case 'year': year = Number(p.value); break;
        case 'month': month = Number(p.value); break;
        case 'day': day = Number(p.value); break;
        case 'hour': hour = Number(p.value); break;
        case 'minute': minute = Number(p.value); break;
        case 'second': second = Number(p.value); break;
        case 'era': bc = p.value === 'BC'; break;
      }
    }
    const wall = new Date(0);
    wall.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
    wall.setUTCHours(hour, minute, second, 0);
    return Math.round((wall.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
  }

  /**
   * The UTC instant (ms) of a wall-clock time in this zone, given as the ms of that
   * wall time read as UTC. A time that a transition skips is read with the offset
   * before it; a time it repeats, as the earlier of the two.
   */
  wallToUtc(wallMs: number): number {
    const before = this.offsetSecondsAt(wallMs - 86_400_000);
    const first = wallMs - before * 1000;
    if (this.offsetSecondsAt(first) === before) return first;
    const after = this.offsetSecondsAt(wallMs + 86_400_000);
    const second = wallMs - after * 1000;
    return this.offsetSecondsAt(second) === after ? second : first;
  }
}
