/**
 * Encodes event records into a chunk as binary XML (MS-EVEN6). A record is
 *
 *   "**\0\0", size (u32), record identifier (u64), written time (FILETIME),
 *   fragment header, template instance, template values, end-of-file token,
 *   size again (u32)
 *
 * The template instance names its template by id and chunk offset; the first
 * record of a shape in a chunk carries the definition itself right there
 * (next-definition offset, GUID, data size, then a fragment: the element tree
 * with a numbered substitution for every value, and end-of-file). The values
 * follow as a count, one descriptor per value (size u16, type u8, 0) and the
 * value bytes. Element and attribute names are name structures (next-name
 * offset, hash u16, character count u16, UTF-16 characters, NUL) written where
 * the chunk first uses them and referred to by offset afterwards.
 *
 * An element start is: token (0x41 when attributes follow), dependency id
 * (0xffff: none), data size (u32: everything after these first 7 bytes up to
 * and including the end-element token), name offset, then the attribute list
 * (its byte size, u32, then the attributes). Every write checks the room left
 * in the chunk first (ChunkFull when there is none).
 */
import { FRAGMENT_HEADER, NO_DEPENDENCY, Token, ValueType } from './binxml-tokens.js';
import type { ChunkBuilder } from './chunk-builder.js';
import { ChunkFull } from './chunk-builder.js';
import { isValue, type EvtxElement, type EvtxValue } from './event-tree.js';
import type { TemplateIdentity } from './template-catalog.js';

const RECORD_SIGNATURE = 0x00002a2a;
const NAME_CACHE_LIMIT = 8192;
/** A name structure after its next-name offset: hash, character count, characters, NUL. */
const encodedNames = new Map<string, Buffer>();

/** The name hash: hash = hash * 65599 + character over the UTF-16 code units, low 16 bits kept. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

function encodedName(name: string): Buffer {
  let b = encodedNames.get(name);
  if (b === undefined) {
    b = Buffer.alloc(4 + name.length * 2 + 2);
    b.writeUInt16LE(nameHash(name), 0);
    b.writeUInt16LE(name.length, 2);
    b.write(name, 4, 'utf16le');
    if (encodedNames.size >= NAME_CACHE_LIMIT) encodedNames.clear();
    encodedNames.set(name, b);
  }
  return b;
}

/** Bytes a value takes in the template values. */
function valueSize(v: EvtxValue): number {
  switch (v.type) {
    case ValueType.String: return v.text!.length * 2;
    case ValueType.UInt8: return 1;
    case ValueType.UInt16: return 2;
    case ValueType.UInt32: return 4;
    case ValueType.Guid: return 16;
    case ValueType.Binary: return v.bytes!.length;
    default: return 8; // UInt64, FileTime, HexInt64
  }
}

const GUID_CACHE_LIMIT = 4096;
/** GUIDs repeat (providers, event classes, the zero activity id), so their bytes are remembered. */
const encodedGuids = new Map<string, Buffer>();

/** A GUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`) in its binary layout: three little-endian fields, then eight bytes in order. */
function guidBytes(guid: string): Buffer {
  let b = encodedGuids.get(guid);
  if (b === undefined) {
    b = Buffer.alloc(16);
    b.writeUInt32LE(parseInt(guid.slice(0, 8), 16) >>> 0, 0);
    b.writeUInt16LE(parseInt(guid.slice(9, 13), 16), 4);
    b.writeUInt16LE(parseInt(guid.slice(14, 18), 16), 6);
    b.write(guid.slice(19, 23) + guid.slice(24, 36), 8, 'hex');
    if (encodedGuids.size >= GUID_CACHE_LIMIT) encodedGuids.clear();
    encodedGuids.set(guid, b);
  }
  return b;
}

export class BinXmlWriter {
  /** 64-bit stores through a DataView: measured faster than Buffer.writeBigUInt64LE. */
  private readonly view: DataView;
  constructor(private readonly chunk: ChunkBuilder) {
    this.view = new DataView(chunk.buf.buffer, chunk.buf.byteOffset, chunk.buf.byteLength);
  }

  private u64(n: bigint): void {
    this.view.setBigUint64(this.chunk.pos, n, true);
    this.chunk.pos += 8;
  }

  private u8(n: number): void {
    this.chunk.buf[this.chunk.pos++] = n;
  }
  private u16(n: number): void {
    this.chunk.buf.writeUInt16LE(n, this.chunk.pos);
    this.chunk.pos += 2;
  }
  private u32(n: number): void {
    this.chunk.buf.writeUInt32LE(n >>> 0, this.chunk.pos);
    this.chunk.pos += 4;
  }

  private name(name: string): void {
    const c = this.chunk;
    const known = c.nameOffset(name);
    if (known !== undefined) {
      c.ensure(4);
      this.u32(known);
      return;
    }
    const enc = encodedName(name);
    c.ensure(8 + enc.length);
    const at = c.pos + 4;
    this.u32(at);
    this.u32(0); // next-name offset, linked when the chunk is finished
    enc.copy(c.buf, c.pos);
    c.pos += enc.length;
    c.addName(name, at, enc.readUInt16LE(0));
  }

  private text(s: string): void {
    const c = this.chunk;
    c.ensure(4 + s.length * 2);
    this.u8(Token.Value);
    this.u8(ValueType.String);
    this.u16(s.length);
    c.pos += c.buf.write(s, c.pos, 'utf16le');
  }

  private substitution(index: number, type: number): void {
    this.chunk.ensure(4);
    this.u8(Token.NormalSubstitution);
    this.u16(index);
    this.u8(type);
  }

  /** An element of a template definition; `next` numbers the substitutions in document order. */
  private element(e: EvtxElement, next: { index: number }): void {
    const c = this.chunk;
    const b = c.buf;
    const start = c.pos;
    const attrs = e.attributes;
    c.ensure(7);
    this.u8(Token.OpenStartElement | (attrs.length > 0 ? Token.More : 0));
    this.u16(NO_DEPENDENCY);
    this.u32(0); // data size, set below
    this.name(e.name);
    if (attrs.length > 0) {
      c.ensure(4);
      const listAt = c.pos;
      this.u32(0);
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i]!;
        c.ensure(1);
        this.u8(Token.Attribute | (i < attrs.length - 1 ? Token.More : 0));
        this.name(a.name);
        if (a.value !== undefined) this.substitution(next.index++, a.value.type);
        else this.text(a.literal!);
      }
      b.writeUInt32LE(c.pos - listAt - 4, listAt);
    }
    const content = e.content;
    if (isValue(content)) {
      c.ensure(1);
      this.u8(Token.CloseStartElement);
      this.substitution(next.index++, content.type);
      c.ensure(1);
      this.u8(Token.EndElement);
    } else if (content.length === 0) {
      c.ensure(1);
      this.u8(Token.CloseEmptyElement);
    } else {
      c.ensure(1);
      this.u8(Token.CloseStartElement);
      for (const child of content) this.element(child, next);
      c.ensure(1);
      this.u8(Token.EndElement);
    }
    b.writeUInt32LE(c.pos - start - 7, start + 3);
  }

  private fragmentHeader(): void {
    this.chunk.ensure(4);
    for (const x of FRAGMENT_HEADER) this.u8(x);
  }

  /** The template instance: a reference to the shape's definition in this chunk, or the definition itself. */
  private templateInstance(tree: EvtxElement, template: TemplateIdentity): void {
    const c = this.chunk;
    c.ensure(10);
    this.u8(Token.TemplateInstance);
    this.u8(1);
    this.u32(template.id);
    const known = c.templateOffset(template.key);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const at = c.pos + 4;
    this.u32(at);
    c.ensure(24);
    this.u32(0); // next-definition offset, linked when the chunk is finished
    template.guid.copy(c.buf, c.pos);
    c.pos += 16;
    const sizeAt = c.pos;
    this.u32(0);
    this.fragmentHeader();
    this.element(tree, { index: 0 });
    c.ensure(1);
    this.u8(Token.EndOfFile);
    c.buf.writeUInt32LE(c.pos - sizeAt - 4, sizeAt);
    c.addTemplate(template.key, at, template.id);
  }

  private values(values: EvtxValue[]): void {
    const c = this.chunk;
    const b = c.buf;
    let total = 4 + values.length * 4;
    for (const v of values) {
      const size = valueSize(v);
      if (size > 0xffff) throw new ChunkFull(); // a value descriptor holds 16 bits of size
      total += size;
    }
    c.ensure(total);
    this.u32(values.length);
    for (const v of values) {
      this.u16(valueSize(v));
      this.u8(v.type);
      this.u8(0);
    }
    for (const v of values) {
      switch (v.type) {
        case ValueType.String: c.pos += b.write(v.text!, c.pos, 'utf16le'); break;
        case ValueType.UInt8: this.u8(v.num!); break;
        case ValueType.UInt16: this.u16(v.num!); break;
        case ValueType.UInt32: this.u32(v.num!); break;
        case ValueType.Guid: guidBytes(v.guid!).copy(b, c.pos); c.pos += 16; break;
        case ValueType.Binary: b.set(v.bytes!, c.pos); c.pos += v.bytes!.length; break;
        default: this.u64(v.big!);
      }
    }
  }

  /** One event record at the chunk's position (throws ChunkFull when it does not fit; the caller rolls back). */
  record(id: bigint, writtenTime: bigint, tree: EvtxElement, template: TemplateIdentity, values: EvtxValue[]): void {
    const c = this.chunk;
    const b = c.buf;
    const start = c.pos;
    c.ensure(24);
    this.u32(RECORD_SIGNATURE);
    this.u32(0); // size, set below
    this.u64(id);
    this.u64(BigInt.asUintN(64, writtenTime));
    this.fragmentHeader();
    this.templateInstance(tree, template);
    this.values(values);
    c.ensure(5);
    this.u8(Token.EndOfFile);
    const size = c.pos + 4 - start;
    this.u32(size);
    b.writeUInt32LE(size, start + 4);
  }
}
