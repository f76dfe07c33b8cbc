/**
 * A small, strict-enough XML reader for schema text (instrumentation manifests,
 * EventSource manifests): elements, attributes, text, CDATA, comments,
 * processing instructions and a skipped DOCTYPE; the five predefined entities
 * and numeric character references. No namespaces processing beyond keeping the
 * prefix (`localName` drops it), no DTD validation. Errors carry line:column.
 */

export interface XmlElement {
  /** Qualified name as written, e.g. `win:map` or `template`. */
  name: string;
  /** Name without a namespace prefix. */
  localName: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element (not trimmed). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`XML ${line}:${column}: ${message}`);
    this.name = 'XmlSyntaxError';
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces entity and character references in attribute values and text. */
export function decodeXmlEntities(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return PREDEFINED_ENTITIES[ref] ?? whole;
  });
}

function localPart(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** XML's white space (S: space, tab, CR, LF). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** A character that may be part of an element or attribute name here: anything but space, `/`, `>`, `=` (and the end). */
function isNameChar(c: number): boolean {
  return c === c && !isSpace(c) && c !== 0x2f && c !== 0x3e && c !== 0x3d;
}

/** Parses a whole document and returns its root element. */
/**
 * Bounds that keep a hostile document from exhausting the stack or memory: real
 * manifests nest about ten deep and hold a few thousand elements (the .NET
 * runtime's, one of the largest, about 4,500).
 */
export const MAX_XML_DEPTH = 256;
export const MAX_XML_ELEMENTS = 200_000;

export function parseXml(source: string): XmlElement {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;

  const fail = (message: string, at = pos): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new XmlSyntaxError(message, line, at - lineStart + 1);
  };
  const skipTo = (terminator: string, what: string): void => {
    const end = text.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + terminator.length;
  };
  const appendText = (chunk: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += chunk;
    else if (chunk.trim() !== '') fail('text outside the root element');
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      appendText(decodeXmlEntities(text.slice(pos)));
      break;
    }
    if (lt > pos) appendText(decodeXmlEntities(text.slice(pos, lt)));
    pos = lt;

    if (text.startsWith('<!--', pos)) {
      skipTo('-->', 'comment');
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) fail('unterminated CDATA section');
      appendText(text.slice(pos + 9, end));
      pos = end + 3;
    } else if (text.startsWith('<?', pos)) {
      skipTo('?>', 'processing instruction');
    } else if (text.startsWith('<!', pos)) {
      skipDoctype();
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) fail('unterminated end tag');
      const name = text.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> does not match <${open!.name}>`);
      pos = end + 1;
    } else {
      readStartTag();
    }
  }
  if (stack.length > 0) fail(`element <${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) fail('no root element');
  return root!;

  function skipDoctype(): void {
    // <!DOCTYPE name [ internal subset ]> — skip, honouring one level of brackets.
    let depth = 0;
    for (let i = pos + 2; i < text.length; i++) {
      const c = text[i];
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) {
        pos = i + 1;
        return;
      }
    }
    fail('unterminated declaration');
  }

  function readStartTag(): void {
    let i = pos + 1;
    // charCodeAt past the end is NaN, which is neither a name character nor space.
    while (isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(pos + 1, i);
    if (name === '') fail('element name expected');
    if (++elements > MAX_XML_ELEMENTS) fail(`more than ${MAX_XML_ELEMENTS} elements`);
    if (stack.length >= MAX_XML_DEPTH) fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
    const element: XmlElement = { name, localName: localPart(name), attrs: {}, children: [], text: '' };
    for (;;) {
      while (isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) fail(`unterminated start tag <${name}>`);
      const c = text[i];
      if (c === '>' || (c === '/' && text[i + 1] === '>')) break;
      const nameStart = i;
      while (isNameChar(text.charCodeAt(i))) i++;
      const attrName = text.slice(nameStart, i);
      if (attrName === '') fail(`unexpected '${c}' in <${name}>`, i);
      while (isSpace(text.charCodeAt(i))) i++;
      if (text[i] !== '=') fail(`attribute ${attrName} has no value`, i);
      i++;
      while (isSpace(text.charCodeAt(i))) i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attrName} value must be quoted`, i);
      const close = text.indexOf(quote!, i + 1);
      if (close < 0) fail(`unterminated value of attribute ${attrName}`, i);
      element.attrs[attrName] = decodeXmlEntities(text.slice(i + 1, close));
      i = close + 1;
    }
    const selfClosing = text[i] === '/';
    pos = i + (selfClosing ? 2 : 1);

    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) fail('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
}

/** Direct children with the given local name. */
export function childrenNamed(element: XmlElement, localName: string): XmlElement[] {
  return element.children.filter((c) => c.localName === localName);
}

/** First direct child with the given local name, or null. */
export function childNamed(element: XmlElement, localName: string): XmlElement | null {
  return element.children.find((c) => c.localName === localName) ?? null;
}

/** Every descendant (depth first, document order) with the given local name. */
export function descendantsNamed(element: XmlElement, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  collectNamed(element, localName, found);
  return found;
}

// Indexed loops, not for…of: a manifest is walked once or twice per load, mostly before the walk is compiled.
function collectNamed(element: XmlElement, localName: string, found: XmlElement[]): void {
  const children = element.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.localName === localName) found.push(c);
    if (c.children.length > 0) collectNamed(c, localName, found);
  }
}
