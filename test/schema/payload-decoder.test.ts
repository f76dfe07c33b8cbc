/**
 * The walk over a schema: arrays with fixed and referenced counts, structs,
 * payloads that do not fit (decoded prefix + 15005, tracerpt.md §3.4), trailing
 * bytes, and manifest message templates.
 */
import { describe, expect, it } from 'vitest';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import { compileSchema, ERROR_EVT_INVALID_EVENT_DATA } from '../../src/etw/schema/payload-decoder.js';
import { compileMessage, renderMessage } from '../../src/etw/schema/render-message.js';
import { decodeWith, hex, schemaOf } from './schema-fixtures.js';

const u8 = (name: string) => ({ name, inType: InType.UINT8, outType: 0 });
const u16 = (name: string) => ({ name, inType: InType.UINT16, outType: 0 });

describe('arrays', () => {
  it('repeats the element for a fixed count', () => {
    const r = decodeWith([{ name: 'A', inType: InType.UINT16, outType: 0, count: { fixed: 3 } }], '01 00 02 00 03 00');
    expect(r.fields[0]).toMatchObject({ name: 'A', value: [1, 2, 3], text: '1, 2, 3' });
    expect(r.fields[0]!.elements!.map((e) => e.text)).toEqual(['1', '2', '3']);
  });

  it('takes the count from an earlier field', () => {
    const r = decodeWith([u8('N'), { name: 'Ids', inType: InType.UINT32, outType: OutType.HEXINT32, count: { ref: 0 } }, u8('Tail')],
      '02 0a 00 00 00 ff 00 00 00 09');
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([['N', 2], ['Ids', [10, 255]], ['Tail', 9]]);
    expect(r.fields[1]!.text).toBe('0xA, 0xFF');
  });

  it('decodes an empty array for a zero count', () => {
    const r = decodeWith([u8('N'), { name: 'S', inType: InType.UNICODESTRING, outType: 0, count: { ref: 0 } }], '00');
    expect(r.error).toBeNull();
    expect(r.fields[1]).toMatchObject({ value: [], text: '' });
  });

  it('reports a count field that is not an integer', () => {
    const r = decodeWith([{ name: 'S', inType: InType.UNICODESTRING, outType: 0 }, { name: 'X', inType: InType.UINT8, outType: 0, count: { ref: 0 } }], '41 00 00 00 01');
    expect(r.error?.code).toBe(ERROR_EVT_INVALID_EVENT_DATA);
    expect(r.fields.map((f) => f.name)).toEqual(['S']);
  });
});

describe('structs', () => {
  it('decodes a struct as an object with members', () => {
    const r = decodeWith([{ name: 'Pt', inType: InType.NULL, outType: 0, members: [u16('X'), u16('Y')] }, u8('After')], '01 00 02 00 03');
    expect(r.fields[0]).toMatchObject({ name: 'Pt', value: { X: 1, Y: 2 }, text: '{X=1, Y=2}' });
    expect(r.fields[0]!.members!.map((m) => m.name)).toEqual(['X', 'Y']);
    expect(r.fields[1]).toMatchObject({ name: 'After', value: 3 });
  });

  it('decodes an array of structs whose count comes from an earlier field', () => {
    const r = decodeWith([u8('N'), { name: 'Pts', inType: InType.NULL, outType: 0, count: { ref: 0 }, members: [u8('X'), u8('Y')] }], '02 01 02 03 04');
    expect(r.fields[1]!.value).toEqual([{ X: 1, Y: 2 }, { X: 3, Y: 4 }]);
  });

  it('resolves a length reference inside a struct against the struct members', () => {
    const r = decodeWith([{ name: 'S', inType: InType.NULL, outType: 0, members: [u8('Len'), { name: 'Data', inType: InType.BINARY, outType: 0, length: { ref: 0 } }] }],
      '02 ab cd');
    expect(r.fields[0]!.value).toEqual({ Len: 2, Data: '0xABCD' });
  });
});

describe('payloads that do not fit (the -lr behaviour)', () => {
  it('keeps the fields that fit and reports 15005 ERROR_EVT_INVALID_EVENT_DATA', () => {
    const r = decodeWith([u16('A'), u16('B'), { name: 'C', inType: InType.UINT32, outType: 0 }], '01 00 02 00 03');
    expect(r.error?.code).toBe(15005);
    expect(r.error?.reason).toMatch(/field C/);
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([['A', 1], ['B', 2]]);
  });

  it('drops a partly decoded array and names the element', () => {
    const r = decodeWith([u8('A'), { name: 'Arr', inType: InType.UINT32, outType: 0, count: { fixed: 2 } }], '01 01 00 00 00 02');
    expect(r.error?.reason).toMatch(/Arr\[1\]/);
    expect(r.fields.map((f) => f.name)).toEqual(['A']);
  });

  it('reports an in-type it cannot decode instead of guessing a size', () => {
    const r = decodeWith([u8('A'), { name: 'B', inType: 24, outType: 0 }], '01 02');
    expect(r.error?.reason).toMatch(/in-type 24/);
    expect(r.fields.map((f) => f.name)).toEqual(['A']);
  });

  it('never throws on truncated data for any in-type', () => {
    for (const inType of [...Object.values(InType), 1000]) {
      for (let n = 0; n < 4; n++) {
        expect(() => decodeWith([{ name: 'x', inType, outType: 0 }, u8('y')], Buffer.alloc(n, 0x41))).not.toThrow();
      }
    }
  });

  it('lets a MOF payload end between top-level properties (StackWalk frames), but not inside one', () => {
    const stack = [u8('Frame1'), u8('Frame2'), u8('Frame3')];
    const mof = compileSchema(schemaOf([{ name: 'Head', inType: InType.UINT16, outType: 0 }, ...stack], { source: 'mof' }));
    const ctx = { pointerSize: 8 as const, sessionTimeToFileTime: null };
    const short = mof.decode(hex('01 00 0a 0b'), ctx);
    expect(short.error).toBeNull();
    expect(short.fields.map((f) => f.name)).toEqual(['Head', 'Frame1', 'Frame2']);
    expect(mof.decode(hex('01'), ctx).error?.code).toBe(15005);
    // a top-level array may stop at an element boundary (wmicore.mof StackWalk: uint32 StackFrame[192], pointer)
    const frames = compileSchema(schemaOf([{ name: 'StackFrame', inType: InType.POINTER, outType: 0, count: { fixed: 192 } }], { source: 'mof' }));
    const two = frames.decode(hex('10 00 00 00 20 00 00 00'), { pointerSize: 4, sessionTimeToFileTime: null });
    expect(two.error).toBeNull();
    expect(two.fields[0]).toMatchObject({ value: [16, 32], text: '0x10, 0x20' });
    expect(frames.decode(hex('10 00 00 00 20 00'), { pointerSize: 4, sessionTimeToFileTime: null }).error?.code).toBe(15005);
    // a manifest template stays strict
    expect(decodeWith([{ name: 'Head', inType: InType.UINT16, outType: 0 }, ...stack], '01 00 0a 0b').error?.code).toBe(15005);
  });

  it('counts bytes left after the last field (MOF events often pad)', () => {
    expect(decodeWith([u16('A')], '01 00 00 00 00 00').trailingBytes).toBe(4);
  });
});

describe('messages', () => {
  it('substitutes %1..%n with field texts in property order', () => {
    const c = compileSchema(schemaOf([u8('A'), { name: 'B', inType: InType.UNICODESTRING, outType: 0 }], { message: 'Value %1 named %2.' }));
    const r = c.decode(hex('2a 4f 00 6b 00 00 00'), { pointerSize: 8, sessionTimeToFileTime: null });
    expect(c.renderMessage(r.fields)).toBe('Value 42 named Ok.');
  });

  it('follows FormatMessage escapes: %% %n %t %0, and skips a !fmt! spec', () => {
    const m = compileMessage('a%%b%nc%td %1!s! e%0ignored');
    expect(renderMessage(m, ['X'])).toBe('a%b\nc\td X e');
  });

  it('leaves a reference past the last property as written', () => {
    expect(renderMessage(compileMessage('x=%1 y=%3'), ['1'])).toBe('x=1 y=%3');
  });
});
