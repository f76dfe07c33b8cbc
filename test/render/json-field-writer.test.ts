/**
 * The JSONL writer of the compiled decoder's walk (json-field-writer.ts) and
 * the code it gives the walk (schema/field-code.ts), on hand-written payloads:
 * every value the code writes (decimal and hex integers of each size and sign,
 * 64-bit values beyond 2^53, pointer-sized ones at both pointer sizes, value-
 * and bit-map names whose value changes from one payload to the next, GUIDs,
 * NUL-terminated and fixed-length UTF-16 text) and the values left to the
 * writer's methods must give the message and fields the decoded fields give,
 * JSON.stringify'd, with the message written during the walk (in field order)
 * and from noted texts (any order). Schema texts never reach generated code;
 * a writer's code may not rebind the walk's names. Whole lines over the corpus
 * are compared in jsonl-walk.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { JsonFieldWriter } from '../../src/etw/render/json-field-writer.js';
import { InType, OutType, type MapDef, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { FieldWalk } from '../../src/etw/schema/field-walk.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import type { FieldValue } from '../../src/etw/schema/types.js';
import { schemaOf } from '../schema/schema-fixtures.js';
import { le, sharedWalkProps, u16z } from '../support/walk-kinds.js';


const VALUES: MapDef = { name: 'Kinds', kind: 'value', entries: [{ value: 1, text: 'One' }, { value: 2, text: 'Two "quoted"' }] };
const FLAGS: MapDef = { name: 'Flags', kind: 'bitmap', entries: [{ value: 1, text: 'A' }, { value: 4, text: 'C' }] };

/** Fixed-size integers first (one bounded run), then the rest. */
const PROPS: PropertyDef[] = [
  ...sharedWalkProps(VALUES, FLAGS),
  { name: 'D', inType: InType.DOUBLE, outType: 0 },
];
const IN_ORDER = 'h=%1 u=%2 i=%3 h32=%4 i32=%5 h16=%6 i8=%7 k=%8 f=%9 p=%10 g=%11 s=%12 e=%13 x=%14 d=%15';
const ANY_ORDER = 'd=%15 x=%14 e=%13 s=%12 g=%11 p=%10 f=%9 k=%8 i8=%7 h16=%6 i32=%5 h32=%4 i=%3 u=%2 h=%1 again %1';

function payload(pointerSize: 4 | 8, row: bigint[], text: string, fixed: string): Buffer {
  const [h64, u64, i64, h32, i32, h16, i8, kind, flags, ptr, err] = row as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  return Buffer.concat([
    le(8, h64), le(8, u64), le(8, i64), le(4, h32), le(4, i32), le(2, h16), le(1, i8), le(4, kind), le(2, flags), le(pointerSize, ptr),
    Buffer.from('00112233445566778899aabbccddeeff', 'hex'), u16z(text), le(4, err), Buffer.from(fixed.padEnd(3, '\0'), 'utf16le'),
    Buffer.from(new Float64Array([-2.5]).buffer),
  ]);
}

const ROWS: [bigint[], string, string][] = [
  [[0n, 0n, 0n, 0n, 0n, 0n, 0n, 1n, 0n, 0n, 0n], 'plain', 'abc'],
  [[0xffffffffffffffffn, 2n ** 53n + 5n, -(2n ** 63n), 0xfedcba98n, -7n, 0xbeefn, -128n, 2n, 5n, 0xffff800012345678n, 0x80070005n], 'q"uote\\ é', 'x'],
  [[0x1fffffffffffffn, 2n ** 53n - 1n, -1n, 1n, 2147483647n, 1n, 127n, 7n, 2n, 0x7ffb48740040n, 1n], 'tab\there', ''],
  [[2n ** 32n, 2n ** 32n, 2n ** 53n + 1n, 0x10n, -2147483648n, 0n, -1n, 1n, 5n, 1n, 0n], '', 'a\u0001'],
];

/** The message and fields as the decoded fields give them, JSON.stringify'd. */
function reference(message: string, p: Buffer, pointerSize: 4 | 8): string {
  const d = new SchemaPayload(compileSchema(schemaOf(PROPS, { message })), p, pointerSize, null);
  expect(d.error).toBeNull();
  const fields: Record<string, FieldValue> = {};
  for (const f of d.fields) fields[f.name] = f.value;
  return JSON.stringify(d.message) + JSON.stringify(fields);
}

describe('JSONL writer on the walk', () => {
  for (const [message, inOrder] of [[IN_ORDER, true], [ANY_ORDER, false]] as const) {
    for (const pointerSize of [8, 4] as const) {
      it(`writes every kind of value as the decoded fields give it (message ${inOrder ? 'in field order' : 'in any order'}, ${pointerSize}-byte pointers)`, () => {
        const writer = JsonFieldWriter.for(compileSchema(schemaOf(PROPS, { message })))!;
        expect(writer.messageInFill).toBe(inOrder);
        // Twice over, so that the mapped names change and come back while the writer keeps its last texts.
        for (const [row, text, fixed] of [...ROWS, ...ROWS]) {
          const p = payload(pointerSize, row, text, fixed);
          // The payload inside a larger buffer, at an odd offset, as the reader hands it over.
          const source = Buffer.alloc(p.length + 9, 0xcc);
          p.copy(source, 5);
          const w = ByteWriter.scratch(64);
          if (inOrder) {
            expect(writer.fillWithMessage(w, source, 5, 5 + p.length, pointerSize, null)).toBe(true);
          } else {
            expect(writer.fill(source, 5, 5 + p.length, pointerSize, null)).toBe(true);
            writer.writeMessage(w);
          }
          writer.writeFields(w);
          expect(w.buf.toString('utf8', 0, w.pos)).toBe(reference(message, p, pointerSize));
          // Cut short inside the run of integers, and inside the string: no fit.
          expect(writer.fill(p.subarray(0, 20), 0, 20, pointerSize, null)).toBe(false);
          expect(writer.fill(p, 0, 60, pointerSize, null)).toBe(false);
        }
      });
    }
  }

  it('writes integers of every size and sign around the single digits the code writes inline', () => {
    const kinds: [InType, number][] = [
      [InType.UINT8, 1], [InType.INT8, 1], [InType.UINT16, 2], [InType.INT16, 2], [InType.UINT32, 4], [InType.INT32, 4],
      [InType.UINT64, 8], [InType.INT64, 8],
    ];
    const props: PropertyDef[] = kinds.flatMap(([inType], i) => [
      { name: `D${i}`, inType, outType: 0 },
      { name: `H${i}`, inType, outType: i < 6 ? OutType.HEXINT32 : OutType.HEXINT64 },
    ]);
    const values = [0n, 1n, 9n, 10n, 11n, 99n, 100n, -1n, -9n, -10n, 255n, 65535n, 2n ** 31n - 1n, 2n ** 32n - 1n, 2n ** 53n - 1n, 2n ** 53n];
    // Without a message (as kernel classes) and with one naming every field (the texts noted for it).
    for (const message of [undefined, props.map((_, i) => `%${i + 1}`).join(' ')]) {
      const compiled = compileSchema(schemaOf(props, message === undefined ? {} : { message }));
      const writer = JsonFieldWriter.for(compiled)!;
      for (const n of values) {
        const p = Buffer.concat(kinds.flatMap(([, size]) => [le(size, n), le(size, n)]));
        expect(writer.fill(p, 0, p.length, 8, null)).toBe(true);
        const w = ByteWriter.scratch(64);
        if (message !== undefined) writer.writeMessage(w);
        writer.writeFields(w);
        const d = new SchemaPayload(compiled, p, 8, null);
        const fields: Record<string, FieldValue> = {};
        for (const f of d.fields) fields[f.name] = f.value;
        expect(w.buf.toString('utf8', 0, w.pos)).toBe((message === undefined ? '' : JSON.stringify(d.message)) + JSON.stringify(fields));
      }
    }
  });

  it('names mapped integers right while more of them alternate than the writer keeps', () => {
    const props: PropertyDef[] = [
      { name: 'Flags', inType: InType.UINT32, outType: 0, map: FLAGS },
      { name: 'Kind', inType: InType.UINT8, outType: 0, map: VALUES },
    ];
    const message = '%1 / %2';
    const writer = JsonFieldWriter.for(compileSchema(schemaOf(props, { message })))!;
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 5, 0, 8, 8, 3, 2, 7, 6, 4, 1]) {
      const p = Buffer.from([n, 0, 0, 0, n % 4]);
      const w = ByteWriter.scratch(64);
      expect(writer.fillWithMessage(w, p, 0, p.length, 8, null)).toBe(true);
      writer.writeFields(w);
      const d = new SchemaPayload(compileSchema(schemaOf(props, { message })), p, 8, null);
      expect(w.buf.toString('utf8', 0, w.pos)).toBe(JSON.stringify(d.message) + JSON.stringify({ Flags: d.fields[0]!.value, Kind: d.fields[1]!.value }));
    }
  });

  it('writes constant text with bytes that are not doubles exactly', () => {
    // 0x7F in a key: the eight bytes around it read as a NaN, so they are stored as two 32-bit words.
    const name = 'd\u007f\u007f\u007f\u007f\u007f\u007f\u007fel';
    const props: PropertyDef[] = [{ name, inType: InType.UINT32, outType: 0 }, { name: 'H', inType: InType.UINT32, outType: OutType.HEXINT32 }];
    const writer = JsonFieldWriter.for(compileSchema(schemaOf(props, { message: '%2 and %1' })))!;
    const p = Buffer.from([7, 0, 0, 0, 0xef, 0xbe, 0, 0]);
    expect(writer.fill(p, 0, p.length, 8, null)).toBe(true);
    const w = ByteWriter.scratch(256);
    writer.writeMessage(w);
    writer.writeFields(w);
    expect(w.buf.toString('utf8', 0, w.pos)).toBe(`"0xBEEF and 7"${JSON.stringify({ [name]: 7, H: 48879 })}`);
  });

  it('keeps schema texts out of the generated code', () => {
    const evil = '"); throw new Error("injected"); ("';
    const props: PropertyDef[] = [
      { name: evil, inType: InType.UINT32, outType: 0, map: { name: evil, kind: 'value', entries: [{ value: 3, text: evil }] } },
      { name: `x${evil}`, inType: InType.UNICODESTRING, outType: 0 },
    ];
    const message = `%1 ${evil} %2`;
    const writer = JsonFieldWriter.for(compileSchema(schemaOf(props, { message })))!;
    const p = Buffer.concat([le(4, 3n), u16z('s')]);
    const w = ByteWriter.scratch(64);
    expect(writer.fillWithMessage(w, p, 0, p.length, 8, null)).toBe(true);
    writer.writeFields(w);
    expect(w.buf.toString('utf8', 0, w.pos)).toBe(JSON.stringify(`${evil} ${evil} s`) + JSON.stringify({ [evil]: evil, [`x${evil}`]: 's' }));
  });

  it("refuses a writer's code that binds the walk's own names", () => {
    const compiled = compileSchema(schemaOf([{ name: 'A', inType: InType.UINT32, outType: 0 }]));
    const code = {
      names: ['o'], values: [0], locals: '', finish: '', room: () => '', begin: () => '', end: () => '', decimal: () => null, hex: () => null, hexHalves: () => null,
      text: () => null, guid: () => null, utf16Until: () => null,
    };
    expect(() => FieldWalk.withCode(compiled, code)).toThrow(/own name o/);
  });
});
