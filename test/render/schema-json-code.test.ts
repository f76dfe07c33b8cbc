/**
 * The generated JSONL byte path (schema-json-code.ts), looked at as source and
 * run: a fixed-size run of integers reserves its room once, but a mapped value
 * (whose text may be longer than counted) makes the integers after it reserve
 * their own; texts from the schema never reach the source (they are passed in
 * as data); constant text holding bytes that do not read back as a double
 * (0x7F) is still written exactly. Whole-line equality with the decoded path is
 * in schema-json.test.ts and jsonl-escapes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { keyRuns, piecesOf } from '../../src/etw/render/json-field-bytes.js';
import { fillSource, inOrderMessage } from '../../src/etw/render/schema-json-code.js';
import { opsOf } from '../../src/etw/render/schema-json-ops.js';
import { SchemaJsonWriter } from '../../src/etw/render/schema-json.js';
import { InType, OutType, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { schemaOf } from '../schema/schema-fixtures.js';

function sourceOf(props: PropertyDef[], message: string | null = null): string {
  const compiled = compileSchema(schemaOf(props, { message }));
  const ops = opsOf(compiled, keyRuns(compiled.fieldNames)!);
  const visible = ops.filter((op) => op.visible >= 0).length;
  const inOrder = compiled.message === null ? null : inOrderMessage(piecesOf(compiled.message), compiled.message.fieldAt, visible);
  return fillSource(ops, compiled.endsEarly, compiled.newTopNums() !== null, inOrder).body;
}

const u32 = (name: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, inType: InType.UINT32, outType: 0, ...extra });

describe('generated fill source', () => {
  it('checks the bounds and room of a fixed-size run once, up to a mapped value', () => {
    const map = { name: 'm', kind: 'value' as const, entries: [{ value: 1, text: 'one' }] };
    const body = sourceOf([u32('A'), u32('B'), u32('M', { map }), u32('C'), u32('D')]);
    const steps = body.split('\n// ');
    // One bounds check for all five integers (20 bytes), with the room of A, B and M made at the same time.
    expect(steps[0]).toContain('if (end - o < 20) return false;');
    expect(body.match(/return false;/g)!.length).toBe(1);
    const own = (i: number) => steps[i + 1]!.split('\n')[1]!.startsWith('if (F.pos +');
    expect([0, 1, 2, 3, 4].map(own)).toEqual([false, false, false, true, true]);
  });

  it('makes the room of the texts of an in-order message once per run too, up to a mapped value', () => {
    const map = { name: 'm', kind: 'value' as const, entries: [{ value: 1, text: 'one' }] };
    const hex = { outType: OutType.HEXINT32 };
    const body = sourceOf([u32('A', hex), u32('B'), u32('M', { map }), u32('C', hex), u32('D')], 'a=%1 b=%2 m=%3 c=%4 d=%5');
    const steps = body.split('\n// ');
    expect(steps[0]).toContain('if (M.pos + ');
    const ownMessageRoom = (i: number) => steps[i + 1]!.includes('if (M.pos +');
    expect([0, 1, 2, 3, 4].map(ownMessageRoom)).toEqual([false, false, true, true, true]);
  });

  it('keeps schema texts out of the source', () => {
    const evil = '"); process.exit(1); ("';
    const body = sourceOf([u32(evil), { name: `x${evil}`, inType: InType.UNICODESTRING, outType: 0 }], `%1 ${evil} %2`);
    expect(body).not.toContain('process.exit');
  });

  it('writes constant text with bytes that are not doubles exactly', () => {
    // 0x7F in a key: the eight bytes around it read as a NaN, so they are stored as two 32-bit words.
    const name = 'd\u007f\u007f\u007f\u007f\u007f\u007f\u007fel';
    const props: PropertyDef[] = [u32(name), { name: 'H', inType: InType.UINT32, outType: OutType.HEXINT32 }];
    const compiled = compileSchema(schemaOf(props, { message: '%2 and %1' }));
    const writer = SchemaJsonWriter.for(compiled)!;
    const payload = Buffer.from([7, 0, 0, 0, 0xef, 0xbe, 0, 0]);
    expect(writer.fill(payload, 8, null)).toBe(true);
    const w = ByteWriter.scratch(256);
    writer.writeMessage(w);
    writer.writeFields(w);
    expect(w.buf.toString('utf8', 0, w.pos)).toBe(`"0xBEEF and 7"${JSON.stringify({ [name]: 7, H: 48879 })}`);
  });
});
