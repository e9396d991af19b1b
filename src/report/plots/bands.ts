/**
 * Fitted curves with 95% bootstrap bands: at each x, the 2.5th and 97.5th percentiles of the
 * prediction over the bootstrap draws of the fit, the same draws that gave the parameter CIs.
 *
 * fits.json keeps every law's draws; a fit without them (fits.csv alone) is drawn without a band.
 * The report never refits: the band always belongs to the fit the tables print.
 */
import type { FitRecord } from '../../io/formats/fits-file.ts';

export type Predict = (params: Record<string, number>, x: number) => number;

export interface CurveSample {
  x: number;
  y: number;
  lo: number | null;
  hi: number | null;
}

export interface Draws {
  params: Record<string, number>[];
}

const MIN_DRAWS = 20;
const cache = new WeakMap<FitRecord, Draws | null>();

export function drawsOf(fit: FitRecord): Draws | null {
  if (!cache.has(fit)) cache.set(fit, findDraws(fit));
  return cache.get(fit) ?? null;
}

function findDraws(fit: FitRecord): Draws | null {
  const names = Object.keys(fit.params);
  if (!fit.samples || fit.samples.length < MIN_DRAWS) return null;
  return { params: fit.samples.filter((r) => r.length === names.length).map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]]))) };
}

/** The fitted curve at each x, with the band where draws exist. */
export function curveWithBand(fit: FitRecord, xs: readonly number[], predict: Predict, draws: Draws | null): CurveSample[] {
  return xs.map((x) => {
    const y = predict(fit.params, x);
    if (!draws) return { x, y, lo: null, hi: null };
    const ys = draws.params.map((p) => predict(p, x)).filter(Number.isFinite).sort((a, b) => a - b);
    if (ys.length < MIN_DRAWS) return { x, y, lo: null, hi: null };
    return { x, y, lo: quantile(ys, 0.025), hi: quantile(ys, 0.975) };
  });
}

/** Linear-interpolated quantile of sorted values (type 7, as numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}
