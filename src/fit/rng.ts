/**
 * A tiny seeded PRNG (mulberry32). Own code rather than seedrandom because bootstraps draw
 * hundreds of thousands of indices and a closure over one uint32 is the cheapest thing that
 * gives reproducible, platform-independent streams.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let s = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal by Box–Muller (for synthetic data in tests and benches). */
export function randNormal(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
