/**
 * Test helper: reads PerfView TraceEvent baseline listings (corpus/etl/*.traceevent-baseline.txt)
 * and compares their field values with our decoded fields, tolerating TraceEvent's display
 * habits (thousands separators, 20-character truncation with "...", GUIDs without braces,
 * True/False, enum names where a map is known).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PropertyDef } from '../../src/etw/schema/event-schema.js';
import type { DecodedField } from '../../src/etw/schema/types.js';
import { CORPUS_ETL } from '../support/corpus.js';

export interface BaselineEvent {
  /** Milliseconds from the start of the trace, as listed (three decimals). */
  time: number;
  /** Provider/Task/Opcode as TraceEvent names it. */
  name: string;
  pid: number;
  tid: number;
  cpu: number;
  dataLength: number;
  fields: [string, string][];
}

const EVENT_LINE = /^EVENT ([\d,.]+): (.+?) PID=(-?\d+); TID=(-?\d+); PName=[^;]*; ProceNum=(\d+); DataLen=(\d+); ?(.*)$/;

export function readBaseline(stem: string): BaselineEvent[] {
  const text = readFileSync(join(CORPUS_ETL, `${stem}.traceevent-baseline.txt`), 'utf8');
  const events: BaselineEvent[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = EVENT_LINE.exec(line);
    if (!m) continue;
    const fields = m[7]!.split('; ').filter((f) => f.includes('=')).map((f): [string, string] => {
      const eq = f.indexOf('=');
      return [f.slice(0, eq), f.slice(eq + 1).replace(/;\s*$/, '')];
    });
    events.push({ time: Number(m[1]!.replace(/,/g, '')), name: m[2]!, pid: +m[3]!, tid: +m[4]!, cpu: +m[5]!, dataLength: +m[6]!, fields });
  }
  return events;
}

/**
 * `unverifiable`: one side shows a name and the other a bare number, because only one of
 * TraceEvent and the 2019 manifest has a map entry for it (e.g. StartupMode=None vs 0).
 */
export type Comparison = 'equal' | 'different' | 'unverifiable';

function asBigInt(f: DecodedField): bigint | null {
  const candidates = [typeof f.value === 'number' || typeof f.value === 'string' ? String(f.value) : null, f.text];
  for (const c of candidates) {
    if (c !== null && /^(-?\d+|0x[0-9a-fA-F]+)$/.test(c)) return BigInt(c);
  }
  return null;
}

/** Our map text back to its number (valueMap name, or bitMap names plus a hex remainder). */
function unmap(text: string, property: PropertyDef | undefined): bigint | null {
  const map = property?.map;
  if (!map) return null;
  let total = 0n;
  for (const part of map.kind === 'bitmap' ? text.split(' | ') : [text]) {
    const entry = map.entries.find((e) => e.text === part);
    if (entry) total |= BigInt(entry.value);
    else if (/^(\d+|0x[0-9a-fA-F]+)$/.test(part)) total |= BigInt(part);
    else return null;
  }
  return total;
}

/** Compares one TraceEvent value with our field (`property`: its schema entry, for maps). */
export function compareValue(expected: string, f: DecodedField, property?: PropertyDef): Comparison {
  const ours = f.text.replace(/ \| /g, ', ');
  if (expected.endsWith('...')) {
    const prefix = expected.slice(0, -3).toLowerCase();
    return ours.toLowerCase().startsWith(prefix) || ours.replace(/[{}]/g, '').toLowerCase().startsWith(prefix)
      ? 'equal' : 'different';
  }
  if (/^-?[\d,]+$/.test(expected) || /^0x[0-9a-f]+$/i.test(expected)) {
    const want = BigInt(expected.replace(/,/g, ''));
    const got = asBigInt(f) ?? unmap(f.text, property);
    return got === want ? 'equal' : 'different';
  }
  if (/^[0-9a-f-]{36}$/i.test(expected)) return ours.replace(/[{}]/g, '').toLowerCase() === expected.toLowerCase() ? 'equal' : 'different';
  if (expected === 'True' || expected === 'False') return ours.toLowerCase() === expected.toLowerCase() ? 'equal' : 'different';
  if (ours === expected) return 'equal';
  const isName = /^[A-Za-z_][\w, ]*$/.test(expected);
  return isName && asBigInt(f) !== null ? 'unverifiable' : 'different';
}
