/**
 * A hex 64-bit field beyond 2^53 (kernel addresses) keeps its halves until its
 * value or text is read: the value is the exact decimal string and the text the
 * hex, whichever is read first, and decoding gives such fields for pointers.
 */
import { describe, expect, it } from 'vitest';
import { LazyField, TextForm, U64Halves } from '../../src/etw/schema/lazy-field.js';
import { parseFields } from '../../src/etw/schema/builtin/kernel-notation.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';

describe('HEX_HALVES fields', () => {
  const lo = 0xe5906080, hi = 0xffffa804;
  const decimal = ((BigInt(hi) << 32n) + BigInt(lo)).toString();
  it('value first, then text', () => {
    const f = new LazyField('Key', new U64Halves(lo, hi), TextForm.HEX_HALVES);
    expect(f.value).toBe(decimal);
    expect(f.text).toBe('0xFFFFA804E5906080');
    expect(f.value).toBe(decimal);
  });
  it('text first, then value', () => {
    const f = new LazyField('Key', new U64Halves(lo, hi), TextForm.HEX_HALVES);
    expect(f.text).toBe('0xFFFFA804E5906080');
    expect(f.value).toBe(decimal);
    expect(f.textForm).toBe(TextForm.HEX_HALVES);
  });
  it('a pointer beyond 2^53 decodes to one, below it to a number', () => {
    const c = compileSchema({
      source: 'kernel', providerId: 'p', providerName: null, eventName: null, taskName: null, opcodeName: null, levelName: null,
      keywordNames: [], channelName: null, message: null, properties: parseFields('A:ptr B:ptr'), userDataElement: null,
    });
    const b = Buffer.alloc(16);
    b.writeUInt32LE(lo, 0); b.writeUInt32LE(hi, 4); b.writeBigUInt64LE(0x7ff812340000n, 8);
    const [a, small] = c.decode(b, { pointerSize: 8, sessionTimeToFileTime: null }).fields as LazyField[];
    expect([a!.textForm, a!.text, a!.value]).toEqual([TextForm.HEX_HALVES, '0xFFFFA804E5906080', decimal]);
    expect([small!.text, small!.value]).toEqual(['0x7FF812340000', 0x7ff812340000]);
  });
});
