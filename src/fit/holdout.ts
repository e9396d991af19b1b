/**
 * Hold-out extrapolation: fit on all but the points with the largest N (or D, C, x), predict the
 * held-out ones, report the relative error. A law that fits well but extrapolates badly is the
 * failure users most need to see.
 */
import type { Law } from './law.ts';
import type { HoldoutResult } from './types.ts';
import { axisValue, type Pt } from './validate.ts';

export function genericHoldout(law: Law, points: Pt[]): HoldoutResult {
  const axis = law.holdoutAxis;
  const value = Math.max(...points.map((p) => axisValue(p, axis)));
  const train = points.filter((p) => axisValue(p, axis) < value);
  const test = points.filter((p) => axisValue(p, axis) === value);
  const base = { axis, value, trainPoints: train.length, quantity: 'loss' as const };
  const predict = law.predict;
  if (!predict) return noHoldout({ ...base, heldOutPoints: test.length }, `${law.label} does not predict loss`);
  const params = fitWithout(law, train, axis);
  if (typeof params === 'string') return noHoldout({ ...base, heldOutPoints: test.length }, params);
  const predictions = test.map((p) => ({ x: axisValue(p, axis), observed: p.loss, predicted: predict(params, p) }));
  return summarizeHoldout({ ...base, heldOutPoints: test.length }, predictions);
}

type Base = Omit<HoldoutResult, 'relError' | 'maxRelError' | 'predictions' | 'heldOutPoints'> & { heldOutPoints?: number };

/** The law refitted on the training part only, or, when that fails, the hold-out's note saying why. */
export function fitWithout(law: Law, train: Pt[], largest: string): Record<string, number> | string {
  try {
    law.check(train);
    return law.fit(train).params;
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
