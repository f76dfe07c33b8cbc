/**
 * Test helper: compareValue (clr-traceevent-baseline.ts) plus two display habits
 * of TraceEvent listings it does not cover: date-times as `yy/mm/dd hh:mm:ss.ff...`
 * (UTC in the corpus listings) and 32-bit HRESULT-like values printed signed.
 */
import type { PropertyDef } from '../../src/etw/schema/event-schema.js';
import type { DecodedField } from '../../src/etw/schema/types.js';
import { compareValue, type Comparison } from './clr-traceevent-baseline.js';

export function compareTraceEvent(expected: string, f: DecodedField, property?: PropertyDef): Comparison {
  const d = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d\.\d\d)\.\.\.$/.exec(expected);
  if (d) return f.text.startsWith(`${d[1] === '70' ? '19' : '20'}${d[1]}-${d[2]}-${d[3]}T${d[4]}`) ? 'equal' : 'different';
  if (/^-[\d,]+$/.test(expected) && typeof f.value === 'number') {
    return BigInt(f.value) === BigInt.asUintN(32, BigInt(expected.replace(/,/g, ''))) ? 'equal' : 'different';
  }
  return compareValue(expected, f, property);
}
