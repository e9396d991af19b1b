/**
 * Hold-out for envelope laws (kaplan-c, approach 1): drop every run of the largest N, fit on the
 * rest, and predict the full envelope beyond the compute the remaining runs reach — the
 * extrapolation a user makes before training the next model size. When the largest model never
 * leads the envelope there (its budget was small), hold out by compute instead: cut every curve at
 * the last fifth of the log-C range and predict the envelope above the cut.
 */
import { lowerEnvelope, type EnvelopeSample } from '../envelope.ts';
import type { Law } from '../law.ts';
import type { HoldoutResult } from '../types.ts';
import type { Pt } from '../validate.ts';
import { fitWithout, noHoldout, summarizeHoldout } from '../holdout.ts';

export function envelopeHoldout(law: Law, points: Pt[], quantity: 'loss' | 'N_opt'): HoldoutResult {
  const maxN = Math.max(...points.map((p) => p.N));
  const byN = holdoutOn(law, points, quantity, points.filter((p) => p.N < maxN), 'N', maxN);
  if (byN.relError !== null || byN.heldOutPoints > 0) return byN;
  const env = lowerEnvelope(points);
  if (env.length < 2) return byN;
  const lo = Math.log(env[0].C);
  const hi = Math.log(env[env.length - 1].C);
  const cut = Math.exp(lo + 0.8 * (hi - lo));
  const byC = holdoutOn(law, points, quantity, points.filter((p) => p.C <= cut), 'C', cut);
  return byC.relError !== null ? byC : { ...byN, note: `${byN.note}; by compute: ${byC.note}` };
}

function holdoutOn(law: Law, points: Pt[], quantity: 'loss' | 'N_opt', train: Pt[], axis: 'N' | 'C', value: number): HoldoutResult {
  const base = { axis, value, trainPoints: train.length, quantity };
  const params = fitWithout(law, train, axis);
  if (typeof params === 'string') return noHoldout(base, params);
  const reach = Math.max(...lowerEnvelope(train).map((s) => s.C));
  const test = lowerEnvelope(points).filter((s) => s.C > reach);
  if (test.length === 0) return noHoldout(base, 'nothing on the envelope beyond the compute the training part reaches');
  const predictions = test.map((s) => ({ x: s.C, observed: quantity === 'loss' ? s.loss : s.N, predicted: predictAt(law, params, s, quantity) }));
  return summarizeHoldout(base, predictions);
}

function predictAt(law: Law, params: Record<string, number>, s: EnvelopeSample, quantity: 'loss' | 'N_opt'): number {
  if (quantity === 'N_opt') return params.k_N * s.C ** params.a;
  return law.predict ? law.predict(params, { N: s.N, D: s.D, C: s.C, loss: s.loss }) : NaN;
}
