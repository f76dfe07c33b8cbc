/**
 * Reads a WPP message's arguments from its bytes, in the TMF's order: each
 * item type's layout (item-type.ts) gives the value and, where tracefmt shows
 * one, its text form (strings, GUIDs, SIDs, status names, enum names, times).
 * Reading stops at the first argument whose type WPP does not define or whose
 * bytes run past the payload; the caller shows the rest as hex.
 */
import { formatSid, sidSize } from '../../etl/sid.js';
import type { ItemType } from './item-type.js';
import type { WppValue } from './printf.js';
import { hresultText, ndisOidText, ndisStatusText, ntstatusText, winerrorText } from './status-tables.js';
import type { TmfArgument } from './tmf-file.js';

export interface ReadArguments {
  /** Values by argument number (10, 11 …). */
  values: Map<number, WppValue>;
  /** Where reading stopped, when it did not reach the last argument. */
  stopped: { argument: TmfArgument; offset: number; reason: string } | null;
}

/** FILETIME ticks of 1970-01-01 (100-ns units since 1601). */
const UNIX_EPOCH = 116444736000000000n;

/** A FILETIME as `YYYY-MM-DD HH:MM:SS.mmmZ` (UTC), or the tick count when out of range. */
export function fileTimeText(ticks: bigint): string {
  const ms = Number((ticks - UNIX_EPOCH) / 10000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1601 || d.getUTCFullYear() > 9999) return ticks.toString();
  return d.toISOString().replace('T', ' ');
}

/** A count of 100-ns units as seconds with 3 decimals and `s` (tracefmt's %!delta!). */
export function timeDeltaText(ticks: bigint): string {
  const negative = ticks < 0n;
  const ms = ((negative ? -ticks : ticks) + 5000n) / 10000n;
  return `${negative ? '-' : ''}${ms / 1000n}.${(ms % 1000n).toString().padStart(3, '0')}s`;
}

function guidText(b: Buffer, o: number): string {
  const h = (from: number, to: number) => b.subarray(o + from, o + to).toString('hex');
  return `${b.readUInt32LE(o).toString(16).padStart(8, '0')}-${b.readUInt16LE(o + 4).toString(16).padStart(4, '0')}-`
    + `${b.readUInt16LE(o + 6).toString(16).padStart(4, '0')}-${h(8, 10)}-${h(10, 16)}`;
}

function enumText(t: ItemType, value: number, enums: ReadonlyMap<string, ReadonlyArray<readonly [number, string]>>): string {
  const list = enums.get(t.enumName!);
  const hex = '0x' + value.toString(16);
  if (list === undefined) return hex;
  if (t.kind === 'enum') return list.find(([v]) => v === value)?.[1] ?? hex;
  const names = list.filter(([v]) => v !== 0 && (value & v) >>> 0 === v).map(([, n]) => n);
  return names.length === 0 ? hex : `${names.join(' | ')}(${hex})`;
}

function listText(t: ItemType, value: number): string {
  if (t.kind === 'set') {
    const names: string[] = [];
    for (let bit = 0; bit < t.names!.length && bit < 32; bit++) if ((value >>> bit) & 1) names.push(t.names![bit]!);
    return `[${names.join(',')}]`;
  }
  const hex = '0x' + value.toString(16).padStart(8, '0');
  const name = t.names![value];
  return name === undefined ? hex : `${hex}(${name})`;
}

/** Length in bytes of a NUL-terminated string at `o` (not counting the NUL), or -1 without a NUL before `end`. */
function terminated(b: Buffer, o: number, end: number, wide: boolean): number {
  if (!wide) { const z = b.indexOf(0, o); return z < 0 || z >= end ? -1 : z - o; }
  for (let p = o; p + 1 < end; p += 2) if (b[p] === 0 && b[p + 1] === 0) return p - o;
  return -1;
}

/**
 * Read `args` from `b[start, end)`. `pointerSize` is the message's pointer width;
 * `enums` the TMF's `#enumv` blocks.
 */
export function readArguments(
  b: Buffer, start: number, end: number, args: readonly TmfArgument[], pointerSize: number,
  enums: ReadonlyMap<string, ReadonlyArray<readonly [number, string]>>,
): ReadArguments {
  const values = new Map<number, WppValue>();
  let o = start;
  for (const a of args) {
    const t = a.type;
    const stop = (reason: string): ReadArguments => ({ values, stopped: { argument: a, offset: o - start, reason } });
    if (t === null) return stop(`unknown item type ${a.typeSpelling}`);
    const need = (n: number) => o + n <= end;
    const short = () => stop(`argument %${a.n} (${a.typeSpelling}) runs past the payload`);
    let v: WppValue;
    switch (t.kind) {
      case 'int': case 'list': case 'set': case 'enum': case 'flagsEnum':
      case 'ntstatus': case 'winerror': case 'hresult': case 'ndisStatus': case 'ndisOid': {
        const size = t.size;
        if (!need(size)) return short();
        const bits = size === 8 ? b.readBigUInt64LE(o) : BigInt(b.readUIntLE(o, size));
        const n = Number(bits);
        v = { kind: 'int', bits, size, signed: t.signed, char: t.char };
        if (t.kind === 'list' || t.kind === 'set') v.text = listText(t, n);
        else if (t.kind === 'enum' || t.kind === 'flagsEnum') v.text = enumText(t, n, enums);
        else if (t.kind === 'ntstatus') v.text = ntstatusText(n);
        else if (t.kind === 'winerror') v.text = winerrorText(n);
        else if (t.kind === 'hresult') v.text = hresultText(n);
        else if (t.kind === 'ndisStatus') v.text = ndisStatusText(n);
        else if (t.kind === 'ndisOid') v.text = ndisOidText(n);
        o += size;
        break;
      }
      case 'ptr':
        if (!need(pointerSize)) return short();
        v = { kind: 'int', bits: pointerSize === 8 ? b.readBigUInt64LE(o) : BigInt(b.readUInt32LE(o)), size: pointerSize, signed: false, pointer: true };
        o += pointerSize;
        break;
      case 'double':
        if (!need(8)) return short();
        v = { kind: 'float', value: b.readDoubleLE(o) };
        o += 8;
        break;
      case 'string': case 'wstring': {
        const wide = t.kind === 'wstring';
        const len = terminated(b, o, end, wide);
        if (len < 0) return short();
        v = { kind: 'text', text: b.toString(wide ? 'utf16le' : 'latin1', o, o + len) };
        o += len + (wide ? 2 : 1);
        break;
      }
      case 'pstring': case 'pwstring': case 'hexdump': {
        if (!need(2)) return short();
        const len = b.readUInt16LE(o);
        if (!need(2 + len)) return short();
        const from = o + 2;
        const text = t.kind === 'hexdump' ? b.toString('hex', from, from + len).toUpperCase()
          : b.toString(t.kind === 'pwstring' ? 'utf16le' : 'latin1', from, from + (t.kind === 'pwstring' ? len & ~1 : len));
        v = { kind: 'text', text };
        o = from + len;
        break;
      }
      case 'guid':
        if (!need(16)) return short();
        v = { kind: 'text', text: guidText(b, o) };
        o += 16;
        break;
      case 'sid': {
        const size = sidSize(b, o, end);
        if (size < 0) return short();
        v = { kind: 'text', text: formatSid(b, o, end)! };
        o += size;
        break;
      }
      case 'ipaddr':
        if (!need(4)) return short();
        v = { kind: 'text', text: `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}` };
        o += 4;
        break;
      case 'port':
        if (!need(2)) return short();
        v = { kind: 'int', bits: BigInt(b.readUInt16BE(o)), size: 2, signed: false };
        o += 2;
        break;
      case 'timestamp': case 'waittime': case 'timedelta': {
        if (!need(8)) return short();
        const ticks = b.readBigInt64LE(o);
        let text: string;
        if (t.kind === 'timedelta') text = timeDeltaText(ticks);
        // A wait time below zero is relative (as kernel waits take it): shown as the interval.
        else if (t.kind === 'waittime' && ticks < 0n) text = timeDeltaText(-ticks);
        else text = fileTimeText(ticks);
        v = { kind: 'int', bits: BigInt.asUintN(64, ticks), size: 8, signed: true, text };
        o += 8;
        break;
      }
      case 'char4':
        if (!need(4)) return short();
        v = { kind: 'text', text: b.toString('latin1', o, o + 4) };
        o += 4;
        break;
    }
    values.set(a.n, v!);
  }
  return { values, stopped: null };
}
