/**
 * The compiled decoder's walk (schema/field-walk.ts) tells a FieldWriter each
 * visible field in order with the value kind the schema gives: decimal and hex
 * integers (a pointer beyond 2^53 as halves), UTF-16 and 8-bit text as byte
 * ranges cut at their NUL, booleans, arrays as one field; hidden properties
 * are read for counts but not shown. A payload that does not fit makes it
 * return false; a MOF payload may end between properties. Payload bytes are
 * hand-written from the documented encodings.
 */
import { describe, expect, it } from 'vitest';
import { InType, OutType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { FieldWalk } from '../../src/etw/schema/field-walk.js';
import type { FieldWriter } from '../../src/etw/schema/field-writer.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import type { DecodedField } from '../../src/etw/schema/types.js';
import { hex, schemaOf } from './schema-fixtures.js';

/** A writer that notes every call as text. */
class Recorder implements FieldWriter {
  calls: string[] = [];
  begin(i: number) { this.calls.push(`begin ${i}`); }
  end() { this.calls.push('end'); }
  decimal(n: number) { this.calls.push(`decimal ${n}`); }
  hex(n: number, bits: number) { this.calls.push(`hex ${n} ${bits}`); }
  hexHalves(lo: number, hi: number) { this.calls.push(`halves ${lo.toString(16)} ${hi.toString(16)}`); }
  errorCode(n: number) { this.calls.push(`error ${n}`); }
  bool(v: boolean) { this.calls.push(`bool ${v}`); }
  number(v: number, t: string) { this.calls.push(`number ${v} ${t}`); }
  text(s: string, plain: boolean) { this.calls.push(`text ${s} ${plain}`); }
  utf16(b: Buffer, start: number, stop: number) { this.calls.push(`utf16 ${b.toString('utf16le', start, stop)}`); }
  text8(b: Buffer, start: number, stop: number, utf8: boolean) { this.calls.push(`text8 ${b.toString('latin1', start, stop)} ${utf8}`); }
  none() { this.calls.push('none'); }
  field(f: DecodedField) { this.calls.push(`field ${f.name} ${JSON.stringify(f.value)} ${f.text}`); }
}

const PROPS: PropertyDef[] = [
  { name: 'A', inType: InType.UINT32, outType: 0 },
  { name: 'B', inType: InType.INT16, outType: OutType.HEXINT16 },
  { name: 'P', inType: InType.POINTER, outType: 0 },
  { name: 'S', inType: InType.UNICODESTRING, outType: 0 },
  { name: 'N', inType: InType.UINT8, outType: 0, noPrint: true },
  { name: 'C', inType: InType.UINT16, outType: 0, count: { ref: 4 } },
  { name: 'T', inType: InType.ANSISTRING, outType: 0 },
  { name: 'G', inType: InType.BOOLEAN, outType: 0 },
];
// A=42, B=-1, P=0xFF80000000000000, S="Hi", N=2 (hidden), C=[1,2], T="ok", G=true
const PAYLOAD = '2a000000 ffff 00000000000080ff 480069000000 02 01000200 6f6b00 01000000';

function walk(props: PropertyDef[], payload: Buffer, from = 0, to = payload.length, source: 'manifest' | 'mof' = 'manifest') {
  const w = new Recorder();
  const fw = FieldWalk.of(compileSchema(schemaOf(props, { source })));
  const ok = fw.write(w, payload, from, to, 8, null);
  return { ok, calls: w.calls, written: fw.written };
}

describe('the compiled decoder walk', () => {
  it('tells the writer each visible field with its kind', () => {
    const r = walk(PROPS, hex(PAYLOAD));
    expect(r.ok).toBe(true);
    expect(r.written).toBe(7);
    expect(r.calls).toEqual([
      'begin 0', 'decimal 42', 'end',
      'begin 1', 'hex -1 16', 'end',
      'begin 2', 'halves 0 ff800000', 'end',
      'begin 3', 'utf16 Hi', 'end',
      'begin 4', 'field C [1,2] 1, 2', 'end',
      'begin 5', 'text8 ok false', 'end',
      'begin 6', 'bool true', 'end',
    ]);
  });

  it('reads a payload that lies inside a larger buffer', () => {
    const inner = hex(PAYLOAD);
    const outer = Buffer.concat([hex('eeeeee'), inner, hex('eeee')]);
    const r = walk(PROPS, outer, 3, 3 + inner.length);
    expect(r.ok).toBe(true);
    expect(r.calls).toEqual(walk(PROPS, inner).calls);
  });

  it('says a payload cut short does not fit', () => {
    const full = hex(PAYLOAD);
    // Strings may end with the payload, but a BOOLEAN (4 bytes) comes last: every cut fails.
    for (let n = 0; n < full.length; n++) expect(walk(PROPS, full.subarray(0, n)).ok).toBe(false);
  });

  it('lets a MOF payload end between top-level properties', () => {
    const r = walk(PROPS, hex('2a000000 ffff'), 0, 6, 'mof');
    expect(r.ok).toBe(true);
    expect(r.written).toBe(2);
    expect(r.calls).toEqual(['begin 0', 'decimal 42', 'end', 'begin 1', 'hex -1 16', 'end']);
  });

  it('reads a pointer by the event pointer size', () => {
    const w = new Recorder();
    const fw = FieldWalk.of(compileSchema(schemaOf([{ name: 'P', inType: InType.POINTER, outType: 0 }, { name: 'X', inType: InType.UINT8, outType: 0 }])));
    expect(fw.write(w, hex('78563412 09'), 0, 5, 4, null)).toBe(true);
    expect(w.calls).toEqual(['begin 0', `hex ${0x12345678} 32`, 'end', 'begin 1', 'decimal 9', 'end']);
  });
});
