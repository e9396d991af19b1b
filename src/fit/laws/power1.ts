/**
 * One-variable Kaplan power law L = (X_c/X)^alpha, optionally + E, in log space:
 * log L = k − alpha·log X with k = alpha·log X_c. Without E this is a straight line in
 * log–log and is solved in closed form; with E it is log L = LSE(e, k − alpha·log X), fitted by
 * least squares from starts given by profiling E (for a fixed E it is a line again).
 */
import { fitLine } from '../linreg.ts';
import type { Objective } from '../lbfgs.ts';
import { bestNatural, scanAndPolish, type BestFit } from '../multistart.ts';
import { l2LogObjective, lse2 } from '../logmodel.ts';
import { FitInputError } from '../errors.ts';
import type { Axis } from '../types.ts';



/** The fit's natural vector v is [k, alpha] or, with E, [e, k, alpha]. */
export function fitPowerLaw(lnX: Float64Array, lnL: Float64Array, irreducible: boolean, warm?: Float64Array[]): BestFit {
  if (!irreducible) {
    const line = fitLine(lnX, lnL);
    if (!line) throw new FitInputError('power law: X does not vary');
    let f = 0;
    for (let i = 0; i < lnX.length; i++) f += (line.intercept + line.slope * lnX[i] - lnL[i]) ** 2;
    const v = Float64Array.of(line.intercept, -line.slope);
    return { v, f, starts: 1, converged: 1, optima: [v] };
  }
  let m = 0;
  for (const x of lnX) m += x;
  m /= lnX.length;
  const xc = Float64Array.from(lnX, (x) => x - m);
  const obj = powerObjective(xc, lnL);
  // Internal coordinates: [e, k − alpha·mean(log X), alpha].
  const toInternal = (v: ArrayLike<number>) => Float64Array.of(v[0], v[1] - v[2] * m, v[2]);
  const toNatural = (t: ArrayLike<number>) => Float64Array.of(t[0], t[1] + t[2] * m, t[2]);
  const starts = warm ? warm.map(toInternal) : profileStarts(xc, lnL);
  return bestNatural('power law with E', scanAndPolish(obj, starts, 3), toNatural);
}

/** Squared log residuals of LSE(e, k' − alpha·x) over centred log X, internal vector [e, k', alpha]. */
export function powerObjective(xc: Float64Array, lnL: Float64Array): Objective {
  return l2LogObjective(lnL, 3, (t, i, g) => {
    const u = t[1] - t[2] * xc[i];
    const [lp, wE] = lse2(t[0], u);
    g[0] = wE;
    g[1] = 1 - wE;
    g[2] = -(1 - wE) * xc[i];
    return lp;
  });
}

/** Starts in internal coordinates from E = fraction·min(L), each with the line through log(L − E). */
function profileStarts(xc: Float64Array, lnL: Float64Array): Float64Array[] {
  let minL = Infinity;
  for (const y of lnL) minL = Math.min(minL, Math.exp(y));
  const out: Float64Array[] = [];
  for (const frac of [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99]) {
    const E = frac === 0 ? minL * 1e-4 : frac * minL;
    const y = Float64Array.from(lnL, (v) => Math.log(Math.exp(v) - E));
    const line = fitLine(xc, y);
    if (line) out.push(Float64Array.of(Math.log(E), line.intercept, -line.slope));
  }
  return out;
}

export function powerParamNames(axis: Axis, irreducible: boolean): string[] {
  const names = [`${axis}_c`, `alpha_${axis}`];
  return irreducible ? ['E', ...names] : names;
}

/** Named parameters from the natural vector; throws when X_c is not finite (alpha ≈ 0). */
export function powerParams(v: ArrayLike<number>, axis: Axis, irreducible: boolean): Record<string, number> {
  const k = irreducible ? v[1] : v[0];
  const alpha = irreducible ? v[2] : v[1];
  const xc = Math.exp(k / alpha);
  if (!Number.isFinite(xc) || xc === 0) {
    throw new FitInputError(`alpha_${axis} = ${alpha.toPrecision(3)}: loss barely changes with ${axis}, so ${axis}_c is not finite`);
  }
  const out: Record<string, number> = {};
  if (irreducible) out.E = Math.exp(v[0]);
  out[`${axis}_c`] = xc;
  out[`alpha_${axis}`] = alpha;
  return out;
}

export function predictPower(params: Record<string, number>, axis: Axis, x: number): number {
  return (params.E ?? 0) + (params[`${axis}_c`] / x) ** params[`alpha_${axis}`];
}
