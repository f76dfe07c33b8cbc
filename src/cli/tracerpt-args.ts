/**
 * tracerpt spelling (single dash, case-insensitive, optional values) → native
 * `report` flags. See docs/tracerpt.md §1.
 */

const SIMPLE: Record<string, string> = {
  '-o': '--output',
  '-of': '--format',
  '-y': '--yes',
};

export function translateTracerptArgs(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const mapped = SIMPLE[a.toLowerCase()];
    out.push(mapped ?? a);
  }
  return out;
}
