/**
 * Kaplan et al. 2020 eq. 1.5: L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (+ E).
 *
 * Written as log L = alpha_D·LSE(l_N/alpha_D, l_D/alpha_D), where l_N = alpha_N·log(N_c/N) and
 * l_D = alpha_D·log(D_c/D) are the logs of the one-variable laws: the optimiser works on
 * k = alpha·log X_c (centred on the data's mean log X) instead of log X_c itself, which for
 * alpha ≈ 0.08 sits near 30 and is strongly correlated with alpha.
 */
import { FitInputError } from '../errors.ts';
import { jointCount } from '../design-count.ts';
import { defineLaw } from '../law-record.ts';
import { lossCoreFit, type Law } from '../law.ts';
import { fitLine } from '../linreg.ts';
import type { Objective } from '../lbfgs.ts';
import { l2LogObjective, lse2 } from '../logmodel.ts';
import { bestNatural, scanAndPolish } from '../multistart.ts';
import { jointPicks } from '../sweep-data.ts';
import type { FitOptions } from '../types.ts';
import { requireDistinct, requirePoints } from '../validate.ts';


export function predictKaplanND(params: Record<string, number>, N: number, D: number): number {
  const { N_c, D_c, alpha_N, alpha_D } = params;
  const [s] = lse2((alpha_N / alpha_D) * Math.log(N_c / N), Math.log(D_c / D));
  return (params.E ?? 0) + Math.exp(alpha_D * s);
}

/** Natural vector: [kN, alpha_N, kD, alpha_D(, e)] with kX = alpha_X·log X_c. */
export function kaplanNDLaw(options: FitOptions): Law {
  const E = options.irreducible === true;
  const label = E ? 'kaplan-nd+E' : 'kaplan-nd';
  const dim = E ? 5 : 4;
  return {
    law: 'kaplan-nd',
    label,
    formula: `L = ${E ? 'E + ' : ''}[(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D`,
    paramNames: E ? ['E', 'N_c', 'D_c', 'alpha_N', 'alpha_D'] : ['N_c', 'D_c', 'alpha_N', 'alpha_D'],
    resample: 'point',
    holdoutAxis: 'N',
    check(points) {
      requirePoints(label, points, dim + 1);
      requireDistinct(label, points, 'N', 2);
      requireDistinct(label, points, 'D', 2);
    },
    predict: (params, p) => predictKaplanND(params, p.N, p.D),
    fit(points, warm) {
      const lnN = points.map((p) => Math.log(p.N));
      const lnD = points.map((p) => Math.log(p.D));
      const y = Float64Array.from(points, (p) => Math.log(p.loss));
      const mN = mean(lnN);
      const mD = mean(lnD);
      const xN = Float64Array.from(lnN, (v) => v - mN);
      const xD = Float64Array.from(lnD, (v) => v - mD);
      const obj = kaplanNDObjective(xN, xD, y, E);
      const toInternal = (v: ArrayLike<number>) => {
        const t = Float64Array.from(v);
        t[0] = v[0] - v[1] * mN;
        t[2] = v[2] - v[3] * mD;
        return t;
      };
      const toNatural = (t: ArrayLike<number>) => {
        const v = Float64Array.from(t);
        v[0] = t[0] + t[1] * mN;
        v[2] = t[2] + t[3] * mD;
        return v;
      };
      const starts = warm ? warm.map(toInternal) : defaultStarts(lnN, lnD, y, E);
      const found = bestNatural(label, scanAndPolish(obj, starts, 3), toNatural);
      const params = toParams(found.v, E, label);
      const warnings = params.alpha_N <= 0 ? [`${label}: alpha_N ≤ 0, loss does not fall with N`] : [];
      return lossCoreFit(points, params, (p) => predictKaplanND(params, p.N, p.D), found, warnings);
    },
  };
}

/**
 * Squared log residuals over centred log N and log D (xN, xD); internal vector
 * [kN', alpha_N, kD', alpha_D(, e)] with kX' = alpha_X·(log X_c − mean log X).
 */
export function kaplanNDObjective(xN: Float64Array, xD: Float64Array, y: Float64Array, E: boolean): Objective {
  return l2LogObjective(y, E ? 5 : 4, (t, i, g) => {
    const aN = t[1];
    const aD = t[3];
    if (!(aD > 0)) return NaN;
    const zN = (t[0] - aN * xN[i]) / aD;
    const zD = (t[2] - aD * xD[i]) / aD;
    const [S, pN] = lse2(zN, zD);
    const pD = 1 - pN;
    const lp0 = aD * S;
    const g0 = pN;
    const g1 = -pN * xN[i];
    const g2 = pD;
    const g3 = S - pN * zN - pD * zD - pD * xD[i];
    if (!E) {
      g[0] = g0;
      g[1] = g1;
      g[2] = g2;
      g[3] = g3;
      return lp0;
    }
    const [lp, w] = lse2(t[4], lp0);
    const v = 1 - w;
    g[0] = v * g0;
    g[1] = v * g1;
    g[2] = v * g2;
    g[3] = v * g3;
    g[4] = w;
    return lp;
  });
}

function toParams(v: Float64Array, E: boolean, label: string): Record<string, number> {
  const N_c = Math.exp(v[0] / v[1]);
  const D_c = Math.exp(v[2] / v[3]);
  if (!Number.isFinite(N_c) || !Number.isFinite(D_c) || N_c === 0 || D_c === 0) {
    throw new FitInputError(`${label}: an exponent is ≈ 0 (alpha_N=${v[1].toPrecision(3)}, alpha_D=${v[3].toPrecision(3)}), N_c or D_c is not finite`);
  }
  const out: Record<string, number> = {};
  if (E) out.E = Math.exp(v[4]);
  Object.assign(out, { N_c, D_c, alpha_N: v[1], alpha_D: v[3] });
  return out;
}

/** Internal-coordinate starts: exponents from a small grid plus the marginal log–log slopes. */
function defaultStarts(lnN: number[], lnD: number[], y: Float64Array, E: boolean): Float64Array[] {
  const slope = (x: number[]) => {
    const l = fitLine(x, y);
    return l && l.slope < 0 ? [-l.slope] : [];
  };
  const aN = [...slope(lnN), 0.05, 0.15, 0.4];
  const aD = [...slope(lnD), 0.05, 0.15, 0.4];
  let minL = Infinity;
  for (const v of y) minL = Math.min(minL, Math.exp(v));
  const floors = E ? [0.5, 0.9] : [0];
  const out: Float64Array[] = [];
  for (const f of floors) {
    const ly = mean(Array.from(y, (v) => Math.log(Math.exp(v) - f * minL)));
    for (const an of aN)
      for (const ad of aD) {
        const t = [ly, an, ly, ad];
        if (E) t.push(Math.log(f * minL));
        out.push(Float64Array.from(t));
      }
  }
  return out;
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

export const kaplanND = defineLaw({
  name: 'kaplan-nd',
  formula: 'L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (+ E): Kaplan et al. 2020 eq. 1.5',
  params: { N_c: 'coefficient', D_c: 'coefficient', alpha_N: 'exponent', alpha_D: 'exponent' },
  irreducible: true,
  published: { kaplan: { N_c: 6.4e13, D_c: 1.8e13, alpha_N: 0.076, alpha_D: 0.103 } },
  holdoutAxis: 'N',
  make: (options) => kaplanNDLaw(options),
  sweep: { order: 30, select: jointPicks },
  design: { count: jointCount },
  compare: [
    { symbol: 'α_N', param: 'alpha_N' },
    { symbol: 'α_D', param: 'alpha_D' },
    { symbol: 'E', param: 'E' },
  ],
  combined: false,
});
