/**
 * A decoded field's text written straight into a byte writer when it is a
 * number whose text follows from its value (decimal, or `0x…` hex of the
 * value's 8, 16, 32 or 64 bits, or a hex 64-bit integer beyond 2^53): digits
 * need no escaping in CSV, XML or JSON, so the writers share this and make no
 * text string for such fields.
 */
import { LazyField, TextForm } from '../schema/lazy-field.js';
import type { ByteWriter } from './byte-writer.js';

const TWO32 = 4294967296;

/** Whether a text form is one writeNumberText may write (its text is never empty). */
export function isNumberForm(form: number): boolean {
  return form === TextForm.DECIMAL || form === TextForm.HEX8 || form === TextForm.HEX16 || form === TextForm.HEX32
    || form === TextForm.HEX64 || form === TextForm.HEX_HALVES;
}

/** Writes the field's text (the same characters as `f.text`) when it is such a number; false (nothing written) otherwise. */
export function writeNumberText(w: ByteWriter, f: LazyField): boolean {
  const form = f.textForm;
  switch (form) {
    case TextForm.DECIMAL: {
      const v = f.value;
      if (typeof v !== 'number') return false;
      w.ensure(24);
      w.uint(v); // String(v) for every number
      return true;
    }
    case TextForm.HEX8: case TextForm.HEX16: case TextForm.HEX32: {
      const v = f.value;
      if (typeof v !== 'number') return false;
      w.ensure(10);
      w.hexU32(form === TextForm.HEX8 ? v & 0xff : form === TextForm.HEX16 ? v & 0xffff : v >>> 0);
      return true;
    }
    case TextForm.HEX64: {
      const v = f.value;
      if (typeof v !== 'number') return false;
      const hi = Math.floor(v / TWO32);
      w.ensure(18);
      if (hi === 0) w.hexU32(v);
      else { w.hexU32(hi); w.hexDigits32(v - hi * TWO32, true); }
      return true;
    }
    case TextForm.HEX_HALVES:
      // The hex text alone: its decimal value is not made.
      w.ensure(18);
      w.ascii(f.text);
      return true;
    default:
      return false;
  }
}
