/**
 * Kaplan et al. 2020 one-variable laws: L(N) (D fixed), L(D) (N fixed), and L(C_min) on the lower
 * envelope of loss against compute; each optionally with an irreducible E.
 */
import { lowerEnvelope, trimCensored } from '../envelope.ts';
import { FitInputError } from '../errors.ts';
import { sliceCount } from '../design-count.ts';
import { defineLaw, type SweepPick } from '../law-record.ts';
import { lossCoreFit, type CoreFit, type Law } from '../law.ts';
import type { BestFit } from '../multistart.ts';
import { PF_DAY } from '../sources.ts';
import { curvePicks, fmt, type Slice } from '../sweep-data.ts';
import type { FitOptions, FitPoint } from '../types.ts';
import { requireDistinct, requirePoints, type Pt } from '../validate.ts';
import { envelopeHoldout } from './envelope-holdout.ts';
import { fitPowerLaw, powerParamNames, powerParams, predictPower } from './power1.ts';

/**
 * Envelope samples for kaplan-c. Fewer than approach 1's 1,500 (Hoffmann et al.): the samples
 * interpolate the same few curves, so 250 log-spaced values resolve them as well, and a fit with
 * E refitted 1,000 times over 1,500 points would dominate the whole sweep's fitting time.
 */
const ENVELOPE_SAMPLES = 250;

/** kaplan-n (axis N) or kaplan-d (axis D) on the points as given. */
export function kaplanAxisLaw(axis: 'N' | 'D', options: FitOptions): Law {
  const E = options.irreducible === true;
  const law = axis === 'N' ? 'kaplan-n' : 'kaplan-d';
  const label = E ? `${law}+E` : law;
  const minDistinct = E ? 3 : 2;
  return {
    law,
    label,
    formula: `L = ${E ? 'E + ' : ''}(${axis}_c/${axis})^alpha_${axis}`,
    paramNames: powerParamNames(axis, E),
    resample: 'point',
    holdoutAxis: axis,
    design: { key: (r) => (axis === 'N' ? r.N : r.D), unit: `distinct ${axis}` },
    check(points) {
      requirePoints(label, points, E ? 4 : 2);
      requireDistinct(label, points, axis, minDistinct);
    },
    predict: (params, p) => predictPower(params, axis, axis === 'N' ? p.N : p.D),
    fit(points, warm) {
      const x = Float64Array.from(points, (p) => Math.log(axis === 'N' ? p.N : p.D));
      const y = Float64Array.from(points, (p) => Math.log(p.loss));
      return finish(points, axis, E, fitPowerLaw(x, y, E, warm), (p) => (axis === 'N' ? p.N : p.D));
    },
  };
}

/**
 * kaplan-c: the power law in C fitted to the lower envelope of loss against C, without the
 * stretches led by the smallest or largest model (trimCensored).
 */
export function kaplanCLaw(options: FitOptions): Law {
  const E = options.irreducible === true;
  const label = E ? 'kaplan-c+E' : 'kaplan-c';
  const self: Law = {
    law: 'kaplan-c',
    label,
    formula: `L = ${E ? 'E + ' : ''}(C_c/C)^alpha_C on the lower envelope of loss vs C`,
    paramNames: powerParamNames('C', E),
    resample: 'run',
    holdoutAxis: 'C',
    design: { key: (r) => r.N, unit: 'distinct N leading the envelope' },
    check(points) {
      requirePoints(label, points, E ? 4 : 2);
      const env = lowerEnvelope(points);
      if (new Set(env.map((s) => s.C)).size < (E ? 3 : 2)) {
        throw new FitInputError(`${label} needs an envelope spanning at least ${E ? 3 : 2} distinct C; the data give ${env.length} envelope point(s)`);
      }
    },
    predict: (params, p) => predictPower(params, 'C', p.C),
    fit(points, warm) {
      const env: Pt[] = trimCensored(points, lowerEnvelope(points, ENVELOPE_SAMPLES)).map((s) => ({ N: s.N, D: s.D, C: s.C, loss: s.loss, run: s.run }));
      if (env.length < 2) throw new FitInputError(`${label}: the envelope has fewer than 2 points`);
      const x = Float64Array.from(env, (p) => Math.log(p.C));
      const y = Float64Array.from(env, (p) => Math.log(p.loss));
      const core = finish(env, 'C', E, fitPowerLaw(x, y, E, warm), (p) => p.C);
      core.details = { envelopePoints: env.length, envelopeRuns: new Set(env.map((p) => p.run)).size };
      return core;
    },
    holdout: (points, draws) => envelopeHoldout(self, points, 'loss', draws),
  };
  return self;
}

function finish(points: Pt[], axis: 'N' | 'D' | 'C', E: boolean, r: BestFit, x: (p: Pt) => number): CoreFit {
  const params = powerParams(r.v, axis, E);
  const warnings: string[] = [];
  const alpha = params[`alpha_${axis}`];
  if (alpha <= 0) warnings.push(`alpha_${axis} = ${alpha.toPrecision(3)} ≤ 0: loss does not fall with ${axis}`);
  return lossCoreFit(points, params, (p) => predictPower(params, axis, x(p)), r, warnings);
}

/** L(N) or L(D) on a slice: the law, and its +E form given 3 or more distinct values and 4 points. */
function slicePicks(slice: Slice<FitPoint> | null, fixed: 'N' | 'D', unit: string, skipped: string): SweepPick[] | { skipped: string } {
  if (!slice || slice.distinct < 2) return { skipped };
  const subset = `${fixed} = ${fmt(slice.key)}, ${slice.distinct} ${unit}`;
  const picks: SweepPick[] = [{ options: {}, points: slice.points, subset }];
  if (slice.distinct >= 3 && slice.points.length >= 4) picks.push({ options: { irreducible: true }, points: slice.points, subset });
  return picks;
}

export const kaplanN = defineLaw({
  name: 'kaplan-n',
  formula: 'L = (N_c/N)^alpha_N (+ E): Kaplan et al. 2020 eq. 1.1, D held fixed',
  params: { N_c: 'coefficient', alpha_N: 'exponent' },
  irreducible: true,
  published: { kaplan: { N_c: 8.8e13, alpha_N: 0.076 } },
  holdoutAxis: 'N',
  make: (options) => kaplanAxisLaw('N', options),
  sweep: { order: 10, select: ({ atD }) => slicePicks(atD, 'D', 'sizes', 'no D value has 2 or more distinct N') },
  design: { count: sliceCount('D', 'N'), withE: true },
  compare: [
    { symbol: 'α_N', param: 'alpha_N', owner: true },
    { symbol: 'E', param: 'E' },
  ],
});

export const kaplanD = defineLaw({
  name: 'kaplan-d',
  formula: 'L = (D_c/D)^alpha_D (+ E): Kaplan et al. 2020 eq. 1.2, N held fixed',
  params: { D_c: 'coefficient', alpha_D: 'exponent' },
  irreducible: true,
  published: { kaplan: { D_c: 5.4e13, alpha_D: 0.095 } },
  holdoutAxis: 'D',
  make: (options) => kaplanAxisLaw('D', options),
  sweep: { order: 20, select: ({ atN }) => slicePicks(atN, 'N', 'token counts', 'no N value has 2 or more distinct D') },
  design: { count: sliceCount('N', 'D'), withE: true },
  compare: [
    { symbol: 'α_D', param: 'alpha_D', owner: true },
    { symbol: 'E', param: 'E' },
  ],
});

export const kaplanC = defineLaw({
  name: 'kaplan-c',
  formula: 'L = (C_c/C)^alpha_C (+ E) on the lower envelope of loss against C: Kaplan et al. 2020 eq. 1.3, C_min',
  params: { C_c: 'coefficient', alpha_C: 'exponent' },
  irreducible: true,
  published: { kaplan: { C_c: 3.1e8 * PF_DAY, alpha_C: 0.05 } },
  holdoutAxis: 'C',
  make: (options) => kaplanCLaw(options),
  sweep: {
    order: 80,
    select: (data) => curvePicks(data, true),
  },
  compare: [
    { symbol: 'α_C (C_min)', param: 'alpha_C', owner: true },
    { symbol: 'E', param: 'E' },
  ],
});
