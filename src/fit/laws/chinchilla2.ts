/**
 * Chinchilla approach 2 (Hoffmann et al. 2022 §3.2): for each FLOP budget fit a parabola of loss
 * in log N (to the sizes nearest its lowest loss, SIZES_NEAR_MINIMUM), take its minimum as
 * N_opt(C) (D_opt = C/6N_opt), then fit N_opt = k_N·C^a and D_opt = k_D·C^b across budgets as
 * lines in log–log. A budget whose minimum lies outside the sizes it sampled is left out of the
 * line (and reported): its vertex is an extrapolation of a parabola, not a measured optimum.
 */
import { FitInputError } from '../errors.ts';
import { budgetCount } from '../design-count.ts';
import { defineLaw } from '../law-record.ts';
import type { Law } from '../law.ts';
import type { SweepData } from '../sweep-data.ts';
import { fitAllocation, KAPLAN_ALLOCATION } from './allocation.ts';
import { isoflopResidualBootstrap } from './isoflop-bootstrap.ts';
import { budgetGroups, isoflopParabola, parabolaMinimum, SIZES_NEAR_MINIMUM, type IsoflopMinimum } from './isoflop-parabola.ts';
import { isoflopHoldout } from './isoflop-holdout.ts';
import { distinct, type Pt } from '../validate.ts';

export * from './isoflop-parabola.ts';

/**
 * One budget's profile as fits.json keeps it (details.isoflop), so a plot draws the parabola and
 * minimum the fit found rather than fitting them again.
 */
export interface IsoflopProfile extends IsoflopMinimum {
  /** Whether the allocation line used this minimum (not extrapolated). */
  used: boolean;
  /** loss = c0 + c1·ln N + c2·(ln N)². */
  parabola: [number, number, number];
  /** The distinct N the parabola was fitted to, ascending. */
  sizes: number[];
}

/** Every budget's minimum (or why it has none), and which minima the allocation line may use. */
export function isoflopMinima(points: readonly Pt[]): { minima: IsoflopProfile[]; used: IsoflopProfile[]; skipped: { C: number; reason: string }[]; warnings: string[] } {
  const warnings: string[] = [];
  const minima: IsoflopProfile[] = [];
  const skipped: { C: number; reason: string }[] = [];
  for (const g of budgetGroups(points)) {
    const parabola = isoflopParabola(points, g);
    if (typeof parabola === 'string') {
      warnings.push(`chinchilla-2: skipped ${parabola}`);
      skipped.push({ C: g.C, reason: parabola });
      continue;
    }
    const m = parabolaMinimum(points, g, parabola);
    minima.push({ ...m, used: !m.extrapolated, parabola: parabola.c, sizes: distinct(parabola.fitted.map((p) => p.N)) });
  }
  for (const m of minima) if (m.extrapolated) warnings.push(`chinchilla-2: left out budget ${m.C.toExponential(2)}: its minimum (N = ${m.N_opt.toPrecision(3)}) lies outside the sampled N`);
  return { minima, used: minima.filter((m) => !m.extrapolated), skipped, warnings };
}

export function chinchilla2Law(): Law {
  const self: Law = {
    law: 'chinchilla-2',
    label: 'chinchilla-2',
    formula: `per budget: loss = parabola in log N (the ${SIZES_NEAR_MINIMUM} sizes nearest the lowest loss) → N_opt; N_opt = k_N·C^a, D_opt = k_D·C^b`,
    paramNames: ['a', 'b', 'k_N', 'k_D'],
    freeParams: 2,
    resample: 'own',
    holdoutAxis: 'C',
    design: { key: (r) => r.C, unit: 'budgets' },
    check(points) {
      const ok = budgetGroups(points).filter((g) => distinct(g.idx.map((i) => points[i].N)).length >= 3);
      if (ok.length < 2) throw new FitInputError(`chinchilla-2 needs at least 2 FLOP budgets with 3 or more distinct N each, got ${ok.length}`);
    },
    fit(points) {
      const { minima, used, skipped, warnings } = isoflopMinima(points);
      const ignored = points.filter((p) => p.budget === undefined).length;
      if (ignored > 0 && ignored < points.length) warnings.push(`chinchilla-2: ${ignored} point(s) without a budget ignored`);
      if (used.length < 2) throw new FitInputError(`chinchilla-2: only ${used.length} budget(s) have a parabola minimum inside the sampled N; need 2`);
      const samples = used.map((m) => ({ C: m.C, N: m.N_opt, D: m.D_opt }));
      return { ...fitAllocation('chinchilla-2', samples, 'all budgets are equal'), details: { isoflop: minima, isoflopSkipped: skipped }, warnings };
    },
    bootstrap: isoflopResidualBootstrap,
    holdout: (points, draws) => isoflopHoldout(self, points, draws, isoflopMinima(points).used),
  };
  return self;
}

/** Runs with an IsoFLOP budget, once 2 budgets have 3 or more distinct N. */
function selectBudgets({ runs }: SweepData) {
  const withBudget = runs.filter((p) => p.budget !== undefined);
  const budgets = new Map<number, Set<number>>();
  for (const p of withBudget) budgets.set(p.budget as number, (budgets.get(p.budget as number) ?? new Set<number>()).add(p.N));
  const usable = [...budgets.values()].filter((s) => s.size >= 3).length;
  if (usable >= 2) return [{ options: {}, points: withBudget, subset: `${usable} IsoFLOP budgets` }];
  return { skipped: withBudget.length === 0 ? 'no IsoFLOP budget column values' : `needs 2 budgets with 3 or more distinct N, got ${usable}` };
}

export const chinchilla2 = defineLaw({
  name: 'chinchilla-2',
  formula: 'per IsoFLOP budget a parabola of loss in log N → N_opt; N_opt = k_N·C^a, D_opt = k_D·C^b across budgets: Hoffmann et al. 2022 approach 2',
  params: { a: 'exponent', b: 'exponent', k_N: 'normalization', k_D: 'normalization' },
  freeParams: 2,
  published: { kaplan: KAPLAN_ALLOCATION, hoffmann: { a: 0.49, b: 0.51 } },
  holdoutAxis: 'C',
  make: () => chinchilla2Law(),
  sweep: { order: 60, select: selectBudgets },
  design: { count: budgetCount, more: 'budgets', budgets: true },
  compare: [
    { symbol: 'a (N_opt ∝ C^a)', param: 'a' },
    { symbol: 'b (D_opt ∝ C^b)', param: 'b' },
  ],
});
