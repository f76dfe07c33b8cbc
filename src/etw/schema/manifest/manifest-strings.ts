/**
 * A manifest's `<localization>` string tables and `$(string.Id)` references:
 * picks one culture's table and resolves references in message attributes.
 */
import { childrenNamed, descendantsNamed, type XmlElement } from './xml-parser.js';

const REFERENCE = /^\$\(string\.([^)]+)\)$/;

/** The id an attribute refers to (`$(string.Id)`, white space around allowed), or null; most attributes hold no reference at all. */
function referenceId(attribute: string): string | null {
  if (attribute.indexOf('$(string.') < 0) return null;
  return REFERENCE.exec(attribute.trim())?.[1] ?? null;
}

export class ManifestStrings {
  private constructor(
    /** The culture whose table is used (null when the manifest has none). */
    readonly culture: string | null,
    private readonly table: ReadonlyMap<string, string>,
  ) {}

  /**
   * Reads the string tables under `<localization>`. Prefers `culture`, then en-US,
   * then the first table; ids missing from the chosen table fall back to the other tables.
   */
  static fromManifest(root: XmlElement, culture = 'en-US'): ManifestStrings {
    const resources = descendantsNamed(root, 'resources');
    const cultureOf = (r: XmlElement): string => r.attrs['culture'] ?? '';
    const ordered = [
      ...resources.filter((r) => cultureOf(r).toLowerCase() === culture.toLowerCase()),
      ...resources.filter((r) => cultureOf(r).toLowerCase() === 'en-us'),
      ...resources,
    ];
    const table = new Map<string, string>();
    for (const res of [...ordered].reverse()) {
      for (const stringTable of childrenNamed(res, 'stringTable')) {
        for (const s of childrenNamed(stringTable, 'string')) {
          const id = s.attrs['id'];
          if (id !== undefined) table.set(id, s.attrs['value'] ?? s.text);
        }
      }
    }
    return new ManifestStrings(ordered[0] ? cultureOf(ordered[0]) : null, table);
  }

  /** Number of strings in the chosen table. */
  get size(): number {
    return this.table.size;
  }

  lookup(id: string): string | null {
    return this.table.get(id) ?? null;
  }

  /**
   * Resolves a message attribute: `$(string.Id)` → the table's text (null when the id
   * is unknown); any other text is returned as written; absent → null.
   */
  resolve(attribute: string | undefined): string | null {
    if (attribute === undefined) return null;
    const id = referenceId(attribute);
    return id !== null ? this.lookup(id) : attribute;
  }

  /** True when the attribute is a reference the table cannot resolve. */
  isUnresolved(attribute: string | undefined): boolean {
    if (attribute === undefined) return false;
    const id = referenceId(attribute);
    return id !== null && !this.table.has(id);
  }
}
