/**
 * IsoFLOP budgets of a sweep: each budget's runs (runs.csv rows with a budget) beside the parabola
 * in log N and the minimum that `toyscale fit` found for it (fits.json chinchilla-2
 * details.isoflop); a plot draws what the fit wrote and fits nothing itself. A budget the fit
 * skipped carries its reason (details.isoflopSkipped); with no chinchilla-2 fit, none has a parabola.
 */
import { z } from 'zod';
import type { ReportInputs } from '../inputs.ts';
import { doneRuns } from '../rows.ts';

export interface IsoflopPoint {
  N: number;
  loss: number;
}

export interface IsoflopMinimumDrawn {
  C: number;
  N_opt: number;
  loss_min: number;
  extrapolated: boolean;
}

export interface IsoflopBudget {
  C: number;
  points: IsoflopPoint[];
  /** The parabola approach 2 fitted (loss = c0 + c1·ln N + c2·(ln N)²) and the N it was fitted to, or null. */
  parabola: { c: [number, number, number]; sizes: number[] } | null;
  minimum: IsoflopMinimumDrawn | null;
  /** Why there is no minimum, when there is none. */
  why: string | null;
}

const profileSchema = z.looseObject({
  C: z.number(),
  N_opt: z.number(),
  loss_min: z.number(),
  extrapolated: z.boolean(),
  parabola: z.tuple([z.number(), z.number(), z.number()]),
  sizes: z.array(z.number()),
});
const skippedSchema = z.object({ C: z.number(), reason: z.string() });

/** What fits.json holds for one budget, matched by its C (runs.csv budget, as the fit grouped them). */
function fittedProfiles(inputs: ReportInputs) {
  const details = inputs.fits.fits.find((f) => f.law === 'chinchilla-2')?.details;
  const profiles = z.array(profileSchema).safeParse(details?.isoflop);
  const skipped = z.array(skippedSchema).safeParse(details?.isoflopSkipped);
  return { profiles: profiles.success ? profiles.data : [], skipped: skipped.success ? skipped.data : [], fitted: details !== undefined };
}

export function isoflopBudgets(inputs: ReportInputs): IsoflopBudget[] {
  const byBudget = new Map<number, IsoflopPoint[]>();
  for (const r of doneRuns(inputs.runs)) {
    if (r.budget === null || !(r.budget > 0)) continue;
    const group = byBudget.get(r.budget) ?? [];
    group.push({ N: r.n_nonembed, loss: r.final_eval_loss });
    byBudget.set(r.budget, group);
  }
  const { profiles, skipped, fitted } = fittedProfiles(inputs);
  return [...byBudget]
    .sort((a, b) => a[0] - b[0])
    .map(([C, points]) => {
      const p = profiles.find((q) => q.C === C);
      if (p) return { C, points, parabola: { c: p.parabola, sizes: p.sizes }, minimum: { C, N_opt: p.N_opt, loss_min: p.loss_min, extrapolated: p.extrapolated }, why: null };
      const why = skipped.find((q) => q.C === C)?.reason ?? (fitted ? 'no parabola in fits.json' : 'chinchilla-2 was not fitted (fits.json has no IsoFLOP parabolas)');
      return { C, points, parabola: null, minimum: null, why };
    });
}
