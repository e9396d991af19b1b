/**
 * Approach 2's intervals on IsoFLOP grids simulated from a known approach-3 law with noise: the
 * estimate lies inside its own interval every time, and the interval covers the true exponent
 * a = β/(α+β) at least 90% of the time (nominal 95%).
 */
import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/fit-law.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';
import type { FitPoint } from '../../src/fit/types.ts';
import { HOFFMANN, lossC3, type ChinchillaTruth } from './synth.ts';

const TRUTH: ChinchillaTruth = HOFFMANN;
const A_TRUE = TRUTH.beta / (TRUTH.alpha + TRUTH.beta);
const G = ((TRUTH.alpha * TRUTH.A) / (TRUTH.beta * TRUTH.B)) ** (1 / (TRUTH.alpha + TRUTH.beta));
const nOpt = (C: number) => G * (C / 6) ** A_TRUE;

/**
 * Five budgets a decade apart, each sampled at 9 sizes a factor 2 apart around a guess of N_opt
 * that is off by up to ±0.4 decades (as a real grid is), with log-normal noise on the loss.
 */
function isoflopGrid(seed: number, sigma: number): FitPoint[] {
  const rng = mulberry32(seed);
  const out: FitPoint[] = [];
  for (const C of [1e18, 1e19, 1e20, 1e21, 1e22]) {
    const centre = nOpt(C) * 10 ** (0.8 * (rng() - 0.5));
    for (let i = -4; i <= 4; i++) {
      const N = centre * 2 ** i;
      const D = C / (6 * N);
      out.push({ N, D, C, budget: C, loss: lossC3(TRUTH, N, D) * Math.exp(sigma * randNormal(rng)) });
    }
  }
  return out;
}

describe('chinchilla-2 bootstrap on simulated IsoFLOP grids', () => {
  it('keeps the estimate inside its interval, and the interval covers the true a ≥ 90% of the time', () => {
    // 200 trials: at the true coverage (about 93.5%) a shortfall below 90% is a 2-sigma event, not a coin flip.
    const trials = 200;
    let covered = 0;
    for (let s = 0; s < trials; s++) {
      const r = fitLaw('chinchilla-2', isoflopGrid(s + 1, 0.004), { bootstrap: 300, seed: s });
      const [lo, hi] = r.ci.a;
      expect(r.params.a, `trial ${s}`).toBeGreaterThanOrEqual(lo);
      expect(r.params.a, `trial ${s}`).toBeLessThanOrEqual(hi);
      if (lo <= A_TRUE && A_TRUE <= hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves out, and reports, a budget whose minimum lies outside the sizes it sampled', () => {
    const pts = isoflopGrid(7, 0.002);
    // Shift the last budget's sizes so they all lie below its optimum: the vertex is extrapolated.
    const last = 1e22;
    const shifted = pts.filter((p) => p.budget !== last);
    for (let i = 0; i < 6; i++) {
      const N = (nOpt(last) / 40) * 1.5 ** i;
      shifted.push({ N, D: last / (6 * N), C: last, budget: last, loss: lossC3(TRUTH, N, N > 0 ? last / (6 * N) : 1) });
    }
    const r = fitLaw('chinchilla-2', shifted, { bootstrap: 50 });
    const isoflop = r.details?.isoflop as { C: number; used: boolean; extrapolated: boolean }[];
    expect(isoflop.find((m) => m.C === last)).toMatchObject({ used: false, extrapolated: true });
    expect(r.residuals.length).toBe(4);
    expect(r.warnings.join(' ')).toMatch(/left out budget 1\.00e\+22/);
  });
});
