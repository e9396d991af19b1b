/**
 * IsoFLOP budgets of a sweep and each budget's parabola of loss in log N, computed with the fit
 * library's own functions on the runs `toyscale fit` gives approach 2, so the minima drawn are
 * the minima fitted (fits.json chinchilla-2 details.isoflop, when that law was fitted).
 */
import { budgetGroups, isoflopParabola, parabolaMinimum, type IsoflopMinimum, type IsoflopParabola } from '../../fit/laws/chinchilla2.ts';
import type { Pt } from '../../fit/validate.ts';
import type { ReportInputs } from '../inputs.ts';
import { doneRuns } from '../rows.ts';

export interface IsoflopBudget {
  C: number;
  points: Pt[];
  /** The parabola approach 2 fitted (near the lowest loss), or null when there is none. */
  parabola: IsoflopParabola | null;
  minimum: IsoflopMinimum | null;
  /** Why there is no minimum, when there is none. */
  why: string | null;
}

export function isoflopBudgets(inputs: ReportInputs): IsoflopBudget[] {
  const pts: Pt[] = doneRuns(inputs.runs)
    .filter((r) => r.budget !== null && r.budget > 0)
    .map((r) => ({ N: r.n_nonembed, D: r.tokens, loss: r.final_eval_loss, C: r.flops_6nd ?? 6 * r.n_nonembed * r.tokens, budget: r.budget ?? undefined, run: r.run_id }));
  return budgetGroups(pts).map((g) => {
    const points = g.idx.map((i) => pts[i]);
    // One parabola per budget, and its vertex: the same computation as isoflopMinimum.
    const parabola = isoflopParabola(pts, g);
    if (typeof parabola === 'string') return { C: g.C, points, parabola: null, minimum: null, why: parabola };
    return { C: g.C, points, parabola, minimum: parabolaMinimum(pts, g, parabola), why: null };
  });
}
