/**
 * Chinchilla approach 1 (Hoffmann et al. 2022 §3.1): take the lower envelope of loss against
 * FLOPs over all training curves (intermediate evaluations count), read off which model size is
 * best at each FLOP value, and fit N_opt = k_N·C^a and D_opt = k_D·C^b as lines in log–log.
 * Samples where the smallest or largest model leads are left out (see trimCensored).
 */
import { lowerEnvelope, trimCensored } from '../envelope.ts';
import { FitInputError } from '../errors.ts';
import { defineLaw } from '../law-record.ts';
import type { Law } from '../law.ts';
import { KAPLAN_ALLOCATION } from './allocation.ts';
import { curvePicks } from '../sweep-data.ts';
import { requirePoints } from '../validate.ts';
import { fitAllocation } from './allocation.ts';
import { envelopeHoldout } from './envelope-holdout.ts';

export function chinchilla1Law(): Law {
  const self: Law = {
    law: 'chinchilla-1',
    label: 'chinchilla-1',
    formula: 'N_opt = k_N·C^a, D_opt = k_D·C^b on the lower envelope of loss vs C',
    paramNames: ['a', 'b', 'k_N', 'k_D'],
    freeParams: 2,
    resample: 'run',
    holdoutAxis: 'N',
    design: { key: (r) => r.N, unit: 'distinct N leading the envelope' },
    check(points) {
      requirePoints('chinchilla-1', points, 4);
      const k = new Set(lowerEnvelope(points).map((s) => s.N)).size;
      if (k < 2) throw new FitInputError(`chinchilla-1 needs at least 2 model sizes on the loss-vs-FLOPs envelope, got ${k}`);
    },
    fit(points) {
      const env = trimCensored(points, lowerEnvelope(points));
      const sizes = new Set(env.map((s) => s.N)).size;
      if (sizes < 2) throw new FitInputError('chinchilla-1: one model size leads the whole envelope');
      const warnings = sizes < 3 ? [`chinchilla-1: only ${sizes} model sizes lead the envelope; a and b rest on one step`] : [];
      return {
        ...fitAllocation('chinchilla-1', env, 'the envelope spans a single FLOP value'),
        details: { envelopePoints: env.length, envelopeSizes: sizes },
        warnings,
      };
    },
    holdout: (points, draws) => envelopeHoldout(self, points, 'N_opt', draws),
  };
  return self;
}

export const chinchilla1 = defineLaw({
  name: 'chinchilla-1',
  formula: 'N_opt = k_N·C^a, D_opt = k_D·C^b from the lower envelope of loss against C over training curves: Hoffmann et al. 2022 approach 1',
  params: { a: 'exponent', b: 'exponent', k_N: 'normalization', k_D: 'normalization' },
  freeParams: 2,
  published: { kaplan: KAPLAN_ALLOCATION, hoffmann: { a: 0.5, b: 0.5 } },
  holdoutAxis: 'N',
  make: () => chinchilla1Law(),
  sweep: { order: 70, select: (data) => curvePicks(data, false) },
  compare: [
    { symbol: 'a (N_opt ∝ C^a)', param: 'a', owner: true },
    { symbol: 'b (D_opt ∝ C^b)', param: 'b', owner: true },
  ],
});
