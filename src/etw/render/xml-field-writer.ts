/**
 * The XML dump's EventData (or UserData) elements as a FieldWriter
 * (schema/field-writer.ts): `\t\t<Data Name="…">text</Data>` per field (or the
 * template's element), the empty element for an empty text, texts escaped by xml-text.ts. Printable ASCII text from the payload is
 * copied byte by byte, other UTF-16 text escaped as bytes (xml-text-bytes.ts);
 * anything else becomes a string first. Where each
 * field's escaped text lies is kept, so that the message (RenderingInfo) can be
 * assembled from those bytes without making the field texts.
 *
 * The walk of each schema and markup is made with this writer's code
 * (xml-field-code.ts): markup, integers, GUIDs and mapped names are written
 * inline, the other values through the methods below.
 */
import { FieldWalk } from '../schema/field-walk.js';
import type { CompiledSchema } from '../schema/payload-decoder.js';
import { cp1252Text } from '../schema/render-text.js';
import type { DecodedField } from '../schema/types.js';
import { Piece } from './byte-writer.js';
import { copyPlain8, copyPlainUtf16, FieldTextBytes } from './field-bytes.js';
import { XML_COPYABLE, xmlFieldCode, type DataMarkupBytes } from './xml-field-code.js';
import { xmlText } from './xml-text.js';
import { XML_UTF16_MAX, xmlUtf16 } from './xml-text-bytes.js';

const NOTHING = Piece.latin1('');

export class XmlFieldWriter extends FieldTextBytes {
  /** The markup of the schema being walked (set before each walk). */
  markup: DataMarkupBytes = { begin: NOTHING, open: [], close: [], empty: [], finish: NOTHING };
  /** Per visible field the message shows: its escaped text is w's bytes [textStart, textEnd) (empty when equal). */
  textStart: Int32Array = new Int32Array(0);
  textEnd: Int32Array = new Int32Array(0);
  private index = 0;
  private openAt = 0;
  private textAt = 0;

  /** The walk of a compiled schema writing with `markup` (made once per pair); sets markup and the text ranges it fills. */
  walkFor(compiled: CompiledSchema, markup: DataMarkupBytes): FieldWalk {
    return this.use(xmlWalkOf(compiled, markup));
  }

  /** Write with `walk` (xmlWalkOf): sets markup and the text ranges it fills; returns its FieldWalk. */
  use(walk: XmlWalk): FieldWalk {
    this.markup = walk.markup;
    this.textStart = walk.textStart;
    this.textEnd = walk.textEnd;
    return walk.walk;
  }

  begin(index: number): void {
    const w = this.w;
    const open = this.markup.open[index]!;
    w.ensure(open.length);
    this.index = index;
    this.openAt = w.pos;
    w.put(open);
    this.textAt = w.pos;
  }

  end(): void {
    const w = this.w;
    const i = this.index;
    if (w.pos === this.textAt) {
      w.pos = this.openAt;
      const empty = this.markup.empty[i]!;
      w.ensure(empty.length);
      w.put(empty);
      this.textStart[i] = this.textEnd[i] = 0;
      return;
    }
    this.textStart[i] = this.textAt;
    this.textEnd[i] = w.pos;
    const close = this.markup.close[i]!;
    w.ensure(close.length);
    w.put(close);
  }

  text(s: string, _plain: boolean): void {
    this.w.text(xmlText(s));
  }

  utf16(b: Buffer, start: number, stop: number): void {
    const w = this.w;
    const units = (stop - start) >> 1;
    w.ensure(units);
    const p = copyPlainUtf16(w.buf, w.pos, b, start, stop, XML_COPYABLE);
    if (p >= 0) { w.pos = p; return; }
    w.ensure(((stop - start) >> 1) * XML_UTF16_MAX);
    w.pos = xmlUtf16(w.buf, w.pos, b, start, stop);
  }

  text8(b: Buffer, start: number, stop: number, utf8: boolean): void {
    const w = this.w;
    w.ensure(stop - start);
    const p = copyPlain8(w.buf, w.pos, b, start, stop, XML_COPYABLE);
    if (p >= 0) { w.pos = p; return; }
    this.text(utf8 ? b.toString('utf8', start, stop) : cp1252Text(b, start, stop), false);
  }

  field(f: DecodedField): void {
    this.w.text(xmlText(f.text));
  }
}

/** A schema's walk with this writer's code for one markup, and the text ranges that code fills. */
export interface XmlWalk {
  readonly walk: FieldWalk;
  readonly markup: DataMarkupBytes;
  readonly textStart: Int32Array;
  readonly textEnd: Int32Array;
}

function newWalk(compiled: CompiledSchema, markup: DataMarkupBytes): XmlWalk {
  const visible = compiled.fieldNames.length;
  const inMessage = new Uint8Array(visible);
  for (const v of compiled.message?.fieldAt ?? []) if (v >= 0 && v < visible) inMessage[v] = 1;
  const textStart = new Int32Array(visible), textEnd = new Int32Array(visible);
  return { walk: FieldWalk.withCode(compiled, xmlFieldCode(markup, inMessage, textStart, textEnd)), markup, textStart, textEnd };
}

const walks = new WeakMap<CompiledSchema, Map<DataMarkupBytes, XmlWalk>>();
/** The last schema and markup looked up and their walk (runs of one event type are common). */
let lastCompiled: CompiledSchema | null = null;
let lastMarkup: DataMarkupBytes | null = null;
let lastWalk: XmlWalk | null = null;

/** The walk of a compiled schema writing with `markup`, made once per pair. */
export function xmlWalkOf(compiled: CompiledSchema, markup: DataMarkupBytes): XmlWalk {
  if (compiled === lastCompiled && markup === lastMarkup) return lastWalk!;
  let byMarkup = walks.get(compiled);
  if (byMarkup === undefined) walks.set(compiled, (byMarkup = new Map()));
  let walk = byMarkup.get(markup);
  if (walk === undefined) byMarkup.set(markup, (walk = newWalk(compiled, markup)));
  lastCompiled = compiled;
  lastMarkup = markup;
  lastWalk = walk;
  return walk;
}
