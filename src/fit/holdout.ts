/**
 * Hold-out as a prediction test: refit the law without the points with the largest N (or D, C,
 * x, budget), predict the held-out ones, and ask two questions a reviewer asks.
 * 1. Does the observation fall inside the refit's 95% bootstrap prediction interval? The interval
 *    holds the refit's parameter draws (a bootstrap of the training part) plus noise on the scale
 *    of the refit's own log residuals, so a noisy sweep gets a wide interval and a law that bends
 *    away from the data a narrow miss.
 * 2. Does the law beat a naive predictor (the nearest smaller size's loss: "the next model will be
 *    like the last one")? A law that does not has learnt nothing about how loss scales.
 * A refit that fails is reported as such (refitFailed), and the trust flags treat it as a failure.
 */
import { quantile } from './bootstrap.ts';
import type { CoreFit, HoldoutDraws, Law } from './law.ts';
import { mulberry32, randInt, randNormal } from './rng.ts';
import type { Axis, HoldoutResult } from './types.ts';
import { axisValue, type Pt } from './validate.ts';

/** Fewer successful draws than this give no prediction interval: its 2.5% tail would be one draw. */
export const MIN_INTERVAL_DRAWS = 40;
/** The prediction interval's level (approach 2's N_opt has its own: laws/isoflop-holdout.ts). */
export const PREDICTION_LEVEL = 0.95;

/** The points below the largest value of the law's hold-out axis (train) and those at it (test). */
export function holdoutSplit(law: Law, points: Pt[]): { axis: Axis; value: number; train: Pt[]; test: Pt[] } {
  const axis = law.holdoutAxis;
  const value = Math.max(...points.map((p) => axisValue(p, axis)));
  return { axis, value, train: points.filter((p) => axisValue(p, axis) < value), test: points.filter((p) => axisValue(p, axis) === value) };
}

/** A law's fit on some points: law.fit, or the same fit computed elsewhere. */
export type CoreFitter = (pts: Pt[]) => CoreFit;

/**
 * `fit` refits the law on the training part (src/fit-threads hands in one computed on its
 * workers); `draws` bootstraps that refit.
 */
export function genericHoldout(law: Law, points: Pt[], fit: CoreFitter = (train) => law.fit(train), draws: HoldoutDraws = () => []): HoldoutResult {
  const { axis, value, train, test } = holdoutSplit(law, points);
  const base = { axis, value, trainPoints: train.length, heldOutPoints: test.length, quantity: 'loss' as const };
  const predict = law.predict;
  if (!predict) return noHoldout(base, `${law.label} does not predict loss`);
  const core = fitWithout(law, train, axis, fit);
  if (typeof core === 'string') return refitFailed(base, core);
  const predictions = test.map((p) => ({ x: axisValue(p, axis), observed: p.loss, predicted: predict(core.params, p) }));
  const result = summarizeHoldout(base, predictions);
  const rows = draws(train, core);
  const interval = predictionInterval(
    rows.map((row) => test.map((p) => predict(paramsOf(law, row), p))),
    core,
    test.map((_, i) => i),
    predictions.map((q) => q.observed),
    law.freeParams ?? law.paramNames.length,
  );
  const naive = naiveLoss(axis, train, test, predictions);
  return { ...result, ...(interval ? { interval } : {}), ...(naive ? { naive } : {}) };
}

/** A bootstrap row as named parameters. */
export function paramsOf(law: Law, row: readonly number[]): Record<string, number> {
  return Object.fromEntries(law.paramNames.map((n, j) => [n, row[j]]));
}

type Base = Omit<HoldoutResult, 'relError' | 'maxRelError' | 'predictions' | 'heldOutPoints'> & { heldOutPoints?: number };

/** The law refitted on the training part only, or, when that fails, why. */
export function fitWithout(law: Law, train: Pt[], largest: string, fit: CoreFitter = (pts) => law.fit(pts)): CoreFit | string {
  try {
    law.check(train);
    const core = fit(train);
    if (!Object.values(core.params).every(Number.isFinite)) return `fit without the largest ${largest} failed: a parameter is not finite`;
    return core;
  } catch (e) {
    return `fit without the largest ${largest} failed: ${(e as Error).message}`;
  }
}

/** A hold-out that could not be scored, with the reason. */
export function noHoldout(base: Base, note: string): HoldoutResult {
  return { ...base, heldOutPoints: base.heldOutPoints ?? 0, relError: null, maxRelError: null, predictions: [], note };
}

/** A hold-out whose refit failed: a trust flag, not only a note. */
export function refitFailed(base: Base, note: string): HoldoutResult {
  return { ...noHoldout(base, note), refitFailed: true };
}

export function summarizeHoldout(base: Base, predictions: HoldoutResult['predictions']): HoldoutResult {
  const rel = predictions.map((q) => Math.abs(q.predicted - q.observed) / q.observed);
  const ok = rel.length > 0 && rel.every(Number.isFinite);
  return {
    ...base,
    heldOutPoints: base.heldOutPoints ?? predictions.length,
    relError: ok ? rel.reduce((s, v) => s + v, 0) / rel.length : null,
    maxRelError: ok ? Math.max(...rel) : null,
    predictions,
    ...(ok || base.note ? {} : { note: 'prediction was not finite' }),
  };
}

/**
 * The 95% prediction interval for the geometric mean of the held-out observations. `predicted`
 * holds, per parameter draw, the prediction at each held-out point; `units[i]` says which noise
 * draw point i shares (a point of its own for separate runs; one per run for samples of one
 * training curve, whose noise is one). Each draw adds to each unit a log-noise draw s·t_ν, with s
 * the refit's residual standard deviation over ν = n − p degrees of freedom: Student's t rather than
 * the residuals themselves, because a handful of residuals resampled never reach past their own
 * largest and the interval would come out too narrow. Noise comes from its own generator, so the
 * interval does not disturb the bootstrap's draws. `measurement`, when given, holds draws of the
 * held-out observation's own log error (approach 2: its budget's parabola vertex, noisier at the
 * top budget than the line's residuals say), one added per draw. Null when too few draws, or when
 * the refit is exact (ν ≤ 0: no noise to go by).
 */
export function predictionInterval(
  predicted: readonly (readonly number[])[],
  core: CoreFit,
  units: readonly number[],
  observed: readonly number[],
  params: number,
  measurement: readonly number[] = [],
  level = PREDICTION_LEVEL,
): HoldoutResult['interval'] | null {
  const rows = predicted.filter((row) => row.every((v) => Number.isFinite(v) && v > 0));
  if (rows.length < MIN_INTERVAL_DRAWS || observed.length === 0) return null;
  const n = core.residuals.length;
  const nu = n - params;
  if (nu <= 0) return null;
  const s = Math.sqrt(core.residuals.reduce((sum, r) => sum + r.logResidual ** 2, 0) / nu);
  const rng = mulberry32(0x5eed + n);
  const unitCount = Math.max(...units) + 1;
  const stats = rows.map((row) => {
    // One chi-square per draw: the uncertainty in s is shared by every unit of that draw.
    let chi2 = 0;
    for (let k = 0; k < nu; k++) chi2 += randNormal(rng) ** 2;
    const scale = s / Math.sqrt(chi2 / nu);
    const noise = Array.from({ length: unitCount }, () => scale * randNormal(rng));
    const extra = measurement.length > 0 ? measurement[randInt(rng, measurement.length)] : 0;
    return row.reduce((sum, v, i) => sum + Math.log(v) + noise[units[i]], 0) / row.length + extra;
  });
  stats.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  const low = Math.exp(quantile(stats, tail));
  const high = Math.exp(quantile(stats, 1 - tail));
  const obs = Math.exp(observed.reduce((sum, v) => sum + Math.log(v), 0) / observed.length);
  return { level, low, high, observed: obs, inside: obs >= low && obs <= high, draws: rows.length };
}

/**
 * The naive loss predictor: each held-out point's loss is the mean loss at the nearest smaller
 * value of the axis (at the same D for a held-out N, the same N for a held-out D, when the
 * training part has such points; else at any). Both errors are over the points it can predict.
 */
export function naiveLoss(axis: Axis, train: readonly Pt[], test: readonly Pt[], predictions: HoldoutResult['predictions']): HoldoutResult['naive'] | null {
  const other = (p: Pt) => (axis === 'N' ? p.D : axis === 'D' ? p.N : 0);
  const naive: number[] = [];
  const law: number[] = [];
  test.forEach((p, i) => {
    const x = axisValue(p, axis);
    const same = train.filter((q) => other(q) === other(p) && axisValue(q, axis) < x);
    const pool = same.length > 0 ? same : train.filter((q) => axisValue(q, axis) < x);
    if (pool.length === 0) return;
    const nearest = Math.max(...pool.map((q) => axisValue(q, axis)));
    const at = pool.filter((q) => axisValue(q, axis) === nearest);
    const guess = at.reduce((s, q) => s + q.loss, 0) / at.length;
    naive.push(Math.abs(guess - p.loss) / p.loss);
    law.push(Math.abs(predictions[i].predicted - p.loss) / p.loss);
  });
  if (naive.length === 0 || !law.every(Number.isFinite)) return null;
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  return { how: `the nearest smaller ${axis}'s loss`, relError: mean(naive), lawRelError: mean(law), points: naive.length };
}
