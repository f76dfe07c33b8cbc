/**
 * The identity of each event shape's template: a GUID derived from the shape
 * key (so the same trace always gives the same file) and the template id, the
 * GUID's first 32 bits, as Windows pairs them. Remembered for the shapes met
 * recently (bounded: a trace has a few hundred shapes at most in practice).
 * Also the numbers that stand for literal texts in shape keys: a number is
 * never given to two texts (forgetting a text gives it a new number later).
 */
import { createHash } from 'node:crypto';

export interface TemplateIdentity {
  key: string;
  id: number;
  guid: Buffer;
}

const LIMIT = 4096;

export class TemplateCatalog {
  private readonly known = new Map<string, TemplateIdentity>();
  private readonly literals = new Map<string, number>();
  private nextLiteral = 0;

  /** The number standing for `text` in shape keys. */
  readonly literalId = (text: string): number => {
    let id = this.literals.get(text);
    if (id === undefined) {
      if (this.literals.size >= LIMIT) this.literals.clear();
      id = this.nextLiteral++;
      this.literals.set(text, id);
    }
    return id;
  };

  identity(key: string): TemplateIdentity {
    let t = this.known.get(key);
    if (t === undefined) {
      const guid = createHash('md5').update(key, 'utf8').digest();
      t = { key, id: guid.readUInt32LE(0), guid };
      if (this.known.size >= LIMIT) this.known.clear();
      this.known.set(key, t);
    }
    return t;
  }
}
