/**
 * Approach 2's bootstrap: a residual bootstrap of the IsoFLOP parabolas (as Porian et al. 2024 do
 * for theirs). Resampling runs within each budget drops about a third of its sizes; the window of
 * sizes nearest the lowest loss then reaches into the steep flanks, end budgets give wild
 * vertices, and the interval drifts away from the estimate (on this repo's IsoFLOP sweep a = 0.76
 * came with [0.47, 7.3]). Here every budget keeps the sizes, and the window, of the full fit; only
 * the noise is redrawn. Each resample adds to each fitted loss a residual drawn from all budgets'
 * parabola residuals (relative to the fitted loss, so budgets at different losses share one pool;
 * inflated by √(n/(n−3)) for the three coefficients each parabola spends), refits each parabola,
 * takes its vertex, and refits the allocation line through the same budgets.
 */
import { fitAllocation } from './allocation.ts';
import { budgetGroups, convexParabola, isoflopParabola, parabolaMinimum } from './isoflop-parabola.ts';
import { quantile } from '../bootstrap.ts';
import { randInt, type Rng } from '../rng.ts';
import type { Pt } from '../validate.ts';

interface Profile {
  C: number;
  lnN: number[];
  /** The parabola's loss at each size of the window. */
  fitted: number[];
}

export function isoflopResidualBootstrap(points: Pt[], draws: number, rng: Rng): { samples: number[][]; failed: number; details?: Record<string, unknown> } {
  const profiles: Profile[] = [];
  const pool: number[] = [];
  for (const g of budgetGroups(points)) {
    const parabola = isoflopParabola(points, g);
    if (typeof parabola === 'string' || parabolaMinimum(points, g, parabola).extrapolated) continue; // not in the full fit either
    const { c, fitted: window } = parabola;
    const lnN = window.map((p) => Math.log(p.N));
    const fitted = lnN.map((x) => c[0] + c[1] * x + c[2] * x * x);
    profiles.push({ C: g.C, lnN, fitted });
    const n = window.length;
    if (n > 3) window.forEach((p, i) => pool.push(((p.loss - fitted[i]) / fitted[i]) * Math.sqrt(n / (n - 3))));
  }
  // Every parabola through exactly 3 sizes: no residual says how noisy the losses are.
  if (pool.length === 0 || profiles.length < 2) return { samples: [], failed: draws };
  const samples: number[][] = [];
  const perBudget: number[][] = profiles.map(() => []);
  let failed = 0;
  for (let k = 0; k < draws; k++) {
    const minima: { C: number; N: number; D: number }[] = [];
    for (const p of profiles) {
      const y = p.fitted.map((f) => f * (1 + pool[randInt(rng, pool.length)]));
      const c = convexParabola(p.lnN, y);
      if (!c) break;
      const N = Math.exp(-c[1] / (2 * c[2]));
      minima.push({ C: p.C, N, D: p.C / (6 * N) });
    }
    if (minima.length < profiles.length) {
      failed++;
      continue;
    }
    const fit = fitAllocation('chinchilla-2', minima, 'all budgets are equal').params;
    const row = [fit.a, fit.b, fit.k_N, fit.k_D];
    if (row.every(Number.isFinite)) {
      samples.push(row);
      minima.forEach((m, j) => perBudget[j].push(m.N));
    } else failed++;
  }
  // Each budget's own 95% interval on N_opt, for the IsoFLOP figure.
  const isoflopCI = profiles.map((p, j) => {
    const v = perBudget[j].sort((a, b) => a - b);
    return { C: p.C, N_opt: v.length >= 2 ? [quantile(v, 0.025), quantile(v, 0.975)] : null };
  });
  return { samples, failed, details: { isoflopCI } };
}
