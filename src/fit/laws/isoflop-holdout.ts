/**
 * Approach 2's hold-out as a prediction test: the allocation line refitted without the largest
 * budget predicts that budget's N_opt, inside a prediction interval built for how N_opt scatters
 * (budgets resampled, the line's residual noise, the held-out budget's own vertex noise), and the
 * law's trend must beat the previous two budgets' trend, compared over every budget.
 */
import type { Law, HoldoutDraws } from '../law.ts';
import { fitWithout, noHoldout, predictionInterval, refitFailed, summarizeHoldout } from '../holdout.ts';
import { fitLine } from '../linreg.ts';
import { fitAllocation } from './allocation.ts';
import { budgetGroups, convexParabola, isoflopMinimum, isoflopParabola, type BudgetGroup } from './isoflop-parabola.ts';
import type { HoldoutResult, Residual } from '../types.ts';
import { mulberry32, randInt, type Rng } from '../rng.ts';
import type { Pt } from '../validate.ts';

/** `used`: the full fit's budget minima that its line went through (for the rolling naive comparison). */
export function isoflopHoldout(law: Law, points: Pt[], draws: HoldoutDraws, used: readonly { C: number; N_opt: number }[]): HoldoutResult {
  const groups = budgetGroups(points);
  const last = groups[groups.length - 1];
  const keep = new Set(groups.slice(0, -1).flatMap((g) => g.idx));
  const train = points.filter((_, i) => keep.has(i));
  const base = { axis: 'C' as const, value: last.C, trainPoints: train.length, heldOutPoints: last.idx.length, quantity: 'N_opt' as const };
  const target = isoflopMinimum(points, last);
  if (typeof target === 'string') return noHoldout(base, `held-out ${target}`);
  if (target.extrapolated) return noHoldout(base, `the held-out budget's minimum lies outside its sampled N, so there is no measured N_opt to predict`);
  const core = fitWithout(law, train, 'budget');
  if (typeof core === 'string') return refitFailed(base, core);
  const result = summarizeHoldout(base, [{ x: last.C, observed: target.N_opt, predicted: core.params.k_N * last.C ** core.params.a }]);
  const a = law.paramNames.indexOf('a');
  const kN = law.paramNames.indexOf('k_N');
  const interval = predictionInterval(
    draws(train, core, (count, rng) => budgetPairsBootstrap(core.residuals, count, rng)).map((row) => [row[kN] * last.C ** row[a]]),
    core,
    [0],
    [target.N_opt],
    2,
    vertexNoise(points, last, HOLDOUT_VERTEX_DRAWS),
    N_OPT_PREDICTION_LEVEL,
  );
  const naive = rollingNaive(used);
  return { ...result, ...(interval ? { interval } : {}), ...(naive ? { naive } : {}) };
}

/**
 * The naive N_opt predictor, rolled over the budgets: each budget's N_opt from the line through the
 * two budgets before it ("the previous budgets' trend"), against the law's line through every
 * budget before it. One held-out budget scatters ±10–25% by itself, so a single comparison would
 * be a coin toss; over every budget from the fourth on it says whether the law's trend predicts
 * better than a local one. Null with fewer than 4 budgets.
 */
export function rollingNaive(used: readonly { C: number; N_opt: number }[]): HoldoutResult['naive'] | null {
  const m = [...used].sort((p, q) => p.C - q.C);
  const lnC = m.map((p) => Math.log(p.C));
  const lnN = m.map((p) => Math.log(p.N_opt));
  const naive: number[] = [];
  const law: number[] = [];
  for (let j = 3; j < m.length; j++) {
    const all = fitLine(lnC.slice(0, j), lnN.slice(0, j));
    const two = fitLine(lnC.slice(j - 2, j), lnN.slice(j - 2, j));
    if (!all || !two) continue;
    const err = (line: { intercept: number; slope: number }) => (line.intercept + line.slope * lnC[j] - lnN[j]) ** 2;
    law.push(err(all));
    naive.push(err(two));
  }
  if (law.length === 0) return null;
  // Root-mean-square log error, as a relative error: the two-point trend's misses are few and large.
  const mean = (v: number[]) => Math.exp(Math.sqrt(v.reduce((s, x) => s + x, 0) / v.length)) - 1;
  return { how: `the previous two budgets' trend (each of ${law.length} budgets predicted from those before it)`, relError: mean(naive), lawRelError: mean(law), points: law.length };
}

/**
 * The hold-out's parameter draws: the training budgets' minima resampled with replacement and the
 * allocation line refitted. Unlike the fit's residual bootstrap (which redraws only the parabolas'
 * noise), this holds the scatter of the minima about the line, which is what makes a line through
 * ten budgets uncertain one budget beyond them. Rows in paramNames order; degenerate draws (one
 * budget drawn every time) are skipped.
 */
export function budgetPairsBootstrap(minima: readonly Residual[], count: number, rng: Rng): number[][] {
  const rows: number[][] = [];
  for (let k = 0; k < count; k++) {
    const sample = minima.map(() => minima[randInt(rng, minima.length)]).map((m) => ({ C: m.C, N: m.observed, D: m.C / (6 * m.observed) }));
    if (new Set(sample.map((m) => m.C)).size < 2) continue;
    const p = fitAllocation('chinchilla-2', sample, 'all budgets are equal').params;
    rows.push([p.a, p.b, p.k_N, p.k_D]);
  }
  return rows;
}

/**
 * The level of the hold-out's prediction interval for N_opt: 99%, not the 95% used for loss. One
 * budget's N_opt scatters ±10–25% by itself, the top budget's more than the line's residuals say
 * (its loss profile is flatter against the same noise, and the parabola's bias grows with that);
 * on 100 simulated published-shaped grids (test/fit/isoflop-holdout.test.ts) the observation fell
 * outside a 95% interval on 13, outside a 99% one on 3, and a top budget off the trend by a factor
 * of 2.8 (a + 0.15) or more still falls outside in about 9 of 10 grids.
 */
export const N_OPT_PREDICTION_LEVEL = 0.99;
/** Draws of the held-out budget's vertex error, for its prediction interval. */
const HOLDOUT_VERTEX_DRAWS = 400;

/**
 * The held-out budget's own measurement error: its parabola refitted to its fitted losses plus
 * residuals redrawn from its own window (inflated by √(n/(n−3)) for the three coefficients), as
 * log(vertex draw / vertex). A top budget's loss profile is flatter against the same noise, so its
 * N_opt scatters more than the line's residuals through the smaller budgets say. Empty when its
 * window has no residual to draw (3 sizes). The draws come from their own fixed generator.
 */
export function vertexNoise(points: readonly Pt[], g: BudgetGroup, count: number): number[] {
  const parabola = isoflopParabola(points, g);
  if (typeof parabola === 'string') return [];
  const { c, fitted: window } = parabola;
  const n = window.length;
  if (n <= 3) return [];
  const lnN = window.map((p) => Math.log(p.N));
  const fit = lnN.map((x) => c[0] + c[1] * x + c[2] * x * x);
  const pool = window.map((p, i) => ((p.loss - fit[i]) / fit[i]) * Math.sqrt(n / (n - 3)));
  const vertex = -c[1] / (2 * c[2]);
  const lo = Math.min(...lnN);
  const hi = Math.max(...lnN);
  const rng = mulberry32(0x7e47 + n);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const q = convexParabola(lnN, fit.map((f) => f * (1 + pool[randInt(rng, n)])));
    const v = q ? -q[1] / (2 * q[2]) : NaN;
    // As in the fit, a vertex outside the sizes sampled is no measured minimum: not a draw.
    if (v >= lo && v <= hi) out.push(v - vertex);
  }
  return out;
}
