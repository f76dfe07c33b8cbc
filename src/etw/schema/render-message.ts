/**
 * Manifest message templates (`message="…%1…"`): compiled once into literal
 * pieces and property references, then filled with each event's field texts.
 * Follows FormatMessage's insert rules as far as event messages use them:
 * `%1`…`%99` (an optional `!fmt!` printf spec is skipped: the field text is
 * already formatted), `%%` → `%`, `%n` → newline, `%t` → tab, `%r` → CR,
 * `%0` ends the message, `%.` `%!` `%space` → the character itself.
 * A reference past the last property stays as written.
 */

export interface CompiledMessage {
  /** Literal text pieces; pieces.length === refs.length + 1. */
  pieces: string[];
  /** 0-based property index inserted after pieces[i]. */
  refs: number[];
}

export function compileMessage(template: string): CompiledMessage {
  const pieces: string[] = [];
  const refs: number[] = [];
  let lit = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i]!;
    if (c !== '%' || i + 1 >= n) { lit += c; i++; continue; }
    const d = template[i + 1]!;
    if (d >= '1' && d <= '9') {
      let j = i + 1;
      let num = 0;
      while (j < n && j < i + 3 && template[j]! >= '0' && template[j]! <= '9') { num = num * 10 + (template.charCodeAt(j) - 48); j++; }
      if (template[j] === '!') {
        const close = template.indexOf('!', j + 1);
        if (close > 0) j = close + 1;
      }
      pieces.push(lit);
      refs.push(num - 1);
      lit = '';
      i = j;
      continue;
    }
    switch (d) {
      case '%': lit += '%'; break;
      case 'n': lit += '\n'; break;
      case 't': lit += '\t'; break;
      case 'r': lit += '\r'; break;
      case '0': i = n; continue;
      case '.': case '!': case ' ': lit += d; break;
      default: lit += c + d; break;
    }
    i += 2;
  }
  pieces.push(lit);
  return { pieces, refs };
}

/** Fill the template with the texts of the event's properties (indexed like the schema's property list). */
export function renderMessage(m: CompiledMessage, texts: readonly (string | undefined)[]): string {
  let s = m.pieces[0]!;
  for (let k = 0; k < m.refs.length; k++) {
    const idx = m.refs[k]!;
    const t = idx < texts.length ? texts[idx] : undefined;
    s += (t ?? (idx >= texts.length ? '%' + (idx + 1) : '')) + m.pieces[k + 1]!;
  }
  return s;
}
