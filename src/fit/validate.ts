/** Input checks shared by every law, and the canonical order that makes fits row-order invariant. */
import { FitInputError } from './errors.ts';
import type { Axis, FitPoint } from './types.ts';

/** A point with C filled in (6·N·D when absent). */
export interface Pt extends FitPoint {
  C: number;
}

/**
 * Throws FitInputError on NaN, non-positive N/D/loss/C or exact duplicate rows, and returns the
 * points in a canonical order. Sorting first means the floating-point sums, the optimiser path and
 * the bootstrap draws do not depend on the order of the user's rows.
 *
 * Replicates at the same (N, D) with different losses (several seeds) are fine; an identical row
 * twice is almost always a concatenation mistake, and it would silently double a point's weight.
 * averageReplicates merges both kinds when the user asks (`toyscale fit --average-duplicates`);
 * `duplicates: 'keep'` fits them as given (`--keep-duplicates`: a published data file fitted as
 * its authors did), and duplicateCount says how many.
 */
export function preparePoints(points: readonly FitPoint[], duplicates: 'refuse' | 'keep' = 'refuse'): Pt[] {
  if (!Array.isArray(points)) throw new FitInputError('points must be an array of {N, D, loss}');
  const out: Pt[] = points.map((p, i) => {
    const row = `point ${i + 1}`;
    for (const key of ['N', 'D', 'loss'] as const) {
      const v = p[key];
      if (typeof v !== 'number' || Number.isNaN(v)) throw new FitInputError(`${row}: ${key} is not a number (${String(v)})`);
      if (!Number.isFinite(v) || v <= 0) throw new FitInputError(`${row}: ${key} must be positive and finite, got ${v}`);
    }
    const C = p.C ?? 6 * p.N * p.D;
    if (typeof C !== 'number' || !Number.isFinite(C) || C <= 0) throw new FitInputError(`${row}: C must be positive and finite, got ${String(C)}`);
    if (p.budget !== undefined && !(Number.isFinite(p.budget) && p.budget > 0)) {
      throw new FitInputError(`${row}: budget must be positive and finite, got ${p.budget}`);
    }
    const q: Pt = { N: p.N, D: p.D, loss: p.loss, C };
    if (p.budget !== undefined) q.budget = p.budget;
    if (p.run !== undefined) q.run = p.run;
    if (p.U !== undefined) {
      if (!(Number.isFinite(p.U) && p.U > 0)) throw new FitInputError(`${row}: U (unique tokens) must be positive and finite, got ${p.U}`);
      q.U = p.U;
    }
    return q;
  });
  out.sort(comparePoints);
  if (duplicates === 'keep') return out;
  for (let i = 1; i < out.length; i++) {
    if (comparePoints(out[i - 1], out[i]) === 0) {
      const p = out[i];
      throw new FitInputError(`duplicated point N=${p.N}, D=${p.D}, loss=${p.loss}${p.run ? `, run=${p.run}` : ''}`);
    }
  }
  return out;
}

/** Rows that repeat an earlier row exactly (after preparePoints' sort, so neighbours). */
export function duplicateCount(sorted: readonly Pt[]): number {
  let n = 0;
  for (let i = 1; i < sorted.length; i++) if (comparePoints(sorted[i - 1], sorted[i]) === 0) n++;
  return n;
}

function comparePoints(a: Pt, b: Pt): number {
  return (
    a.N - b.N ||
    a.D - b.D ||
    a.C - b.C ||
    a.loss - b.loss ||
    (a.budget ?? 0) - (b.budget ?? 0) ||
    (a.U ?? 0) - (b.U ?? 0) ||
    (a.run ?? '').localeCompare(b.run ?? '')
  );
}

export function distinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

export function axisValue(p: { N: number; D: number; C: number }, axis: Axis): number {
  return axis === 'N' ? p.N : axis === 'D' ? p.D : p.C;
}

export function requirePoints(law: string, points: readonly Pt[], min: number, what = 'points'): void {
  if (points.length < min) {
    throw new FitInputError(`${law} needs at least ${min} ${what}, got ${points.length}`);
  }
}

export function requireDistinct(law: string, points: readonly Pt[], axis: Axis, min: number): void {
  const k = distinct(points.map((p) => axisValue(p, axis))).length;
  if (k < min) throw new FitInputError(`${law} needs at least ${min} distinct values of ${axis}, got ${k}`);
}

/**
 * Points with the same N, D, C, budget and run merged into one, at their mean loss: exact
 * duplicate rows become one row, and replicate seeds one point. Order of first appearance.
 */
export function averageReplicates(points: readonly FitPoint[]): FitPoint[] {
  const groups = new Map<string, { p: FitPoint; sum: number; n: number }>();
  for (const p of points) {
    const key = JSON.stringify([p.N, p.D, p.C ?? null, p.budget ?? null, p.run ?? null]);
    const g = groups.get(key);
    if (g) {
      g.sum += p.loss;
      g.n++;
    } else groups.set(key, { p, sum: p.loss, n: 1 });
  }
  return [...groups.values()].map(({ p, sum, n }) => ({ ...p, loss: sum / n }));
}
