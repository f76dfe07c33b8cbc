/**
 * The CSV dump's User Data cells as a FieldWriter (schema/field-writer.ts):
 * one cell per field after the fixed columns, numbers bare, strings in quotes
 * unless their text reads as a number (tracerpt's rule), escaped by
 * csv-cells.ts where they hold a quote, comma, CR or LF. Printable ASCII text
 * from the payload is copied byte by byte; anything else becomes a string first.
 *
 * The walk of each schema is made with this writer's code (csv-field-code.ts):
 * commas, integers, GUIDs and mapped names are written inline, the other values
 * through the methods below.
 */
import { FieldWalk } from '../schema/field-walk.js';
import type { CompiledSchema } from '../schema/payload-decoder.js';
import { cp1252Text } from '../schema/render-text.js';
import type { DecodedField } from '../schema/types.js';
import { csvCell, csvQuotedCell } from './csv-cells.js';
import { CSV_COPYABLE, CSV_NUMERIC, csvFieldCode } from './csv-field-code.js';
import { copyPlain8, copyPlainUtf16, FieldTextBytes } from './field-bytes.js';

/** The cell of a decoded field: string values quoted unless their text is a number, everything else bare. */
export function csvFieldCell(f: DecodedField): string {
  return typeof f.value === 'string' && !CSV_NUMERIC.test(f.text) ? csvQuotedCell(f.text) : csvCell(f.text);
}

/** Whether a first character could start a numeric text (then the whole text is tested). */
function numericStart(c: number): boolean {
  return c === 45 || (c >= 48 && c <= 57);
}

export class CsvFieldWriter extends FieldTextBytes {
  /** The walk of a compiled schema with this writer's code (made once per schema). */
  walkFor(compiled: CompiledSchema): FieldWalk {
    if (compiled === lastCompiled) return lastWalk!;
    let walk = walks.get(compiled);
    if (walk === undefined) walks.set(compiled, (walk = FieldWalk.withCode(compiled, csvFieldCode(compiled.fieldNames.length))));
    lastCompiled = compiled;
    lastWalk = walk;
    return walk;
  }

  begin(index: number): void {
    if (index > 0) { this.w.ensure(1); this.w.byte(44); }
  }

  end(): void {}

  text(s: string, _plain: boolean): void {
    this.w.text(CSV_NUMERIC.test(s) ? s : csvQuotedCell(s));
  }

  utf16(b: Buffer, start: number, stop: number): void {
    if (stop - start < 2 || !numericStart(b[start]!) || b[start + 1] !== 0) {
      const w = this.w;
      w.ensure(((stop - start) >> 1) + 2);
      const buf = w.buf;
      buf[w.pos] = 34;
      const p = copyPlainUtf16(buf, w.pos + 1, b, start, stop, CSV_COPYABLE);
      if (p >= 0) { buf[p] = 34; w.pos = p + 1; return; }
    }
    this.text(b.toString('utf16le', start, stop), false);
  }

  text8(b: Buffer, start: number, stop: number, utf8: boolean): void {
    if (start === stop || !numericStart(b[start]!)) {
      const w = this.w;
      w.ensure(stop - start + 2);
      const buf = w.buf;
      buf[w.pos] = 34;
      const p = copyPlain8(buf, w.pos + 1, b, start, stop, CSV_COPYABLE);
      if (p >= 0) { buf[p] = 34; w.pos = p + 1; return; }
    }
    this.text(utf8 ? b.toString('utf8', start, stop) : cp1252Text(b, start, stop), false);
  }

  field(f: DecodedField): void {
    this.w.text(csvFieldCell(f));
  }
}

const walks = new WeakMap<CompiledSchema, FieldWalk>();
/** The last schema looked up and its walk (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastWalk: FieldWalk | null = null;
