/**
 * Hold-out extrapolation: fit on all but the points with the largest N (or D, C, x), predict the
 * held-out ones, report the relative error. A law that fits well but extrapolates badly is the
 * failure users most need to see.
 */
import type { CoreFit, Law } from './law.ts';
import type { Axis, HoldoutResult } from './types.ts';
import { axisValue, type Pt } from './validate.ts';

/** The points below the largest value of the law's hold-out axis (train) and those at it (test). */
export function holdoutSplit(law: Law, points: Pt[]): { axis: Axis; value: number; train: Pt[]; test: Pt[] } {
  const axis = law.holdoutAxis;
  const value = Math.max(...points.map((p) => axisValue(p, axis)));
  return { axis, value, train: points.filter((p) => axisValue(p, axis) < value), test: points.filter((p) => axisValue(p, axis) === value) };
}

/** `fit` refits the law on the training part; src/fit-threads hands in one computed on its workers. */
export function genericHoldout(law: Law, points: Pt[], fit: CoreFitter = (train) => law.fit(train)): HoldoutResult {
  const { axis, value, train, test } = holdoutSplit(law, points);
  const base = { axis, value, trainPoints: train.length, quantity: 'loss' as const };
  const predict = law.predict;
  if (!predict) return noHoldout({ ...base, heldOutPoints: test.length }, `${law.label} does not predict loss`);
  const params = fitWithout(law, train, axis, fit);
  if (typeof params === 'string') return noHoldout({ ...base, heldOutPoints: test.length }, params);
  const predictions = test.map((p) => ({ x: axisValue(p, axis), observed: p.loss, predicted: predict(params, p) }));
  return summarizeHoldout({ ...base, heldOutPoints: test.length }, predictions);
}

/** A law's fit on some points: law.fit, or the same fit computed elsewhere. */
export type CoreFitter = (pts: Pt[]) => CoreFit;

type Base = Omit<HoldoutResult, 'relError' | 'maxRelError' | 'predictions' | 'heldOutPoints'> & { heldOutPoints?: number };

/** The law refitted on the training part only, or, when that fails, the hold-out's note saying why. */
export function fitWithout(law: Law, train: Pt[], largest: string, fit: CoreFitter = (pts) => law.fit(pts)): Record<string, number> | string {
  try {
    law.check(train);
    return fit(train).params;
  } catch (e) {
    return `fit without the largest ${largest} failed: ${(e as Error).message}`;
  }
}

/** A hold-out that could not be scored, with the reason. */
export function noHoldout(base: Base, note: string): HoldoutResult {
  return { ...base, heldOutPoints: base.heldOutPoints ?? 0, relError: null, maxRelError: null, predictions: [], note };
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
