/**
 * The IsoFLOP profiles of Chinchilla approach 2: points grouped into FLOP budgets, and each
 * budget's parabola of loss in log N near its lowest loss, with its vertex N_opt.
 */
import { fitParabola } from '../linreg.ts';
import { distinct, type Pt } from '../validate.ts';

export interface BudgetGroup {
  /** The budget (or the geometric mean C of the cluster). */
  C: number;
  /** Indices into the points. */
  idx: number[];
}

export interface IsoflopMinimum {
  C: number;
  points: number;
  N_opt: number;
  D_opt: number;
  loss_min: number;
  /** The minimum lies outside the N the budget sampled. */
  extrapolated: boolean;
}

/** Budgets within this factor of each other (in C) are one IsoFLOP group when `budget` is absent. */
const SAME_BUDGET = 1.3;

/**
 * Points grouped by `budget`; when no point has one, by C, splitting sorted C wherever it jumps by
 * more than 30% (IsoFLOP runs miss their budget a little because N is rounded to a real shape).
 */
export function budgetGroups(points: readonly Pt[]): BudgetGroup[] {
  const withBudget = points.some((p) => p.budget !== undefined);
  if (withBudget) {
    const m = new Map<number, number[]>();
    points.forEach((p, i) => {
      if (p.budget === undefined) return;
      const g = m.get(p.budget);
      if (g) g.push(i);
      else m.set(p.budget, [i]);
    });
    return [...m].sort((a, b) => a[0] - b[0]).map(([C, idx]) => ({ C, idx }));
  }
  const order = points.map((_, i) => i).sort((a, b) => points[a].C - points[b].C);
  const groups: BudgetGroup[] = [];
  let cur: number[] = [];
  const close = () => {
    if (cur.length === 0) return;
    const lnC = cur.reduce((s, i) => s + Math.log(points[i].C), 0) / cur.length;
    groups.push({ C: Math.exp(lnC), idx: cur });
    cur = [];
  };
  for (const i of order) {
    if (cur.length > 0 && points[i].C > SAME_BUDGET * points[cur[cur.length - 1]].C) close();
    cur.push(i);
  }
  close();
  return groups;
}

/**
 * How many sizes (distinct N) around a budget's lowest loss the parabola is fitted to. A parabola
 * through a whole profile is pulled by its flanks when they are not symmetric in log N, as at toy
 * scale, where too-small models also repeat their data: on this repo's chinchilla-isoflop sweep one
 * fitted to all 7 sizes of the 1e11 budget put N_opt at 18 parameters, below every size trained,
 * where the 5 sizes nearest the lowest loss give 4.7k (between the two lowest losses, 3.3k and 7.3k).
 * Hoffmann et al. (2022) fitted whole profiles that were close to symmetric; on those both agree.
 */
export const SIZES_NEAR_MINIMUM = 5;

export interface IsoflopParabola {
  /** loss = c0 + c1·ln N + c2·(ln N)², convex. */
  c: [number, number, number];
  /** The points it was fitted to: the SIZES_NEAR_MINIMUM sizes nearest the budget's lowest loss. */
  fitted: Pt[];
}

/** The parabola of one budget, fitted near its lowest loss; a string saying why when there is none. */
export function isoflopParabola(points: readonly Pt[], g: BudgetGroup): IsoflopParabola | string {
  const all = g.idx.map((i) => points[i]);
  const ns = distinct(all.map((p) => p.N));
  if (ns.length < 3) return `budget ${g.C.toExponential(2)}: ${ns.length} distinct N (need 3 for a parabola)`;
  const lowest = all.reduce((best, p) => (p.loss < best.loss ? p : best));
  const byDistance = [...ns].sort((a, b) => Math.abs(Math.log(a / lowest.N)) - Math.abs(Math.log(b / lowest.N)) || a - b);
  const near = new Set(byDistance.slice(0, SIZES_NEAR_MINIMUM));
  const fitted = all.filter((p) => near.has(p.N));
  const c = convexParabola(
    fitted.map((p) => Math.log(p.N)),
    fitted.map((p) => p.loss),
  );
  if (!c) return `budget ${g.C.toExponential(2)}: loss is not convex in log N, no minimum`;
  return { c, fitted };
}

/**
 * The least-squares parabola through (x, y), or null unless it is convex by more than rounding:
 * over the x it spans it must bend by a visible fraction of y (a straight profile fitted in
 * floating point can leave c2 = +1e-17 and a vertex at infinity).
 */
export function convexParabola(x: readonly number[], y: readonly number[]): [number, number, number] | null {
  const c = fitParabola(x, y);
  const span = Math.max(...x) - Math.min(...x);
  const meanY = y.reduce((sum, v) => sum + Math.abs(v), 0) / y.length;
  if (!c || !(c[2] * span * span > 1e-9 * meanY)) return null;
  return [c[0], c[1], c[2]];
}

/** The parabola minimum of one budget; a string saying why when there is none. */
export function isoflopMinimum(points: readonly Pt[], g: BudgetGroup): IsoflopMinimum | string {
  const parabola = isoflopParabola(points, g);
  return typeof parabola === 'string' ? parabola : parabolaMinimum(points, g, parabola);
}

/** The vertex of a budget's parabola (from isoflopParabola), flagged when it lies outside the N sampled. */
export function parabolaMinimum(points: readonly Pt[], g: BudgetGroup, { c, fitted }: IsoflopParabola): IsoflopMinimum {
  const ns = distinct(g.idx.map((i) => points[i].N));
  const xs = -c[1] / (2 * c[2]);
  const N_opt = Math.exp(xs);
  return {
    C: g.C,
    points: fitted.length,
    N_opt,
    D_opt: g.C / (6 * N_opt),
    loss_min: c[0] + c[1] * xs + c[2] * xs * xs,
    extrapolated: xs < Math.log(ns[0]) || xs > Math.log(ns[ns.length - 1]),
  };
}

