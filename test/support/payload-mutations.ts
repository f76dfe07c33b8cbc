/**
 * Damaged copies of real payloads, for tests that compare two ways of writing
 * the same event: per payload three cut short at a random length and three
 * with one to four random bytes changed, from a seeded generator (a linear
 * congruential one), so a run is repeatable and each test keeps its own seed.
 */
export function payloadMutations(seed: number): (original: Buffer) => Buffer[] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return (original) => {
    const out: Buffer[] = [];
    for (let k = 0; k < 6; k++) {
      let p = Buffer.from(original);
      if (k < 3) p = p.subarray(0, next() % (p.length + 1));
      else for (let n = 0; n < 1 + (next() % 4); n++) if (p.length > 0) p[next() % p.length] = next() & 0xff;
      out.push(p);
    }
    return out;
  };
}
