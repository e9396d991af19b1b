/**
 * Which laws a sweep's data support, and on which subset: the decisions `toyscale fit <sweepDir>`
 * makes before fitting. Pure, so the rules are tested without files.
 */
import type { FitOptions, FitPoint, LawName } from './types.ts';

export interface FitJob {
  law: LawName;
  /** Law-specific options (irreducible, BNSL axis); bootstrap and hold-out are added by the caller. */
  options: FitOptions;
  points: FitPoint[];
  /** Which subset, in words (e.g. "D = 1e9, 6 sizes"). */
  subset: string;
}

export interface SkippedLaw {
  law: string;
  reason: string;
}

export interface SweepSelection {
  jobs: FitJob[];
  skipped: SkippedLaw[];
}

/**
 * - kaplan-n (and +E; and bnsl-1 in N given 10 or more sizes) on the D with the most distinct N (ties: larger D, nearer
 *   Kaplan's converged regime);
 * - kaplan-d (and +E) on the N with the most distinct D (ties: larger N);
 * - chinchilla-3 and kaplan-nd when N and D each take 3 or more values;
 * - data-constrained (Muennighoff et al. 2023) on all runs, when runs repeat data at 2 or more
 *   repetition counts (U, the unique tokens, from runs.csv's epochs);
 * - chinchilla-2 on points with an IsoFLOP budget, when 2 budgets have 3 or more distinct N;
 * - chinchilla-1 and kaplan-c (and +E) on training curves, when given.
 * `only` restricts the list to one law (its +E variant included).
 */
export function selectSweepFits(runs: readonly FitPoint[], curves: readonly FitPoint[] | null, only?: LawName): SweepSelection {
  const jobs: FitJob[] = [];
  const skipped: SkippedLaw[] = [];
  const want = (law: LawName) => only === undefined || only === law || (only === 'bnsl' && law === 'bnsl-1');
  const nN = new Set(runs.map((p) => p.N)).size;
  const nD = new Set(runs.map((p) => p.D)).size;

  const atD = bestSlice(runs, (p) => p.D, (p) => p.N);
  if (want('kaplan-n')) {
    if (atD && atD.distinct >= 2) {
      const subset = `D = ${fmt(atD.key)}, ${atD.distinct} sizes`;
      jobs.push({ law: 'kaplan-n', options: {}, points: atD.points, subset });
      if (atD.distinct >= 3 && atD.points.length >= 4) jobs.push({ law: 'kaplan-n', options: { irreducible: true }, points: atD.points, subset });
    } else skipped.push({ law: 'kaplan-n', reason: 'no D value has 2 or more distinct N' });
  }
  if (want('bnsl-1')) {
    if (atD && atD.distinct >= 10) jobs.push({ law: 'bnsl-1', options: { x: 'N' }, points: atD.points, subset: `D = ${fmt(atD.key)}, ${atD.distinct} sizes` });
    else skipped.push({ law: 'bnsl-1', reason: `needs 10 or more distinct N at one D, got ${atD?.distinct ?? 0}` });
  }

  const atN = bestSlice(runs, (p) => p.N, (p) => p.D);
  if (want('kaplan-d')) {
    if (atN && atN.distinct >= 2) {
      const subset = `N = ${fmt(atN.key)}, ${atN.distinct} token counts`;
      jobs.push({ law: 'kaplan-d', options: {}, points: atN.points, subset });
      if (atN.distinct >= 3 && atN.points.length >= 4) jobs.push({ law: 'kaplan-d', options: { irreducible: true }, points: atN.points, subset });
    } else skipped.push({ law: 'kaplan-d', reason: 'no N value has 2 or more distinct D' });
  }

  for (const law of ['kaplan-nd', 'chinchilla-3'] as const) {
    if (!want(law)) continue;
    if (nN >= 3 && nD >= 3 && runs.length >= 6) jobs.push({ law, options: {}, points: [...runs], subset: `all runs, ${nN} N × ${nD} D` });
    else skipped.push({ law, reason: `needs 3 or more distinct N and D, got ${nN} N and ${nD} D` });
  }

  if (want('data-constrained')) {
    const repeats = new Set(runs.filter((p) => p.U !== undefined && p.D > p.U).map((p) => p.D / (p.U as number))).size;
    if (nN >= 2 && nD >= 2 && runs.length >= 7 && repeats >= 2) jobs.push({ law: 'data-constrained', options: {}, points: [...runs], subset: `all runs, ${repeats} repetition counts above one epoch` });
    else skipped.push({ law: 'data-constrained', reason: `needs runs that repeat data at 2 or more repetition counts (got ${repeats}), and 2 or more distinct N and D` });
  }

  if (want('chinchilla-2')) {
    const withBudget = runs.filter((p) => p.budget !== undefined);
    const budgets = new Map<number, Set<number>>();
    for (const p of withBudget) {
      const s = budgets.get(p.budget as number) ?? new Set<number>();
      s.add(p.N);
      budgets.set(p.budget as number, s);
    }
    const usable = [...budgets.values()].filter((s) => s.size >= 3).length;
    if (usable >= 2) jobs.push({ law: 'chinchilla-2', options: {}, points: withBudget, subset: `${usable} IsoFLOP budgets` });
    else skipped.push({ law: 'chinchilla-2', reason: withBudget.length === 0 ? 'no IsoFLOP budget column values' : `needs 2 budgets with 3 or more distinct N, got ${usable}` });
  }

  for (const law of ['chinchilla-1', 'kaplan-c'] as const) {
    if (!want(law)) continue;
    if (curves && curves.length > 0) {
      const nRuns = new Set(curves.map((p) => p.run)).size;
      const subset = `${nRuns} training curves`;
      jobs.push({ law, options: {}, points: [...curves], subset });
      if (law === 'kaplan-c') jobs.push({ law, options: { irreducible: true }, points: [...curves], subset });
    } else skipped.push({ law, reason: 'no curves.csv with eval losses beside runs.csv' });
  }
  return { jobs, skipped };
}

export interface Slice<T> {
  key: number;
  distinct: number;
  points: T[];
}

/**
 * The group (by key) with the most distinct values of `other`; ties go to the larger key. Shared
 * by the fit's selection and the plan's design checks, so both count a slice the same way.
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

function fmt(x: number): string {
  return x.toPrecision(3);
}
