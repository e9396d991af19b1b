/**
 * Hold-out for envelope laws (kaplan-c, approach 1): drop every run of the largest N, fit on the
 * rest, and predict the full envelope beyond the compute the remaining runs reach — the
 * extrapolation a user makes before training the next model size. When the largest model never
 * leads the envelope there (its budget was small), hold out by compute instead: cut every curve at
 * the last fifth of the log-C range and predict the envelope above the cut.
 */
import { lowerEnvelope, type EnvelopeSample } from '../envelope.ts';
import type { HoldoutDraws, Law } from '../law.ts';
import type { HoldoutResult } from '../types.ts';
import type { Pt } from '../validate.ts';
import { fitWithout, noHoldout, paramsOf, predictionInterval, refitFailed, summarizeHoldout } from '../holdout.ts';

export function envelopeHoldout(law: Law, points: Pt[], quantity: 'loss' | 'N_opt', draws: HoldoutDraws): HoldoutResult {
  const maxN = Math.max(...points.map((p) => p.N));
  const byN = holdoutOn(law, points, quantity, points.filter((p) => p.N < maxN), 'N', maxN, draws);
  if (byN.relError !== null || byN.heldOutPoints > 0) return byN;
  const env = lowerEnvelope(points);
  if (env.length < 2) return byN;
  const lo = Math.log(env[0].C);
  const hi = Math.log(env[env.length - 1].C);
  const cut = Math.exp(lo + 0.8 * (hi - lo));
  const byC = holdoutOn(law, points, quantity, points.filter((p) => p.C <= cut), 'C', cut, draws);
  if (byC.relError !== null) return byC;
  const failed = byN.refitFailed === true || byC.refitFailed === true;
  return { ...byN, note: `${byN.note}; by compute: ${byC.note}`, ...(failed ? { refitFailed: true } : {}) };
}

function holdoutOn(law: Law, points: Pt[], quantity: 'loss' | 'N_opt', train: Pt[], axis: 'N' | 'C', value: number, draws: HoldoutDraws): HoldoutResult {
  const base = { axis, value, trainPoints: train.length, quantity };
  const core = fitWithout(law, train, axis);
  if (typeof core === 'string') return refitFailed(base, core);
  const trainEnvelope = lowerEnvelope(train);
  const reach = Math.max(...trainEnvelope.map((s) => s.C));
  const test = lowerEnvelope(points).filter((s) => s.C > reach);
  if (test.length === 0) return noHoldout(base, 'nothing on the envelope beyond the compute the training part reaches');
  const observed = (s: EnvelopeSample) => (quantity === 'loss' ? s.loss : s.N);
  const predictions = test.map((s) => ({ x: s.C, observed: observed(s), predicted: predictAt(law, core.params, s, quantity) }));
  const result = summarizeHoldout(base, predictions);
  // Envelope samples of one run share that run's noise: one noise draw per run.
  const runs = [...new Set(test.map((s) => s.run))];
  const interval = predictionInterval(
    draws(train, core).map((row) => test.map((s) => predictAt(law, paramsOf(law, row), s, quantity))),
    core,
    test.map((s) => runs.indexOf(s.run)),
    predictions.map((q) => q.observed),
    law.freeParams ?? law.paramNames.length,
  );
  // Naive: the training envelope's last value (the best loss, or the leading size, reached so far).
  const last = trainEnvelope.reduce((m, s) => (s.C > m.C ? s : m));
  const naiveRel = predictions.map((q) => Math.abs(observed(last) - q.observed) / q.observed);
  const lawRel = predictions.map((q) => Math.abs(q.predicted - q.observed) / q.observed);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const naive = lawRel.every(Number.isFinite) ? { how: `the training envelope's last ${quantity}`, relError: mean(naiveRel), lawRelError: mean(lawRel), points: predictions.length } : null;
  return { ...result, ...(interval ? { interval } : {}), ...(naive ? { naive } : {}) };
}

function predictAt(law: Law, params: Record<string, number>, s: EnvelopeSample, quantity: 'loss' | 'N_opt'): number {
  if (quantity === 'N_opt') return params.k_N * s.C ** params.a;
  return law.predict ? law.predict(params, { N: s.N, D: s.D, C: s.C, loss: s.loss }) : NaN;
}
