/** Synthetic data from known laws, with multiplicative log-normal noise, for the fit tests. */
import { mulberry32, randNormal } from '../../src/fit/rng.ts';
import type { FitPoint } from '../../src/fit/types.ts';

export interface ChinchillaTruth {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/** Hoffmann et al. (2022)'s fitted law: the truth the fit tests generate data from and recover. */
export const HOFFMANN = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 } satisfies ChinchillaTruth;

export const lossC3 = (t: ChinchillaTruth, N: number, D: number) => t.E + t.A / N ** t.alpha + t.B / D ** t.beta;

/** log-spaced values from lo to hi inclusive. */
export function logspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? lo : Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1))));
}

/** A full N × D grid with log-normal noise of the given sigma. */
export function gridPoints(f: (N: number, D: number) => number, Ns: number[], Ds: number[], sigma: number, seed: number): FitPoint[] {
  const rng = mulberry32(seed);
  const out: FitPoint[] = [];
  for (const N of Ns) for (const D of Ds) out.push({ N, D, loss: f(N, D) * Math.exp(sigma * randNormal(rng)) });
  return out;
}

/** Points on one axis (the other held at `fixed`). */
export function linePoints(f: (x: number) => number, xs: number[], sigma: number, seed: number, axis: 'N' | 'D', fixed = 1e9): FitPoint[] {
  const rng = mulberry32(seed);
  return xs.map((x) => {
    const loss = f(x) * Math.exp(sigma * randNormal(rng));
    return axis === 'N' ? { N: x, D: fixed, loss } : { N: fixed, D: x, loss };
  });
}

export function shuffle<T>(a: readonly T[], seed: number): T[] {
  const rng = mulberry32(seed);
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
