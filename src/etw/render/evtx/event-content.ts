/**
 * What an EVTX record holds for one event: the same content as the XML dump's
 * `<Event>` (xml-dump.ts) — System with typed values, then EventData / UserData
 * with the decoded field texts, or the payload as binary where it is not
 * decoded (BinaryEventData, ProcessingErrorData), and ExtendedTracingInfo for
 * classic events. System gains EventRecordID (the record's number in the file),
 * as Windows event logs have it. RenderingInfo is left out: event logs store
 * no rendered texts, readers render them from the provider.
 *
 * Value types follow the Windows event schema: EventID UInt16, Version, Level
 * and Opcode UInt8 (UInt16 when a classic header carries a wider value), Task
 * UInt16, Keywords HexInt64, SystemTime FILETIME, GUIDs as GUIDs, Execution
 * numbers UInt32. Texts are strings; characters XML 1.0 forbids become U+FFFD,
 * as in the XML dump.
 */
import type { EtlRecord } from '../../etl/record.js';
import type { DecodedPayload } from '../../schema/types.js';
import { KERNEL_PROVIDER_GUID } from '../../etl/kernel-groups.js';
import { isClassic, isKernel, relatedActivityId, ZERO_GUID } from '../event-labels.js';
import { xmlName } from '../xml-text.js';
import { ValueType } from './binxml-tokens.js';
import { element, type EvtxAttribute, type EvtxElement, type EvtxValue } from './event-tree.js';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const TRACE_NS = 'http://schemas.microsoft.com/win/2004/08/events/trace';

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF); lone surrogates are handled by the UTF-16 encoding as they are. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MAY_NEED_WORK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Text safe for an XML reader: forbidden characters and lone surrogates become U+FFFD. */
export function xmlSafe(s: string): string {
  return MAY_NEED_WORK.test(s) ? s.replace(FORBIDDEN, '\ufffd').replace(LONE_SURROGATE, '\ufffd') : s;
}

/** An element name every EVTX reader accepts: a valid XML name that starts with an ASCII letter or `_`. */
export function evtxName(s: string): string {
  const n = xmlName(s);
  return /^[A-Za-z_]/.test(n) ? n : '_' + n;
}

const str = (text: string): EvtxValue => ({ type: ValueType.String, text: xmlSafe(text) });
const u8 = (n: number): EvtxValue => (n > 0xff ? { type: ValueType.UInt16, num: n & 0xffff } : { type: ValueType.UInt8, num: n });
const u16 = (n: number): EvtxValue => ({ type: ValueType.UInt16, num: n & 0xffff });
const u32 = (n: number): EvtxValue => ({ type: ValueType.UInt32, num: n >>> 0 });
const u64 = (n: bigint): EvtxValue => ({ type: ValueType.UInt64, big: BigInt.asUintN(64, n) });
const guid = (g: string | null): EvtxValue => ({ type: ValueType.Guid, guid: g ?? ZERO_GUID });
const binary = (bytes: Uint8Array): EvtxValue => ({ type: ValueType.Binary, bytes });
const attr = (name: string, value: EvtxValue): EvtxAttribute => ({ name, value });

export interface EventContentOptions {
  /** -rts: the raw session-clock timestamp as a RawTime attribute of TimeCreated. */
  rawTimestamp: boolean;
}

function providerAttributes(r: EtlRecord, d: DecodedPayload | null): EvtxAttribute[] {
  const attrs: EvtxAttribute[] = [];
  if (isClassic(r)) {
    if (isKernel(r, d)) attrs.push(attr('Guid', guid(KERNEL_PROVIDER_GUID)));
    else if (d?.providerName) attrs.push(attr('Name', str(d.providerName)));
  } else {
    if (d?.providerName) attrs.push(attr('Name', str(d.providerName)));
    if (r.providerId !== null) attrs.push(attr('Guid', guid(r.providerId)));
  }
  return attrs;
}

/**
 * System. Its shape is decided by the Provider attributes present, the widths
 * of Version, Level and Opcode, RawTime and RelatedActivityID: those choices
 * are its shape key.
 */
function systemElement(r: EtlRecord, d: DecodedPayload | null, recordId: bigint, o: EventContentOptions): EvtxElement {
  const provider = providerAttributes(r, d);
  const time = [attr('SystemTime', { type: ValueType.FileTime, big: BigInt.asUintN(64, r.fileTime) })];
  if (o.rawTimestamp) time.push(attr('RawTime', u64(r.rawTime)));
  const correlation = [attr('ActivityID', guid(r.activityId))];
  const related = r.extended.length > 0 ? relatedActivityId(r) : null;
  if (related !== null) correlation.push(attr('RelatedActivityID', guid(related)));
  const version = u8(r.version ?? 0);
  const level = u8(r.level ?? 0);
  const opcode = u8(r.opcode ?? 0);
  let shape = 'System';
  for (const a of provider) shape += a.name;
  shape += `/${version.type}/${level.type}/${opcode.type}/${time.length}/${correlation.length}`;
  return element('System', [
    element('Provider', [], provider),
    element('EventID', u16(isClassic(r) ? 0 : (r.id ?? 0))),
    element('Version', version),
    element('Level', level),
    element('Task', u16(r.task ?? 0)),
    element('Opcode', opcode),
    element('Keywords', { type: ValueType.HexInt64, big: BigInt.asUintN(64, r.keywords ?? 0n) }),
    element('TimeCreated', [], time),
    element('EventRecordID', u64(recordId)),
    element('Correlation', [], correlation),
    element('Execution', [], [
      attr('ProcessID', u32(r.pid)),
      attr('ThreadID', u32(r.tid)),
      attr('ProcessorID', u32(r.cpu)),
      attr('KernelTime', u32(r.kernelTime ?? 0)),
      attr('UserTime', u32(r.userTime ?? 0)),
    ]),
    element('Channel'),
    element('Computer'),
  ], [], shape);
}

/** The data part, chosen as the XML dump's dataBlock chooses it; null when the dump writes none. */
function dataElement(r: EtlRecord, d: DecodedPayload | null): EvtxElement | null {
  if (d === null) return element('BinaryEventData', binary(r.payload));
  if (d.error !== null && d.fields.length === 0) {
    const unnamed = d.providerName === null && d.eventName === null && d.taskName === null;
    if (isClassic(r) && unnamed) return element('BinaryEventData', binary(r.payload));
    return element('ProcessingErrorData', [
      element('ErrorCode', u32(d.error.code)),
      element('DataItemName'),
      element('EventPayload', binary(r.payload)),
    ]);
  }
  if (d.fields.length > 0 && d.userDataElement !== null) {
    const items = d.fields.map((f) => element(evtxName(f.name), str(f.text)));
    return element('UserData', [element(evtxName(d.userDataElement), items)]);
  }
  if (d.fields.length > 0) {
    return element('EventData', d.fields.map((f) => element('Data', str(f.text), [{ name: 'Name', literal: xmlSafe(f.name) }])));
  }
  if (d.message !== null) return element('EventData', [element('Data', str(d.message))]);
  return null;
}

function extendedTracingElement(r: EtlRecord): EvtxElement {
  const items = [element('EventGuid', guid(r.providerId))];
  if (r.instance !== null) {
    items.push(element('InstanceID', u32(r.instance.instanceId)), element('ParentInstanceID', u32(r.instance.parentInstanceId)));
  }
  return element('ExtendedTracingInfo', items, [{ name: 'xmlns', literal: TRACE_NS }]);
}

/** The `<Event>` tree of one record. */
export function eventTree(r: EtlRecord, d: DecodedPayload | null, recordId: bigint, o: EventContentOptions): EvtxElement {
  const children = [systemElement(r, d, recordId, o)];
  const data = dataElement(r, d);
  if (data !== null) children.push(data);
  if (isClassic(r)) children.push(extendedTracingElement(r));
  return element('Event', children, [{ name: 'xmlns', literal: EVENT_NS }]);
}
