/**
 * MOF text → class declarations: name, superclass, qualifiers (with their
 * flavors dropped) and data properties (type, array shape, qualifiers).
 * Methods, instances, qualifier declarations and pragmas are read past.
 * The parser knows MOF syntax only; what the qualifiers mean for event
 * tracing is decided by mof-property.ts and mof-loader.ts.
 */
import { MofSyntaxError, tokenizeMof, type MofToken } from './mof-lexer.js';

/** A qualifier value: a string, a number (kept as text to keep hex/64-bit exact), a boolean, or null. */
export type MofScalar = string | number | boolean | null;

export interface MofQualifier {
  /** As written (qualifier names are case-insensitive; look them up lower-cased in `qualifiers`). */
  name: string;
  /** `Name` alone → true; `Name(v)` → v; `Name{a, b}` → [a, b]. */
  value: MofScalar | MofScalar[];
}

export interface MofProperty {
  name: string;
  /** Data type as written: uint32, string, object, or a class name for an embedded object. */
  type: string;
  /** `Name[]` or `Name[N]`. */
  isArray: boolean;
  /** N of `Name[N]`; null for `Name[]` and scalars. */
  arraySize: number | null;
  /** Declared with `ref`. */
  isReference: boolean;
  /** Keyed by lower-cased qualifier name. */
  qualifiers: Map<string, MofQualifier>;
  line: number;
}

export interface MofClass {
  name: string;
  superclass: string | null;
  /** Keyed by lower-cased qualifier name. */
  qualifiers: Map<string, MofQualifier>;
  /** Data properties in declaration order (methods are not kept). */
  properties: MofProperty[];
  line: number;
}

export function parseMof(text: string): MofClass[] {
  return new MofParser(tokenizeMof(text)).parseFile();
}

class MofParser {
  private pos = 0;
  constructor(private readonly tokens: MofToken[]) {}

  parseFile(): MofClass[] {
    const classes: MofClass[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return classes;
      if (t.kind === 'pragma') {
        this.pos++;
        continue;
      }
      if (this.isPunct(';')) {
        this.pos++;
        continue;
      }
      const qualifiers = this.isPunct('[') ? this.parseQualifierList() : new Map<string, MofQualifier>();
      const keyword = this.peek();
      if (keyword.kind === 'ident' && keyword.text.toLowerCase() === 'class') {
        classes.push(this.parseClass(qualifiers));
      } else if (keyword.kind === 'ident' && ['instance', 'qualifier', 'typedef'].includes(keyword.text.toLowerCase())) {
        this.skipStatement();
      } else {
        throw new MofSyntaxError(`expected a class declaration, found '${keyword.text}'`, keyword.line);
      }
    }
  }

  private parseClass(qualifiers: Map<string, MofQualifier>): MofClass {
    const line = this.next().line; // 'class'
    const name = this.expectIdent('class name');
    let superclass: string | null = null;
    if (this.isPunct(':')) {
      this.pos++;
      superclass = this.expectIdent('superclass name');
    }
    this.expectPunct('{');
    const properties: MofProperty[] = [];
    while (!this.isPunct('}')) {
      const p = this.parseMember();
      if (p) properties.push(p);
    }
    this.expectPunct('}');
    this.expectPunct(';');
    return { name, superclass, qualifiers, properties, line };
  }

  /** One property or method declaration; methods return null. */
  private parseMember(): MofProperty | null {
    const qualifiers = this.isPunct('[') ? this.parseQualifierList() : new Map<string, MofQualifier>();
    const line = this.peek().line;
    const type = this.expectIdent('data type');
    let isReference = false;
    if (this.peek().kind === 'ident' && this.peek().text.toLowerCase() === 'ref') {
      this.pos++;
      isReference = true;
    }
    const name = this.expectIdent('property name');
    if (this.isPunct('(')) {
      this.skipBalanced('(', ')');
      this.expectPunct(';');
      return null;
    }
    let isArray = false;
    let arraySize: number | null = null;
    if (this.isPunct('[')) {
      this.pos++;
      isArray = true;
      if (this.peek().kind === 'number') arraySize = Number(this.next().text);
      this.expectPunct(']');
    }
    if (this.isPunct('=')) {
      this.pos++;
      while (!this.isPunct(';')) {
        if (this.peek().kind === 'eof') throw new MofSyntaxError('unterminated default value', line);
        if (this.isPunct('{')) this.skipBalanced('{', '}');
        else this.pos++;
      }
    }
    this.expectPunct(';');
    return { name, type, isArray, arraySize, isReference, qualifiers, line };
  }

  private parseQualifierList(): Map<string, MofQualifier> {
    const qualifiers = new Map<string, MofQualifier>();
    this.expectPunct('[');
    for (;;) {
      const name = this.expectIdent('qualifier name');
      let value: MofScalar | MofScalar[] = true;
      if (this.isPunct('(')) {
        this.pos++;
        value = this.parseScalar();
        this.expectPunct(')');
      } else if (this.isPunct('{')) {
        this.pos++;
        const list: MofScalar[] = [];
        while (!this.isPunct('}')) {
          list.push(this.parseScalar());
          if (this.isPunct(',')) this.pos++;
          else break;
        }
        this.expectPunct('}');
        value = list;
      }
      if (this.isPunct(':')) {
        // flavors: `: amended`, `: ToSubclass DisableOverride`
        this.pos++;
        while (this.peek().kind === 'ident') this.pos++;
      }
      qualifiers.set(name.toLowerCase(), { name, value });
      if (this.isPunct(',')) {
        this.pos++;
        continue;
      }
      this.expectPunct(']');
      return qualifiers;
    }
  }

  /** A literal; adjacent string literals are concatenated ("a" "b" → "ab"). */
  private parseScalar(): MofScalar {
    const t = this.next();
    if (t.kind === 'string') {
      let s = t.text;
      while (this.peek().kind === 'string') s += this.next().text;
      return s;
    }
    if (t.kind === 'number') {
      const n = Number(t.text);
      return Number.isSafeInteger(n) || !/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(t.text) ? n : t.text;
    }
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      return t.text;
    }
    throw new MofSyntaxError(`unexpected '${t.text}' in a qualifier value`, t.line);
  }

  private skipStatement(): void {
    const start = this.peek().line;
    while (!this.isPunct(';')) {
      if (this.peek().kind === 'eof') throw new MofSyntaxError('unterminated statement', start);
      if (this.isPunct('{')) this.skipBalanced('{', '}');
      else if (this.isPunct('(')) this.skipBalanced('(', ')');
      else this.pos++;
    }
    this.pos++;
  }

  private skipBalanced(open: string, close: string): void {
    const start = this.peek().line;
    let depth = 0;
    do {
      const t = this.next();
      if (t.kind === 'eof') throw new MofSyntaxError(`unbalanced '${open}'`, start);
      if (t.kind === 'punct' && t.text === open) depth++;
      else if (t.kind === 'punct' && t.text === close) depth--;
    } while (depth > 0);
  }

  private peek(): MofToken {
    return this.tokens[this.pos]!;
  }
  private next(): MofToken {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isPunct(p: string): boolean {
    const t = this.tokens[this.pos]!;
    return t.kind === 'punct' && t.text === p;
  }
  private expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) throw new MofSyntaxError(`expected '${p}', found '${t.text || t.kind}'`, t.line);
  }
  private expectIdent(what: string): string {
    const t = this.next();
    if (t.kind !== 'ident') throw new MofSyntaxError(`expected ${what}, found '${t.text || t.kind}'`, t.line);
    return t.text;
  }
}
