/**
 * Straight-line JavaScript for one schema's JSONL byte path (schema-json.ts):
 * `fill` reads every top-level property in order and writes the fields object
 * (and a message whose references follow the field order, as it goes);
 * `message` writes any other message from the texts fill noted. Generating the
 * code once per schema replaces an interpreter loop over the ops: keys and
 * message pieces become constant stores (eight bytes at a time), each op's
 * branches are decided when the code is made, fixed-size runs of properties
 * are bounds-checked and given room once, and integers are read with one
 * DataView load. Together with the in-order message this made decoded JSONL of
 * the .NET rundown trace about 1.4 times as fast (README, benchmarks).
 *
 * Only numbers this module computes (offsets, sizes, indexes, byte values, and
 * doubles standing for eight constant bytes) are written into the source;
 * names, texts and maps from schemas stay data (the pieces are passed in), so a
 * schema file cannot inject code.
 */
import { Op, type PropertyOp } from './schema-json-ops.js';
import { Piece } from './byte-writer.js';

/** Constant pieces up to this length are written as inline stores; longer ones with `put`. */
const INLINE_MAX = 64;
const TRUE = Piece.latin1('true');
const FALSE = Piece.latin1('false');

/** A safe integer as source text (anything else is a bug here, not input). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`schema-json-code: not an integer: ${n}`);
  return String(n);
}

/**
 * Code making room for `size` more bytes in writer `w`: the check inline, the
 * call only when the buffer must grow or flush. A generated fill is too large
 * for V8 to inline the writer's small methods into, so it spells them out.
 */
function ensure(w: string, size: string): string {
  return `if (${w}.pos + ${size} > ${w}.buf.length) ${w}.ensure(${size});`;
}

/** Code writing byte `c` to writer `w` (room ensured). */
function byte(w: string, c: number): string {
  return `${w}.buf[${w}.pos++] = ${int(c)};`;
}

/** Code writing constant bytes to writer `w` (room already ensured); pieces too long to inline go through `K`. */
class ConstWriter {
  readonly pieces: Piece[] = [];
  put(w: string, piece: Piece): string {
    const bytes = piece.bytes;
    const n = bytes.length;
    if (n === 0) return '';
    if (n > INLINE_MAX) {
      this.pieces.push(piece);
      return `${w}.put(K[${int(this.pieces.length - 1)}]);`;
    }
    let code = `{ const v_ = ${w}.view, p_ = ${w}.pos;`;
    let i = 0;
    // Eight bytes per store where they read as a finite double that round-trips through its source text (JSON text
    // bytes always do unless they hold 0x7F/0xFF in the wrong place); else four, two, one.
    for (; i + 8 <= n; i += 8) {
      const d = exactDouble(bytes, i);
      if (d !== null) code += ` v_.setFloat64(p_ + ${int(i)}, ${d}, true);`;
      else code += ` v_.setInt32(p_ + ${int(i)}, ${int(bytes.readInt32LE(i))}, true); v_.setInt32(p_ + ${int(i + 4)}, ${int(bytes.readInt32LE(i + 4))}, true);`;
    }
    if (i + 4 <= n) { code += ` v_.setInt32(p_ + ${int(i)}, ${int(bytes.readInt32LE(i))}, true);`; i += 4; }
    if (i + 2 <= n) { code += ` v_.setInt16(p_ + ${int(i)}, ${int(bytes.readInt16LE(i))}, true);`; i += 2; }
    if (i < n) { code += ` ${w}.buf[p_ + ${int(i)}] = ${int(bytes[i]!)};`; i++; }
    return code + ` ${w}.pos = p_ + ${int(n)}; }`;
  }
}

/** The little-endian double at bytes[i, i+8) as source text, when it is finite, not -0, and its text gives back the same bytes; else null. */
function exactDouble(bytes: Buffer, i: number): string | null {
  const d = bytes.readDoubleLE(i);
  if (!Number.isFinite(d) || Object.is(d, -0)) return null;
  const text = String(d);
  const back = Buffer.alloc(8);
  back.writeDoubleLE(Number(text));
  return back.equals(bytes.subarray(i, i + 8)) ? text : null;
}

/** The integer read of `size` bytes at payload offset expression `at`. */
function readInt(size: number, signed: boolean, at: string): string {
  switch (size) {
    case 1: return signed ? `dv.getInt8(base + ${at})` : `dv.getUint8(base + ${at})`;
    case 2: return signed ? `dv.getInt16(base + ${at}, true)` : `dv.getUint16(base + ${at}, true)`;
    case 4: return signed ? `dv.getInt32(base + ${at}, true)` : `dv.getUint32(base + ${at}, true)`;
    default: throw new Error(`schema-json-code: integer size ${size}`);
  }
}

/** Ops of a static size that never fall back to the decoder: their bounds can be checked together. */
function fixedSize(op: PropertyOp): number {
  switch (op.op) {
    case Op.INT_DEC: case Op.INT_HEX: case Op.MAP: return op.size;
    case Op.BOOL: return op.size;
    case Op.GUID: return 16;
    default: return 0;
  }
}

/** Bytes to reserve after a key for the value of an op whose writers do not reserve room themselves. */
function valueRoom(op: PropertyOp): number {
  switch (op.op) {
    case Op.INT_DEC: case Op.INT_HEX: case Op.MAP: return 24;
    case Op.BOOL: return 5;
    case Op.GUID: return 40;
    case Op.FILETIME: case Op.SYSTEMTIME: return 48;
    case Op.CHAR: return 8;
    default: return 4;
  }
}

/** Where a visible op's text lies after fill: always in F, always in T, or per payload (X says). */
const Where = { F: 0, T: 1, EITHER: 2 } as const;
function textWhere(op: PropertyOp): number {
  switch (op.op) {
    case Op.INT_DEC: case Op.BOOL: case Op.GUID: case Op.STR16: case Op.COUNTED16:
    case Op.BINARY: case Op.COUNTED_BINARY:
      return Where.F;
    case Op.INT_HEX: case Op.GENERIC: return Where.T;
    default: return Where.EITHER;
  }
}

export interface FillSource {
  /**
   * The body of `(self, F, T, S, E, X, nums, K, H) => fill(b, from, to, ps, clock, M, ab)`: the payload is
   * b[from, to); M: where an in-order message goes (appended); ab: b's ArrayBuffer when the caller knows it (else
   * b.buffer is read).
   */
  body: string;
  pieces: Piece[];
}

/**
 * A message whose references name visible fields in increasing order, each
 * once: fill writes it whole into M as it goes (each literal piece, then the
 * field's text), so that writing the message is one copy.
 */
export interface InOrderMessage {
  /** The literal piece written before each referenced field's text, by visible field. */
  before: Map<number, Piece>;
  /** The piece after the last reference (closing the string). */
  last: Piece;
}

/** The in-order form of a message (pieces JSON-escaped, the first opening the string), or null when it is not in order. */
export function inOrderMessage(pieces: Piece[], fieldAt: number[], visibleCount: number): InOrderMessage | null {
  const before = new Map<number, Piece>();
  let pending: Uint8Array[] = [pieces[0]!.bytes];
  let last = -1;
  for (let k = 0; k < fieldAt.length; k++) {
    const v = fieldAt[k]!;
    if (v >= 0) {
      if (v <= last || v >= visibleCount) return null;
      before.set(v, new Piece(Buffer.concat(pending)));
      pending = [];
      last = v;
    }
    pending.push(pieces[k + 1]!.bytes);
  }
  return { before, last: new Piece(Buffer.concat(pending)) };
}

/**
 * The source of a schema's fill. State it uses: F (fields scratch), T (texts
 * scratch), M (the writer an in-order message is appended to), S/E/X (per visible field: text start,
 * end, 1 when in T), nums (integer values for counts and lengths, or null),
 * self (generic, mappedValue, visibleCount).
 */
export function fillSource(ops: PropertyOp[], endsEarly: boolean, hasNums: boolean, inOrder: InOrderMessage | null): FillSource {
  return new FillWriter(ops, endsEarly, hasNums, inOrder).source();
}

class FillWriter {
  private readonly c = new ConstWriter();
  private readonly out: string[] = [];
  /** Ops whose message text (in-order mode) has its room made at the start of their fixed-size run. */
  private readonly messageCovered = new Set<number>();
  /** Declarations of state kept between calls (in the factory, outside fill). */
  private readonly state = new Set<string>();

  constructor(
    private readonly ops: PropertyOp[], private readonly endsEarly: boolean, private readonly hasNums: boolean,
    private readonly inOrder: InOrderMessage | null,
  ) {}

  private emit(s: string): void {
    this.out.push(s);
  }

  source(): FillSource {
    const { ops, endsEarly } = this;
    this.emit('const { writeUtf16Json, writeAsciiJson, nul8, fileTimeOf, systemTimeOf, i64Decimal, viewsOf } = H;');
    this.emit('return function fill(b, from, to, ps, clock, M, ab) {');
    this.emit('const end = to; let o = from, n = 0, lo = 0, hi = 0, s = 0, len = 0, stop = 0, next = 0, tl = 0; let d = null, m = null;');
    this.emit('F.pos = 0; T.pos = 0;');
    if (this.hasNums) this.emit('nums.fill(NaN);');
    this.emit('const V = viewsOf(ab === undefined ? b.buffer : ab), dv = V.data, base = b.byteOffset;');
    let shown = 0;
    /** Ops whose key and value room the start of their run made. */
    const covered = new Set<number>();
    let run = 0; // bytes left of the current bounds-checked run
    let runOffset = 0; // offset of the next op within it
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (endsEarly) this.emit(`if (o === end) { self.visibleCount = ${int(shown)}; return true; }`);
      // A run of fixed-size ops: one bounds check, static offsets from o, one advance.
      // The room for the run's keys and values is made once too, up to a mapped value (whose text may be longer
      // than the room counted for it, so the ops after it make their own).
      if (!endsEarly && run === 0 && fixedSize(op) > 0) {
        let total = 0;
        let room = 0;
        let mapped = false;
        let messageRoom = 0;
        for (let j = i; j < ops.length && fixedSize(ops[j]!) > 0; j++) {
          const next = ops[j]!;
          total += fixedSize(next);
          if (next.op === Op.MAP) {
            if (!mapped && next.visible >= 0) { room += next.key!.length + valueRoom(next); covered.add(j); }
            mapped = true;
          } else if (!mapped && next.visible >= 0) {
            room += next.key!.length + valueRoom(next);
            covered.add(j);
            if (this.inOrder !== null && next.inMessage) {
              messageRoom += this.inOrder.before.get(next.visible)!.length + valueRoom(next);
              this.messageCovered.add(j);
            }
          }
        }
        this.emit(`if (end - o < ${int(total)}) return false;${room > 0 ? ' ' + ensure('F', int(room)) : ''}` +
          `${messageRoom > 0 ? ' ' + ensure('M', int(messageRoom)) : ''}`);
        run = total;
        runOffset = 0;
      }
      const inRun = run > 0;
      const at = inRun ? `o + ${int(runOffset)}` : 'o';
      this.emit(`// ${int(i)}: op ${int(op.op)}${op.visible >= 0 ? `, field ${int(op.visible)}` : ''}`);
      if (op.length !== null) {
        if ('fixed' in op.length) this.emit(op.length.fixed >= 0 ? `len = ${int(op.length.fixed)};` : 'return false;');
        else this.emit(`n = nums[${int(op.length.ref)}]; if (!Number.isInteger(n) || n < 0) return false; len = n;`);
      }
      const v = op.visible;
      if (v >= 0) this.emit(`${covered.has(i) ? '' : ensure('F', int(op.key!.length + valueRoom(op)))} ${this.c.put('F', op.key!)} s = F.pos;`);
      this.op(op, at, inRun);
      if (inRun) {
        const size = fixedSize(op);
        run -= size;
        runOffset += size;
        if (run === 0) this.emit(`o += ${int(runOffset)};`);
      }
      if (v >= 0) shown = v + 1;
    }
    if (this.inOrder !== null) this.emit(`${ensure('M', int(this.inOrder.last.length))} ${this.c.put('M', this.inOrder.last)}`);
    this.emit(`self.visibleCount = ${int(shown)}; return true;`);
    this.emit('};');
    // The state declarations go before `return function fill`.
    this.out.splice(1, 0, ...this.state);
    return { body: this.out.join('\n'), pieces: this.c.pieces };
  }

  /**
   * A message field's text is [start, end) of F or T: note where (for the
   * message writer), or in in-order mode append its piece and the text to M.
   */
  private note(op: PropertyOp, inT: boolean, start: string, end: string): string {
    if (!op.inMessage) return '';
    const v = int(op.visible);
    if (this.inOrder === null) return ` S[${v}] = ${start}; E[${v}] = ${end}; X[${v}] = ${inT ? 1 : 0};`;
    const piece = this.inOrder.before.get(op.visible)!;
    const room = this.messageCovered.has(op.index) ? '' : ensure('M', `tl + ${int(piece.length)}`);
    return ` tl = ${end} - (${start}); ${room} ${this.c.put('M', piece)} M.copyFrom(${inT ? 'T' : 'F'}, ${start}, ${start} + tl);`;
  }

  /**
   * For a UTF-16 string the in-order message shows: its literal piece is written
   * to M now and the transcoder writes the text to M as well ('M', no note);
   * otherwise no twin ('null') and the usual note.
   */
  private twinText(op: PropertyOp): [string, string] {
    if (this.inOrder === null || !op.inMessage) return ['null', this.note(op, false, 's + 1', 'F.pos - 1')];
    const piece = this.inOrder.before.get(op.visible)!;
    this.emit(`${ensure('M', int(piece.length))} ${this.c.put('M', piece)}`);
    return ['M', ''];
  }

  /** Fall back to the schema's decoder for this op at o (it notes a message field's text in T). */
  private generic(op: PropertyOp): string {
    const call = `o = self.generic(${int(op.index)}, b, o, end, clock, ps); if (o < 0) return false;`;
    if (!op.inMessage || this.inOrder === null) return call;
    const v = int(op.visible);
    return call + this.note(op, true, `S[${v}]`, `E[${v}]`);
  }

  /** A hex integer's message text: `0x…` of `value` (32-bit) or of the 8 bytes at `at`. */
  private hexText(op: PropertyOp, hex32: string | null, at: string): string {
    const write = hex32 !== null ? `hexU32(${hex32})` : `hexU64(b, ${at})`;
    if (this.inOrder === null) return ` lo = T.pos; ${ensure('T', '20')} T.${write};` + this.note(op, true, 'lo', 'T.pos');
    const piece = this.inOrder.before.get(op.visible)!;
    const room = this.messageCovered.has(op.index) ? '' : ensure('M', int(piece.length + 20));
    return ` ${room} ${this.c.put('M', piece)} M.${write};`;
  }

  private op(op: PropertyOp, at: string, inRun: boolean): void {
    const v = op.visible;
    const vis = v >= 0;
    const check = (size: string) => (inRun ? '' : `if (end - o < ${size}) return false; `);
    const advance = (size: number) => (inRun ? '' : ` o += ${int(size)};`);
    const c = this.c;
    switch (op.op) {
      case Op.INT_DEC: case Op.INT_HEX: case Op.MAP: {
        if (op.size === 0) {
          this.emit('if (ps === 8) {');
          this.int64(op, at, inRun);
          this.emit('} else {');
          this.int32(op, 4, at, inRun);
          this.emit('}');
        } else if (op.size === 8) this.int64(op, at, inRun);
        else this.int32(op, op.size, at, inRun);
        return;
      }
      case Op.BOOL: {
        const size = op.size;
        let code = check(int(size)) + `n = ${readInt(size, op.signed, at)};`;
        code += ` if (nums !== null) nums[${int(op.index)}] = n;`;
        if (vis) {
          code += ` if (n !== 0) ${c.put('F', TRUE)} else ${c.put('F', FALSE)}`;
          code += this.note(op, false, 's', 'F.pos');
        }
        this.emit(code + advance(size));
        return;
      }
      case Op.GUID: {
        let code = check('16');
        if (vis) code += `${byte('F', 34)} F.guid(b, ${at}); ${byte('F', 34)}` + this.note(op, false, 's + 1', 'F.pos - 1');
        this.emit(code + advance(16));
        return;
      }
      case Op.FILETIME: case Op.SYSTEMTIME: {
        const size = op.op === Op.FILETIME ? 8 : 16;
        const read = op.op === Op.FILETIME
          ? 'd = fileTimeOf(dv.getUint32(base + o, true), dv.getUint32(base + o + 4, true));'
          : `d = systemTimeOf(b, o, ${op.utc ? 'true' : 'false'});`;
        this.emit(`if (end - o < ${int(size)}) return false; ${read}`);
        this.emit(`if (d === null) { ${this.generic(op)} } else {`);
        if (vis) this.emit(`${ensure('F', 'd.length + 2')} ${byte('F', 34)} F.ascii(d); ${byte('F', 34)}` + this.note(op, false, 's + 1', 'F.pos - 1'));
        this.emit(`o += ${int(size)}; }`);
        return;
      }
      case Op.CHAR: {
        const size = op.size;
        this.emit(`if (end - o < ${int(size)}) return false; n = ${size === 1 ? 'b[o]' : 'dv.getUint16(base + o, true)'};`);
        this.emit(`if (n === 0 || n >= 0x80) { ${this.generic(op)} } else {`);
        if (op.intChar) {
          const value = !op.signed ? 'n' : size === 1 ? 'dv.getInt8(base + o)' : 'dv.getInt16(base + o, true)';
          this.emit(`if (nums !== null) nums[${int(op.index)}] = ${value};`);
        }
        if (vis) this.emit(`${byte('F', 34)} writeAsciiJson(F, b, o, o + 1); ${ensure('F', '1')} ${byte('F', 34)}` + this.note(op, false, 's + 1', 'F.pos - 1'));
        this.emit(`o += ${int(size)}; }`);
        return;
      }
      case Op.STR16: {
        // Always visible (a hidden one is GENERIC).
        if (op.length !== null) this.emit('if (end - o < 2 * len) return false; stop = next = o + 2 * len;');
        else this.emit('if (end - o <= 0) return false; stop = end; next = -1;');
        const [twin, noted] = this.twinText(op);
        this.emit(`${byte('F', 34)} n = writeUtf16Json(F, b, o, stop, V, ${twin}); ${ensure('F', '1')} ${byte('F', 34)}`);
        this.emit('o = next >= 0 ? next : Math.min(n + 2, end);' + noted);
        return;
      }
      case Op.COUNTED16: {
        this.emit('if (end - o < 2) return false; n = dv.getUint16(base + o, true); if (end - o < 2 + n) return false;');
        const [twin, noted] = this.twinText(op);
        this.emit(`${byte('F', 34)} writeUtf16Json(F, b, o + 2, o + 2 + n, V, ${twin}); ${ensure('F', '1')} ${byte('F', 34)} o += 2 + n;` +
          noted);
        return;
      }
      case Op.STR8: case Op.COUNTED8: {
        // lo: where the text starts; stop: where it ends (cut at a NUL); next: the offset after it.
        if (op.op === Op.COUNTED8) {
          this.emit('if (end - o < 2) return false; n = dv.getUint16(base + o, true); if (end - o < 2 + n) return false;');
          this.emit('lo = o + 2; next = lo + n; stop = nul8(b, lo, next);');
        } else if (op.length !== null) {
          this.emit('if (end - o < len) return false; lo = o; next = o + len; stop = nul8(b, o, next);');
        } else {
          this.emit('if (end - o <= 0) return false; lo = o; stop = nul8(b, o, end); next = Math.min(stop + 1, end);');
        }
        if (!vis) { this.emit('o = next;'); return; }
        this.emit(byte('F', 34));
        this.emit(`if (writeAsciiJson(F, b, lo, stop)) { ${ensure('F', '1')} ${byte('F', 34)} o = next;${this.note(op, false, 's + 1', 'F.pos - 1')} }`);
        this.emit(`else { F.pos = s; ${this.generic(op)} }`);
        return;
      }
      case Op.BINARY: case Op.COUNTED_BINARY: {
        if (op.op === Op.COUNTED_BINARY) {
          this.emit('if (end - o < 2) return false; n = dv.getUint16(base + o, true); lo = o + 2; if (end - o < 2 + n) return false;');
        } else if (op.length !== null) {
          this.emit('n = len; if (end - o < n) return false; lo = o;');
        } else {
          this.emit('n = end - o; lo = o;');
        }
        if (vis) {
          this.emit(`${byte('F', 34)} ${byte('F', 48)} ${byte('F', 120)} if (n > 0) F.hex(b.subarray(lo, lo + n)); ${ensure('F', '1')} ${byte('F', 34)}` +
            this.note(op, false, 's + 1', 'F.pos - 1'));
        }
        this.emit('o = lo + n;');
        return;
      }
      default:
        this.emit(this.generic(op));
        return;
    }
  }

  /** A 1, 2 or 4-byte integer (decimal, hex, or mapped). */
  private int32(op: PropertyOp, size: number, at: string, inRun: boolean): void {
    const vis = op.visible >= 0;
    let code = inRun ? '' : `if (end - o < ${int(size)}) return false; `;
    code += `n = ${readInt(size, op.signed, at)};`;
    code += ` if (nums !== null) nums[${int(op.index)}] = n;`;
    this.emit(code);
    if (vis) {
      let plain = op.signed ? `if (n < 0) { ${byte('F', 45)} F.uint(-n); } else F.uint(n);` : 'F.uint(n);';
      if (!op.hex) plain += this.note(op, false, 's', 'F.pos');
      else if (op.inMessage) plain += this.hexText(op, size === 4 ? 'n >>> 0' : size === 2 ? 'n & 0xffff' : 'n & 0xff', at);
      if (op.op === Op.MAP) {
        // The last value and its text are remembered per property (flags repeat from one event to the next).
        const i = int(op.index);
        this.state.add(`let mapN${i} = NaN, mapM${i} = null;`);
        this.emit(`if (n === mapN${i}) m = mapM${i}; else { m = self.mappedValue(${i}, n); mapN${i} = n; mapM${i} = m; }`);
        this.emit(`if (m !== null) { ${ensure('F', 'm.length')} F.put(m);${this.note(op, false, 's + 1', 'F.pos - 1')} } else { ${plain} }`);
      } else this.emit(plain);
    }
    if (!inRun) this.emit(`o += ${int(size)};`);
  }

  /** An 8-byte integer, valued as the decoder's renderInt64 does (beyond 2^53: a decimal string). */
  private int64(op: PropertyOp, at: string, inRun: boolean): void {
    const vis = op.visible >= 0;
    let code = inRun ? '' : 'if (end - o < 8) return false; ';
    code += `lo = dv.getUint32(base + ${at}, true); hi = dv.getUint32(base + ${at} + 4, true);`;
    this.emit(code);
    // Unsigned values beyond 2^53 are written as decimal digits from the halves (kernel addresses: no string made).
    const unsigned = op.hex || !op.signed;
    if (unsigned) {
      this.emit('n = hi < 0x200000 ? hi * 4294967296 + lo : NaN;');
    } else {
      this.emit('n = hi | 0; if (n >= -0x200000 && n < 0x200000) { n = n * 4294967296 + lo; d = null; } else { n = NaN; d = i64Decimal(lo, hi); }');
    }
    this.emit(`if (nums !== null) nums[${int(op.index)}] = n;`);
    if (vis) {
      // Here n is an integer of at most 53 bits.
      const number = op.signed ? `if (n < 0) { ${byte('F', 45)} F.u53(-n); } else F.u53(n);` : 'F.u53(n);';
      this.emit(`if (${unsigned ? 'hi < 0x200000' : 'd === null'}) { ${number}${op.hex ? '' : this.note(op, false, 's', 'F.pos')} }`);
      this.emit(`else { ${byte('F', 34)} ${unsigned ? 'F.u64(lo, hi);' : 'F.ascii(d);'} ${byte('F', 34)}${op.hex ? '' : this.note(op, false, 's + 1', 'F.pos - 1')} }`);
      if (op.hex && op.inMessage) this.emit(this.hexText(op, null, at));
    }
    if (!inRun) this.emit('o += 8;');
  }
}

export interface MessageSource {
  /** The body of `(self, F, T, S, E, X, K) => message(w)`. */
  body: string;
  pieces: Piece[];
}

/**
 * The source of a schema's message writer: the literal pieces (JSON-escaped,
 * the first opening the string and the last closing it) and, between them, the
 * noted texts of the fields the message shows. With `endsEarly`, fields the
 * payload did not reach are left out (the decoder shows nothing for them).
 */
export function messageSource(ops: PropertyOp[], pieces: Piece[], fieldAt: number[], endsEarly: boolean): MessageSource {
  const c = new ConstWriter();
  const byVisible = new Map<number, PropertyOp>();
  for (const op of ops) if (op.visible >= 0) byVisible.set(op.visible, op);
  const out: string[] = [];
  const emit = (s: string) => out.push(s);
  emit('return function message(w) {');
  if (endsEarly) emit('const shown = self.visibleCount;');
  const literal = pieces.reduce((n, p) => n + p.length, 0);
  let need = `let need = ${int(literal)};`;
  for (const v of fieldAt) {
    if (v < 0 || !byVisible.has(v)) continue;
    const len = `E[${int(v)}] - S[${int(v)}]`;
    need += endsEarly ? ` if (${int(v)} < shown) need += ${len};` : ` need += ${len};`;
  }
  emit(need);
  emit('w.ensure(need);');
  emit(c.put('w', pieces[0]!));
  for (let k = 0; k < fieldAt.length; k++) {
    const v = fieldAt[k]!;
    const op = v >= 0 ? byVisible.get(v) : undefined;
    if (op !== undefined) {
      const where = textWhere(op);
      const src = where === Where.F ? 'F' : where === Where.T ? 'T' : `(X[${int(v)}] === 1 ? T : F)`;
      const copy = `w.copyFrom(${src}, S[${int(v)}], E[${int(v)}]);`;
      emit(endsEarly ? `if (${int(v)} < shown) ${copy}` : copy);
    }
    emit(c.put('w', pieces[k + 1]!));
  }
  emit('};');
  return { body: out.join('\n'), pieces: c.pieces };
}
