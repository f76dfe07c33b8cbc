/**
 * The XML dump's `<DebugData>` element of a WPP message, which takes the place
 * of EventData: the event schema's DebugDataType children in its order —
 * SequenceNumber, FlagsName, LevelName, Component, SubComponent, FileLine,
 * Function, Message. A message without a TMF shows tracerpt's form: empty
 * names, the message number as FileLine and the `Unknown(…)` line as Message.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedPayload, WppFacts } from '../schema/types.js';
import { xmlText } from './xml-text.js';

function element(name: string, text: string): string {
  return text === '' ? `\t\t<${name} />\n` : `\t\t<${name}>${xmlText(text)}</${name}>\n`;
}

export function debugDataBlock(r: EtlRecord, d: DecodedPayload, w: WppFacts): string {
  return '\t<DebugData>\n'
    + element('SequenceNumber', String(r.wpp?.sequence ?? 0))
    + element('FlagsName', w.flagsName)
    + element('LevelName', w.levelName)
    + element('Component', w.component)
    + element('SubComponent', w.subComponent)
    + element('FileLine', w.fileLine)
    + element('Function', w.function)
    + element('Message', d.message ?? '')
    + '\t</DebugData>\n';
}
