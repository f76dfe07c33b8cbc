/**
 * The code the XML and CSV writers give the compiled decoder's walk
 * (xml-field-code.ts, csv-field-code.ts; schema/field-code.ts), on
 * hand-written payloads at an odd offset in a larger buffer: open and close
 * markup (short and long), decimal and hex integers of each size and sign,
 * 64-bit values beyond 2^53, pointer-sized ones at both pointer sizes, value-
 * and bit-map names that change from one payload to the next (one empty, one
 * with markup characters, one reading as a number, one with a comma; and
 * values no name is mapped to, up to 2^32 - 1), GUIDs,
 * and the values left to the writers' methods (strings, empty ones too,
 * 8-bit text, booleans, floats, error codes, arrays) must give the bytes the
 * decoded fields give; in XML an empty text gives the empty element, and each
 * field the message shows has its escaped text range noted; the room the code
 * makes is enough (the writer's buffer starts tiny). The walk with
 * the code must also equal the walk through the writers' methods, and cut
 * payloads must not fit (or, for a MOF class, end between fields as the
 * decoded fields do). Whole dumps over the corpus are compared in
 * field-walk-outputs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter, Piece } from '../../src/etw/render/byte-writer.js';
import { csvFieldCell, CsvFieldWriter } from '../../src/etw/render/csv-field-writer.js';
import { type DataMarkupBytes } from '../../src/etw/render/xml-field-code.js';
import { XmlFieldWriter } from '../../src/etw/render/xml-field-writer.js';
import { xmlText } from '../../src/etw/render/xml-text.js';
import { InType, OutType, type EventSchema, type MapDef, type PropertyDef } from '../../src/etw/schema/event-schema.js';
import { FieldWalk } from '../../src/etw/schema/field-walk.js';
import { compileSchema, type CompiledSchema } from '../../src/etw/schema/payload-decoder.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import { schemaOf } from '../schema/schema-fixtures.js';
import { le, sharedWalkProps, u16z } from '../support/walk-kinds.js';


const VALUES: MapDef = {
  name: 'Kinds', kind: 'value',
  entries: [{ value: 1, text: 'One' }, { value: 2, text: 'Two <"q"> & co' }, { value: 3, text: '' }, { value: 4, text: '42' }, { value: 5, text: 'a,b' }],
};
const FLAGS: MapDef = { name: 'Flags', kind: 'bitmap', entries: [{ value: 1, text: 'A' }, { value: 4, text: 'C<' }] };

/** Fixed-size integers first (one bounded run, its last with a map), then the rest. */
const PROPS: PropertyDef[] = [
  ...sharedWalkProps(VALUES, FLAGS),
  { name: 'A', inType: InType.ANSISTRING, outType: 0 },
  { name: 'B', inType: InType.BOOLEAN, outType: 0 },
  { name: 'Arr', inType: InType.UINT16, outType: 0, count: { fixed: 2 } },
  { name: 'D', inType: InType.DOUBLE, outType: 0 },
  { name: 'Last', inType: InType.UINT8, outType: OutType.HEXINT8 },
];
/** The message shows some fields (their text ranges are noted), not all. */
const MESSAGE = 'h=%1 k=%8 f=%9 g=%11 s=%12 x=%14 a=%15 d=%18 l=%19 again %1';

function payload(pointerSize: 4 | 8, row: bigint[], text: string, fixed: string, ansi: string): Buffer {
  const [h64, u64, i64, h32, i32, h16, i8, kind, flags, ptr, err, last] = row as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  return Buffer.concat([
    le(8, h64), le(8, u64), le(8, i64), le(4, h32), le(4, i32), le(2, h16), le(1, i8), le(4, kind), le(2, flags), le(pointerSize, ptr),
    Buffer.from('00112233445566778899aabbccddeeff', 'hex'), u16z(text), le(4, err), Buffer.from(fixed.padEnd(3, '\0'), 'utf16le'),
    Buffer.concat([Buffer.from(ansi, 'latin1'), Buffer.alloc(1)]), le(4, last & 1n), le(2, 7n), le(2, 0xfffen),
    Buffer.from(new Float64Array([-2.5]).buffer), le(1, last),
  ]);
}

const ROWS: [bigint[], string, string, string][] = [
  [[0n, 0n, 0n, 0n, 0n, 0n, 0n, 1n, 0n, 0n, 0n, 0n], 'plain', 'abc', 'ansi'],
  [[0xffffffffffffffffn, 2n ** 53n + 5n, -(2n ** 63n), 0xfedcba98n, -7n, 0xbeefn, -128n, 2n, 5n, 0xffff800012345678n, 0x80070005n, 0xffn], 'a<b & "c" é', 'x', 'caf\u00e9'],
  [[0x1fffffffffffffn, 2n ** 53n - 1n, -1n, 1n, 2147483647n, 1n, 127n, 3n, 2n, 0x7ffb48740040n, 1n, 0x10n], 'tab\there, "q"', '', ''],
  [[2n ** 32n, 2n ** 32n, 2n ** 53n + 1n, 0x10n, -2147483648n, 0n, -1n, 4n, 0n, 1n, 0n, 1n], '', 'a\u0001', '12'],
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 5n, 4n, 8n, 9n, 0xabn], '-12', '7', 'a,b'],
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 9n, 1n, 8n, 9n, 0xabn], 'x', 'y', 'z'],
  // Kinds the map does not name: an unsigned 32-bit decimal of several digits, up to the largest.
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 12345n, 1n, 8n, 9n, 0xabn], 'x', 'y', 'z'],
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 0xffffffffn, 1n, 8n, 9n, 0xabn], 'x', 'y', 'z'],
  // A NUL inside the string: it ends there (what follows is read as the next fields, alike both ways).
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 1n, 1n, 8n, 9n, 0xabn], 'ab\u0000<', 'y', 'z'],
];

/** Markup of each field: `<F Name="…">`, `</F>` and `<F Name="…"/>`; one field's much longer (written from the code's long constants). */
function markupOf(names: readonly string[]): DataMarkupBytes {
  const open = names.map((n) => Piece.utf8(n === 'G' ? `<Long${'x'.repeat(80)} Name="${n}">` : `\t\t<F Name="${n}">`));
  return {
    begin: Piece.latin1('<E>\n'), open, close: names.map((n) => Piece.utf8(n === 'S' ? `</Long${'x'.repeat(80)}>\n` : '</F>\n')),
    empty: names.map((n) => Piece.utf8(`\t\t<F Name="${n}"/>\n`)), finish: Piece.latin1('</E>\n'),
  };
}

/** What the XML walk must give: each decoded field's escaped text in its markup, the empty element for an empty text. */
function xmlReference(d: SchemaPayload, markup: DataMarkupBytes): string {
  return d.fields.map((f, i) => {
    const text = xmlText(f.text);
    return text === '' ? markup.empty[i]!.bytes.toString('utf8') : markup.open[i]!.bytes.toString('utf8') + text + markup.close[i]!.bytes.toString('utf8');
  }).join('');
}

const written = (w: { w: { buf: Buffer; pos: number } }): string => w.w.buf.toString('utf8', 0, w.w.pos);

/** The payload inside a larger buffer at offset `at`, as the reader hands it over. */
function inside(p: Buffer, at: number): Buffer {
  const source = Buffer.alloc(p.length + 9, 0xcc);
  p.copy(source, at);
  return source;
}

/** A writer whose bytes start in a buffer of 8 (so that the room the code makes is checked: it grows many times). */
function small<W extends XmlFieldWriter | CsvFieldWriter>(writer: W): W {
  return Object.assign(writer, { w: ByteWriter.scratch(8) });
}

/** The XML writer's walk with its code, and its text ranges of the message's fields, over b[from, to). */
function xmlWalk(compiled: CompiledSchema, markup: DataMarkupBytes, b: Buffer, from: number, to: number, ps: 4 | 8) {
  const writer = small(new XmlFieldWriter());
  const walk = writer.walkFor(compiled, markup);
  const fits = walk.write(writer, b, from, to, ps, null);
  const ranges = (compiled.message?.fieldAt ?? []).filter((v) => v >= 0 && v < walk.written)
    .map((v) => writer.w.buf.toString('utf8', writer.textStart[v]!, writer.textEnd[v]!));
  return { fits, written: walk.written, text: written(writer), ranges };
}

/** The same through the writer's methods (a walk without code). */
function xmlMethods(compiled: CompiledSchema, markup: DataMarkupBytes, b: Buffer, from: number, to: number, ps: 4 | 8) {
  const writer = new XmlFieldWriter();
  writer.markup = markup;
  writer.textStart = new Int32Array(compiled.fieldNames.length);
  writer.textEnd = new Int32Array(compiled.fieldNames.length);
  const walk = FieldWalk.of(compiled);
  const fits = walk.write(writer, b, from, to, ps, null);
  const ranges = (compiled.message?.fieldAt ?? []).filter((v) => v >= 0 && v < walk.written)
    .map((v) => writer.w.buf.toString('utf8', writer.textStart[v]!, writer.textEnd[v]!));
  return { fits, written: walk.written, text: written(writer), ranges };
}

function csvWalk(compiled: CompiledSchema, b: Buffer, from: number, to: number, ps: 4 | 8, methods = false) {
  const writer = methods ? new CsvFieldWriter() : small(new CsvFieldWriter());
  const walk = methods ? FieldWalk.of(compiled) : writer.walkFor(compiled);
  const fits = walk.write(writer, b, from, to, ps, null);
  return { fits, written: walk.written, text: written(writer) };
}

describe('XML and CSV writers with their code on the walk', () => {
  for (const pointerSize of [8, 4] as const) {
    it(`write every kind of value as the decoded fields give it (${pointerSize}-byte pointers)`, () => {
      const compiled = compileSchema(schemaOf(PROPS, { message: MESSAGE }));
      const markup = markupOf(compiled.fieldNames);
      const seen = new Set<string>();
      // Twice over, so that the mapped names change and come back while the code keeps its last texts.
      for (const [row, text, fixed, ansi] of [...ROWS, ...ROWS]) {
        const p = payload(pointerSize, row, text, fixed, ansi);
        const d = new SchemaPayload(compiled, p, pointerSize, null);
        expect(d.error).toBeNull();
        expect(d.fields.length).toBe(PROPS.length);
        for (const f of d.fields) if (f.text === '') seen.add(f.name);
        // At an odd and an even offset: the strings lie at both parities.
        for (const at of [5, 6]) {
          const source = inside(p, at);

          const xml = xmlWalk(compiled, markup, source, at, at + p.length, pointerSize);
          expect(xml.fits).toBe(true);
          expect(xml.text).toBe(xmlReference(d, markup));
          expect(xml.ranges).toEqual(compiled.message!.fieldAt.map((v) => xmlText(d.fields[v]!.text)));
          expect(xml).toEqual(xmlMethods(compiled, markup, source, at, at + p.length, pointerSize));

          const csv = csvWalk(compiled, source, at, at + p.length, pointerSize);
          expect(csv.fits).toBe(true);
          expect(csv.text).toBe(d.fields.map(csvFieldCell).join(','));
          expect(csv).toEqual(csvWalk(compiled, source, at, at + p.length, pointerSize, true));
        }

        // Cut short inside the run of integers, inside the GUID and inside the string: no fit.
        for (const cut of [20, 60, 70]) {
          expect(xmlWalk(compiled, markup, p, 0, cut, pointerSize).fits).toBe(false);
          expect(csvWalk(compiled, p, 0, cut, pointerSize).fits).toBe(false);
        }
      }
      // The empty texts written: a string, the fixed-length one, the 8-bit one and a mapped name.
      expect([...seen].sort()).toEqual(['A', 'Fixed', 'Kind', 'S']);
    });
  }

  it('end a MOF class between fields as the decoded fields do', () => {
    const schema: Partial<EventSchema> = { source: 'mof', message: MESSAGE };
    const compiled = compileSchema(schemaOf(PROPS, schema));
    expect(compiled.endsEarly).toBe(true);
    const markup = markupOf(compiled.fieldNames);
    const p = payload(8, ROWS[1]![0], 'abc', 'x', 'y');
    // After U64, after Flags, after the GUID.
    for (const [cut, fields] of [[16, 2], [41, 9], [65, 11]] as const) {
      const d = new SchemaPayload(compiled, p.subarray(0, cut), 8, null);
      expect(d.fields.length).toBe(fields);
      const xml = xmlWalk(compiled, markup, p, 0, cut, 8);
      expect(xml.fits).toBe(true);
      expect(xml.written).toBe(fields);
      expect(xml.text).toBe(xmlReference(d, markup));
      expect(xml).toEqual(xmlMethods(compiled, markup, p, 0, cut, 8));
      const csv = csvWalk(compiled, p, 0, cut, 8);
      expect(csv.text).toBe(d.fields.map(csvFieldCell).join(','));
    }
  });

  it('keep schema texts out of the generated code', () => {
    const evil = '"); throw new Error("injected"); ("';
    const props: PropertyDef[] = [
      { name: evil, inType: InType.UINT32, outType: 0, map: { name: evil, kind: 'value', entries: [{ value: 3, text: evil }] } },
      { name: `x${evil}`, inType: InType.UINT32, outType: 0 },
    ];
    const compiled = compileSchema(schemaOf(props, { message: `%1 ${evil} %2` }));
    const markup = markupOf(compiled.fieldNames);
    const p = Buffer.concat([le(4, 3n), le(4, 9n)]);
    const xml = xmlWalk(compiled, markup, p, 0, p.length, 8);
    expect(xml.text).toBe(`\t\t<F Name="${evil}">${xmlText(evil)}</F>\n\t\t<F Name="x${evil}">9</F>\n`);
    expect(csvWalk(compiled, p, 0, p.length, 8).text).toBe(`"""); throw new Error(""injected""); (""",9`);
  });
});
