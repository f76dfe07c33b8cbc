/**
 * An event as an element tree whose leaves are typed values, and its shape: the
 * tree with every value replaced by its type. Events of one shape share one
 * BinXml template (the shape with numbered substitutions) and differ only in
 * their values, which are listed in document order (attributes before content).
 */
import type { ValueTypeCode } from './binxml-tokens.js';

/** One typed value: `text` for strings, `num` for 8/16/32-bit integers, `big` for 64-bit ones, `guid` (lower-case, no braces), `bytes` for binary. */
export interface EvtxValue {
  type: ValueTypeCode;
  text?: string;
  num?: number;
  big?: bigint;
  guid?: string;
  bytes?: Uint8Array;
}

/** An attribute: a string fixed in the template (`literal`), or a value substituted per event. */
export interface EvtxAttribute {
  name: string;
  literal?: string;
  value?: EvtxValue;
}

export interface EvtxElement {
  name: string;
  attributes: EvtxAttribute[];
  /** Child elements, or one value; empty for an empty element. */
  content: EvtxElement[] | EvtxValue;
  /**
   * The subtree's shape, given by its builder when a few choices decide it (the
   * System element): the key then holds this instead of walking the subtree,
   * which measured as a tenth of the EVTX dump's time on a kernel trace.
   */
  shape?: string;
}

export function element(name: string, content: EvtxElement[] | EvtxValue = [], attributes: EvtxAttribute[] = [], shape?: string): EvtxElement {
  return shape === undefined ? { name, attributes, content } : { name, attributes, content, shape };
}

export function isValue(c: EvtxElement[] | EvtxValue): c is EvtxValue {
  return !Array.isArray(c);
}

/**
 * The shape key: names, value types and literals in document order, or a
 * subtree's given shape (marked apart). Literals (namespace URLs, Data names)
 * go in as the numbers `literalId` gives them, so keys stay short: hashing the
 * key for the template lookup is done once per event. Names never hold the
 * control characters used as separators (the event builder replaces them), and
 * literal numbers are never reused, so two different shapes never share a key.
 */
export function shapeKey(root: EvtxElement, literalId: (literal: string) => number): string {
  let key = '';
  const walk = (e: EvtxElement) => {
    if (e.shape !== undefined) { key += '\u0006' + e.shape; return; }
    key += '\u0001' + e.name;
    for (const a of e.attributes) {
      key += '\u0002' + a.name + (a.value !== undefined ? '\u0003' + a.value.type : '\u0004' + literalId(a.literal!));
    }
    if (isValue(e.content)) key += '\u0003' + e.content.type;
    else for (const c of e.content) walk(c);
    key += '\u0005';
  };
  walk(root);
  return key;
}

/** The values of the tree in document order (the order of their substitution numbers). */
export function treeValues(root: EvtxElement, out: EvtxValue[] = []): EvtxValue[] {
  for (const a of root.attributes) if (a.value !== undefined) out.push(a.value);
  if (isValue(root.content)) out.push(root.content);
  else for (const c of root.content) treeValues(c, out);
  return out;
}

