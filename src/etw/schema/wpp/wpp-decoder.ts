/**
 * WPP messages decoded with TMF files: the record's message GUID and number
 * find the format (tmf-index.ts), the arguments are read from the payload and
 * the format rendered. The result is a DecodedPayload with source `wpp`, the
 * message in `message` and the TMF facts in `wpp`. A message without a TMF
 * reads as tracefmt writes it, `Unknown( N): GUID=… (No Format Information
 * found).`, and keeps error 1168 (so its payload stays in the outputs as hex).
 * An argument of an unknown item type, or one whose bytes run past the payload,
 * stops the reading: that argument shows the rest of the payload as hex, later
 * ones nothing, and the payload counts as not fitting its schema (15005).
 */
import type { EtlRecord } from '../../etl/record.js';
import { ERROR_EVT_INVALID_EVENT_DATA } from '../payload-decoder.js';
import { ERROR_NOT_FOUND } from '../registry.js';
import { SchemaRank } from '../schema-rank.js';
import type { SchemaSource } from '../schema-source.js';
import { emptyPayload, type DecodedPayload, type PayloadDecoder, type WppFacts } from '../types.js';
import type { NamedField } from './format-string.js';
import { readArguments } from './argument-reader.js';
import type { WppValue } from './printf.js';
import { renderFormat } from './render-format.js';
import { reservedField } from './reserved-fields.js';
import type { TmfIndex } from './tmf-index.js';

/** `%3d` of a message number, as tracefmt's Unknown line and DebugData FileLine show it. */
const number3 = (n: number) => String(n).padStart(3, ' ');

/** tracefmt's line for a message no TMF describes. */
export function unknownMessageText(number: number, guid: string | null): string {
  return `Unknown(${number3(number)}): GUID=${guid ?? '00000000-0000-0000-0000-000000000000'} (No Format Information found).`;
}

/** The run's TMF files as a schema source (SchemaRegistry.addSource): it decodes the WPP messages itself. */
export class WppDecoder implements PayloadDecoder, SchemaSource {
  readonly kind = 'TMF files';
  /** Nothing is registered, so the rank decides nothing: the TMF index orders its own files (tmf-index.ts). */
  readonly rank = SchemaRank.FILE;

  constructor(private readonly index: TmfIndex) {}

  decodeWpp(r: EtlRecord): DecodedPayload {
    return this.decode(r);
  }

  decode(r: EtlRecord): DecodedPayload {
    const guid = r.wpp?.messageGuid ?? r.providerId;
    const number = r.id ?? 0;
    const tmf = guid === null ? null : this.index.lookup(guid, number);
    const p = emptyPayload();
    p.source = 'wpp';
    if (tmf === null) {
      p.message = unknownMessageText(number, guid);
      p.error = { code: ERROR_NOT_FOUND, reason: `no TMF for WPP message {${guid ?? 'none'}} number ${number}` };
      p.wpp = { component: '', subComponent: '', fileLine: number3(number), function: '', levelName: '', flagsName: '', formatted: false };
      return p;
    }
    const facts: WppFacts = {
      component: tmf.component, subComponent: '', fileLine: tmf.fileLine, function: tmf.func,
      levelName: tmf.level, flagsName: tmf.flags, formatted: true,
    };
    const payload = r.payload;
    const read = readArguments(payload, 0, payload.length, tmf.args, r.pointerSize, tmf.enums);
    let values = read.values;
    if (read.stopped !== null) {
      values = new Map(values);
      values.set(read.stopped.argument.n, { kind: 'text', text: payload.toString('hex', read.stopped.offset).toUpperCase() });
      p.error = { code: ERROR_EVT_INVALID_EVENT_DATA, reason: `WPP message {${guid}} number ${number}: ${read.stopped.reason} (at payload offset ${read.stopped.offset})` };
    }
    const named = (name: NamedField): string =>
      name === 'FUNC' ? facts.function : name === 'LEVEL' ? facts.levelName : name === 'FLAGS' ? facts.flagsName : name === 'COMPNAME' ? facts.component : facts.subComponent;
    const arg = (n: number): WppValue | undefined => (n >= 10 ? values.get(n) : reservedField(n, r, facts));
    p.message = renderFormat(tmf.pieces, { arg, named, pointerSize: r.pointerSize });
    p.wpp = facts;
    return p;
  }
}
