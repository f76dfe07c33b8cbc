/**
 * A compiled WPP format string rendered against its values: the message's
 * arguments (%10 and up), tracefmt's reserved fields (%1-%9, reserved-fields.ts)
 * and the named fields (%!FUNC! …). An argument with no value renders as
 * nothing.
 */
import type { FormatPiece, NamedField } from './format-string.js';
import { formatValue, type WppValue } from './printf.js';

export interface FormatValues {
  /** The value of `%n` (n ≥ 1), or undefined. */
  arg(n: number): WppValue | undefined;
  /** The text of `%!NAME!`. */
  named(name: NamedField): string;
  /** Pointer width of the message in bytes (for %p). */
  pointerSize: number;
}

export function renderFormat(pieces: readonly FormatPiece[], values: FormatValues): string {
  let s = '';
  for (const p of pieces) {
    if (p.kind === 'text') s += p.text;
    else if (p.kind === 'named') s += values.named(p.name);
    else {
      const v = values.arg(p.n);
      if (v !== undefined) s += formatValue(v, p.spec, values.pointerSize);
    }
  }
  return s;
}
