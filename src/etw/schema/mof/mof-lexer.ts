/**
 * Tokens of MOF text (Managed Object Format, as event-trace class definitions
 * use it): identifiers, string literals (C escapes; adjacent literals are joined
 * by the parser), numbers, punctuation; `//` and block comments skipped;
 * `#pragma` lines become one token each.
 */

export type MofTokenKind = 'ident' | 'string' | 'number' | 'punct' | 'pragma' | 'eof';

export interface MofToken {
  kind: MofTokenKind;
  /** Identifier text, decoded string contents, number text, punctuation char, or pragma line. */
  text: string;
  /** 1-based line of the token's start. */
  line: number;
}

export class MofSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`MOF line ${line}: ${message}`);
    this.name = 'MofSyntaxError';
  }
}

const PUNCTUATION = new Set(['[', ']', '(', ')', '{', '}', ',', ':', ';', '=']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '0': '\0' };

function isIdentStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Most tokens a MOF file may have (bounds the parser's memory; the kernel's wmicore.mof has about 94,000). */
export const MAX_MOF_TOKENS = 1_000_000;

export function tokenizeMof(source: string): MofToken[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const tokens: MofToken[] = [];
  let pos = 0;
  let line = 1;
  const n = text.length;

  while (pos < n) {
    if (tokens.length > MAX_MOF_TOKENS) throw new MofSyntaxError(`more than ${MAX_MOF_TOKENS} tokens`, line);
    const c = text[pos]!;
    if (c === '\n') {
      line++;
      pos++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      pos++;
    } else if (c === '/' && text[pos + 1] === '/') {
      const end = text.indexOf('\n', pos);
      pos = end < 0 ? n : end;
    } else if (c === '/' && text[pos + 1] === '*') {
      const end = text.indexOf('*/', pos + 2);
      if (end < 0) throw new MofSyntaxError('unterminated comment', line);
      for (let i = pos; i < end; i++) if (text[i] === '\n') line++;
      pos = end + 2;
    } else if (c === '#') {
      const end = text.indexOf('\n', pos);
      const stop = end < 0 ? n : end;
      tokens.push({ kind: 'pragma', text: text.slice(pos, stop).trim(), line });
      pos = stop;
    } else if (c === '"') {
      const startLine = line;
      let value = '';
      let i = pos + 1;
      for (;;) {
        if (i >= n) throw new MofSyntaxError('unterminated string', startLine);
        const ch = text[i]!;
        if (ch === '"') break;
        if (ch === '\n') line++;
        if (ch === '\\' && i + 1 < n) {
          const next = text[i + 1]!;
          if (next === 'x' || next === 'X') {
            const hex = /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2, i + 6))?.[0] ?? '';
            value += hex ? String.fromCharCode(parseInt(hex, 16)) : next;
            i += 2 + hex.length;
          } else {
            value += ESCAPES[next] ?? next;
            i += 2;
          }
          continue;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: value, line: startLine });
      pos = i + 1;
    } else if (c === "'") {
      // char16 literal: 'x'
      const end = text.indexOf("'", pos + 1);
      if (end < 0) throw new MofSyntaxError('unterminated character literal', line);
      tokens.push({ kind: 'string', text: text.slice(pos + 1, end), line });
      pos = end + 1;
    } else if (isDigit(c) || ((c === '-' || c === '+' || c === '.') && isDigit(text[pos + 1] ?? ''))) {
      let i = pos + 1;
      while (i < n && /[0-9a-zA-Z.+-]/.test(text[i]!) && !(/[+-]/.test(text[i]!) && !/[eE]/.test(text[i - 1]!))) i++;
      tokens.push({ kind: 'number', text: text.slice(pos, i), line });
      pos = i;
    } else if (isIdentStart(c)) {
      let i = pos + 1;
      while (i < n && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(pos, i), line });
      pos = i;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      pos++;
    } else {
      throw new MofSyntaxError(`unexpected character '${c}'`, line);
    }
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}
