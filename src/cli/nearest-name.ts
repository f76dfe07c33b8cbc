/**
 * The known name nearest to a mistyped one (`repot` → `report`), by edit
 * distance (insertions, deletions, substitutions and swaps of neighbours each
 * count one). Only close names are offered: at most 2 edits, and fewer than
 * half the typed name's length, so a random word gets no suggestion.
 */

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export function nearestName(typed: string, names: readonly string[]): string | null {
  const t = typed.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = editDistance(t, name.toLowerCase());
    if (best === null || distance < best.distance) best = { name, distance };
  }
  if (best === null || best.distance > 2 || best.distance * 2 >= t.length) return null;
  return best.name;
}
