/**
 * Decoded fields whose Windows-like text is made only when asked for. The
 * decoder keeps each field's JSON value and a TextForm saying how the text
 * follows from it (the value itself, its decimal or hex digits, true/false, the
 * elements or members joined); writers that need only values (JSONL) never
 * build the texts, and writers that can produce the digits themselves read the
 * form. Texts that do not follow from the value are given up front (EXPLICIT).
 */
import type { DecodedField, FieldValue } from './types.js';
import { errorCodeText, hex64Text, hexText, u64Decimal } from './render-text.js';

/** How a field's text follows from its value. */
export const TextForm = {
  /** Given when the field was made. */
  EXPLICIT: 0,
  /** The value is a string and the text is that string. */
  VALUE: 1,
  /** As VALUE, and the string needs no JSON escaping (no control character, `"`, `\\` or surrogate). */
  PLAIN: 11,
  /** String(value) of a number. */
  DECIMAL: 2,
  /** `0x…` upper-case hex of the value's low 8, 16 or 32 bits. */
  HEX8: 3, HEX16: 4, HEX32: 5,
  /** `0x…` upper-case hex of a non-negative integer below 2^53. */
  HEX64: 6,
  /** `true` / `false` of a boolean. */
  BOOL: 7,
  /** `0x%08X` of the value's low 32 bits (HRESULT, NTSTATUS, Win32 error). */
  ERROR_CODE: 8,
  /** The element texts joined with `, `. */
  ARRAY: 9,
  /** `{name=text, …}` of the members. */
  STRUCT: 10,
  /** `0x…` hex of an unsigned 64-bit integer beyond 2^53, made with its value (a decimal string) when first asked for. */
  HEX_HALVES: 12,
} as const;

/**
 * An unsigned 64-bit integer beyond 2^53 (kernel addresses) as its u32 halves:
 * what a HEX_HALVES field holds until its value or text is asked for, so that
 * writers that need neither the decimal string nor the hex text make none.
 */
export class U64Halves {
  constructor(readonly lo: number, readonly hi: number) {}
}

const TWO32 = 4294967296;

/** The text of a value in a form (not EXPLICIT, ARRAY or STRUCT). */
export function textOfValue(form: number, value: FieldValue): string {
  switch (form) {
    case TextForm.VALUE: case TextForm.PLAIN: return value as string;
    case TextForm.DECIMAL: return String(value);
    case TextForm.HEX8: return hexText((value as number) & 0xff);
    case TextForm.HEX16: return hexText((value as number) & 0xffff);
    case TextForm.HEX32: return hexText((value as number) >>> 0);
    case TextForm.HEX64: {
      const n = value as number;
      const hi = Math.floor(n / TWO32);
      return hex64Text(n - hi * TWO32, hi);
    }
    case TextForm.BOOL: return value ? 'true' : 'false';
    case TextForm.ERROR_CODE: return errorCodeText((value as number) >>> 0);
    default: return String(value);
  }
}

/**
 * A decoded field (DecodedField) with its text made on first use. Only name
 * and (for structs and arrays) members/elements are own properties; the value,
 * text and form are read through accessors.
 */
export class LazyField implements DecodedField {
  // Declared only: set on struct and array fields, absent (not even undefined) on the rest.
  declare members?: DecodedField[];
  declare elements?: DecodedField[];
  #value: FieldValue | U64Halves;
  #form: number;
  #text: string | undefined;

  constructor(readonly name: string, value: FieldValue | U64Halves, form: number, text?: string) {
    this.#value = value;
    this.#form = form;
    this.#text = text;
  }

  /** The JSON-friendly value (a HEX_HALVES field's decimal string is made on first read). */
  get value(): FieldValue {
    const v = this.#value;
    if (!(v instanceof U64Halves)) return v;
    if (this.#text === undefined) this.#text = hex64Text(v.lo, v.hi);
    return (this.#value = u64Decimal(v.lo, v.hi));
  }

  /** A struct field: value is the object of member values. */
  static struct(name: string, members: DecodedField[]): LazyField {
    const value: { [name: string]: FieldValue } = {};
    for (let m = 0; m < members.length; m++) value[members[m]!.name] = members[m]!.value;
    const f = new LazyField(name, value, TextForm.STRUCT);
    f.members = members;
    return f;
  }

  /** An array field: value is the array of element values. */
  static array(name: string, values: FieldValue[], elements: DecodedField[]): LazyField {
    const f = new LazyField(name, values, TextForm.ARRAY);
    f.elements = elements;
    return f;
  }

  /** How the text follows from the value (TextForm). */
  get textForm(): number {
    return this.#form;
  }

  get text(): string {
    let t = this.#text;
    if (t === undefined) {
      const form = this.#form;
      if (form === TextForm.ARRAY) {
        const els = this.elements!;
        t = '';
        for (let k = 0; k < els.length; k++) t = k === 0 ? els[k]!.text : t + ', ' + els[k]!.text;
      } else if (form === TextForm.STRUCT) {
        const ms = this.members!;
        t = '';
        for (let m = 0; m < ms.length; m++) t += (m === 0 ? '' : ', ') + ms[m]!.name + '=' + ms[m]!.text;
        t = '{' + t + '}';
      } else if (form === TextForm.HEX_HALVES) {
        const v = this.#value as U64Halves; // the value getter sets the text before it replaces the halves
        t = hex64Text(v.lo, v.hi);
      } else {
        t = textOfValue(form, this.value);
      }
      this.#text = t;
    }
    return t;
  }
}
