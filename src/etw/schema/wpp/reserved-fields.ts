/**
 * tracefmt's reserved format fields %1-%9, which its line prefix uses and a
 * message may use: %1 component name, %2 file and line (the TMF's `#typev`
 * name), %3 thread id, %4 time, %5 kernel time, %6 user time, %7 sequence
 * number, %8 process id, %9 processor. Times are shown as tracefmt does,
 * `MM/DD/YYYY-HH:MM:SS.mmm`: tracefmt in the machine's zone, etwkit in UTC
 * unless the run asks for local times (the caller passes the zone's offset).
 */
import type { EtlRecord } from '../../etl/record.js';
import type { WppValue } from './printf.js';

/** Names shown by %1 and %2 (a WPP message's TMF facts, or a decoded event's names). */
export interface ReservedNames {
  component: string;
  fileLine: string;
}

/** A FILETIME as tracefmt's `MM/DD/YYYY-HH:MM:SS.mmm`, in UTC moved by `offsetSeconds` (east of UTC). */
export function prefixTime(fileTime: bigint, offsetSeconds = 0): string {
  const d = new Date(Number((fileTime - 116444736000000000n) / 10000n) + offsetSeconds * 1000);
  if (Number.isNaN(d.getTime())) return fileTime.toString();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

const u32 = (n: number): WppValue => ({ kind: 'int', bits: BigInt(n >>> 0), size: 4, signed: false });

/**
 * The value of reserved field `n` (1-9) for a record, or undefined for another
 * number; %4 shows the time `offsetSeconds` east of UTC.
 */
export function reservedField(n: number, r: EtlRecord, names: ReservedNames, offsetSeconds = 0): WppValue | undefined {
  switch (n) {
    case 1: return { kind: 'text', text: names.component };
    case 2: return { kind: 'text', text: names.fileLine };
    case 3: return u32(r.tid);
    case 4: return { kind: 'text', text: prefixTime(r.fileTime, offsetSeconds) };
    case 5: return u32(r.kernelTime ?? 0);
    case 6: return u32(r.userTime ?? 0);
    case 7: return u32(r.wpp?.sequence ?? 0);
    case 8: return u32(r.pid);
    case 9: return u32(r.cpu);
    default: return undefined;
  }
}
