/**
 * The EventTrace group (kernel group 0) records other than the log-file header
 * (docs/architecture.md F3): Extension/EndExtension group masks, RundownComplete, the
 * image debug id (RSDS), the build string, PartitionInfoExtension and
 * LastDroppedTimes. Field names follow the EventTrace classes of the kernel MOF.
 * The report decodes these ahead of the built-in kernel table (eventtrace.ts),
 * whose layouts name and type some of the fields differently, keeping the
 * text forms tracerpt shows; a --mof class still wins.
 */
import type { EtlRecord } from '../../etl/record.js';
import { EVENT_TRACE_GUID } from '../../etl/kernel-groups.js';
import { readAnsiz, readGuid } from '../../etl/bytes.js';
import { emptyPayload, type DecodedPayload } from '../types.js';

export type EventTraceValue = number | string | string[];

export interface EventTraceRecord {
  /** Event type name, e.g. `Extension`, `DbgIdRSDS`. */
  name: string;
  /** Named values in field order. */
  values: Array<[string, EventTraceValue]>;
}

const hex32 = (n: number) => '0x' + n.toString(16).toUpperCase();

/** Decode a group-0 record (hook 0x00NN) other than the Header (type 0); null for anything else. */
export function decodeEventTraceRecord(r: EtlRecord): EventTraceRecord | null {
  if (r.hookId === null || r.hookId >>> 8 !== 0 || r.providerId !== EVENT_TRACE_GUID) return null;
  const p = r.payload;
  switch (r.hookId & 0xff) {
    case 0x05: case 0x20: {
      if (p.length < 36) return null;
      const values: Array<[string, EventTraceValue]> = [];
      for (let i = 0; i < 8; i++) values.push([`GroupMask${i + 1}`, hex32(p.readUInt32LE(4 * i))]);
      values.push(['KernelEventVersion', hex32(p.readUInt32LE(32))]);
      return { name: (r.hookId & 0xff) === 0x05 ? 'Extension' : 'EndExtension', values };
    }
    case 0x08:
      return { name: 'RDComplete', values: [] };
    case 0x40: {
      if (p.length < 20) return null;
      return {
        name: 'DbgIdRSDS',
        values: [['Guid', `{${readGuid(p, 0).toUpperCase()}}`], ['Age', p.readUInt32LE(16)], ['PdbName', readAnsiz(p, 20, p.length).text]],
      };
    }
    case 0x42:
      return { name: 'BuildInfo', values: [['BuildString', readAnsiz(p, 0, p.length).text]] };
    case 0x50:
      return { name: 'PartitionInfoExtension', values: [['Data', '0x' + p.toString('hex').toUpperCase()]] };
    case 0x52: {
      if (p.length < 8) return null;
      const count = p.readUInt32LE(0);
      const times: string[] = [];
      for (let i = 0; i < count && 8 + 8 * (i + 1) <= p.length; i++) times.push(p.readBigUInt64LE(8 + 8 * i).toString());
      return { name: 'LastDroppedTimes', values: [['Count', count], ['Times', times]] };
    }
    default:
      return null;
  }
}

/** A group-0 record decodeEventTraceRecord knows, as a decoded kernel payload; null for any other record. */
export function eventTracePayload(r: EtlRecord): DecodedPayload | null {
  const known = decodeEventTraceRecord(r);
  if (known === null) return null;
  const p = emptyPayload();
  p.source = 'kernel';
  p.providerName = 'MSNT_SystemTrace';
  p.eventName = known.name;
  p.taskName = 'EventTrace';
  p.opcodeName = known.name;
  p.fields = known.values.map(([name, value]) => ({ name, value, text: Array.isArray(value) ? value.join(', ') : String(value) }));
  return p;
}
