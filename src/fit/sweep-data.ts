/**
 * A sweep's points as the laws' selections see them (law-record.ts `sweep.select`): the runs, the
 * training curves, and the slices one-variable laws fit, counted once for all laws. Pure.
 */
import type { SweepPick } from './law-record.ts';
import type { FitPoint } from './types.ts';

export interface Slice<T> {
  key: number;
  distinct: number;
  points: T[];
}

export interface SweepData {
  runs: readonly FitPoint[];
  /** Curve steps with an eval loss (approach 1, kaplan-c); null when there is no curves.csv. */
  curves: readonly FitPoint[] | null;
  /** Distinct N and D over the runs. */
  nN: number;
  nD: number;
  /** The D with the most distinct N (L(N) is fitted there), and the N with the most distinct D. */
  atD: Slice<FitPoint> | null;
  atN: Slice<FitPoint> | null;
}

export function sweepData(runs: readonly FitPoint[], curves: readonly FitPoint[] | null): SweepData {
  return {
    runs,
    curves,
    nN: new Set(runs.map((p) => p.N)).size,
    nD: new Set(runs.map((p) => p.D)).size,
    atD: bestSlice(runs, (p) => p.D, (p) => p.N),
    atN: bestSlice(runs, (p) => p.N, (p) => p.D),
  };
}

/**
 * The group (by key) with the most distinct values of `other`; ties go to the larger key (nearer
 * Kaplan's converged regime). Shared by the fit's selection and the plan's design checks, so both
 * count a slice the same way.
 */
export function bestSlice<T>(points: readonly T[], key: (p: T) => number, other: (p: T) => number): Slice<T> | null {
  const groups = new Map<number, T[]>();
  for (const p of points) {
    const g = groups.get(key(p));
    if (g) g.push(p);
    else groups.set(key(p), [p]);
  }
  let best: Slice<T> | null = null;
  for (const [k, ps] of groups) {
    const d = new Set(ps.map(other)).size;
    if (!best || d > best.distinct || (d === best.distinct && k > best.key)) best = { key: k, distinct: d, points: ps };
  }
  return best;
}

/** A slice's key as a subset names it ("D = 1.00e+9"). */
export function fmt(x: number): string {
  return x.toPrecision(3);
}

/** A law of N and D jointly (kaplan-nd, approach 3) on all runs, once N and D each take 3 or more values. */
export function jointPicks({ runs, nN, nD }: SweepData): SweepPick[] | { skipped: string } {
  if (nN >= 3 && nD >= 3 && runs.length >= 6) return [{ options: {}, points: [...runs], subset: `all runs, ${nN} N × ${nD} D` }];
  return { skipped: `needs 3 or more distinct N and D, got ${nN} N and ${nD} D` };
}

/** A law fitted to training curves (approach 1, kaplan-c), and its +E form when asked. */
export function curvePicks({ curves }: SweepData, irreducibleToo: boolean): SweepPick[] | { skipped: string } {
  if (!curves || curves.length === 0) return { skipped: 'no curves.csv with eval losses beside runs.csv' };
  const subset = `${new Set(curves.map((p) => p.run)).size} training curves`;
  return [{ options: {}, points: [...curves], subset }, ...(irreducibleToo ? [{ options: { irreducible: true }, points: [...curves], subset }] : [])];
}
