/**
 * The last step shared by Chinchilla approaches 1 and 2: given compute-optimal samples
 * (C, N_opt, D_opt), fit N_opt = k_N·C^a and D_opt = k_D·C^b as two lines in log–log, with
 * residuals in N_opt.
 */
import { FitInputError } from '../errors.ts';
import type { CoreFit } from '../law.ts';
import { fitLine } from '../linreg.ts';
import type { Residual } from '../types.ts';

/** Kaplan et al. 2020 §6's compute-efficient allocation, N_opt ∝ C^0.73, D_opt ∝ C^0.27: published beside approaches 1 and 2. */
export const KAPLAN_ALLOCATION = { a: 0.73, b: 0.27 };

export interface OptimalSample {
  C: number;
  N: number;
  D: number;
}

/** Everything of a CoreFit but the law's own details and warnings. */
export type AllocationFit = Omit<CoreFit, 'details' | 'warnings'>;

export function fitAllocation(law: string, samples: readonly OptimalSample[], whyDegenerate: string): AllocationFit {
  const lnC = samples.map((s) => Math.log(s.C));
  const n = fitLine(lnC, samples.map((s) => Math.log(s.N)));
  const d = fitLine(lnC, samples.map((s) => Math.log(s.D)));
  if (!n || !d) throw new FitInputError(`${law}: ${whyDegenerate}`);
  const params = { a: n.slope, b: d.slope, k_N: Math.exp(n.intercept), k_D: Math.exp(d.intercept) };
  const residuals: Residual[] = samples.map((s) => {
    const predicted = params.k_N * s.C ** params.a;
    return { N: s.N, D: s.D, C: s.C, observed: s.N, predicted, logResidual: Math.log(s.N / predicted) };
  });
  const objective = residuals.reduce((sum, r) => sum + r.logResidual ** 2, 0);
  // A closed-form fit: one "start", always converged, nothing to warm-start a bootstrap from.
  return { params, residuals, residualsOf: 'N_opt', objective, starts: 1, converged: 1, warm: [] };
}
