/**
 * Trust flags: the reasons a fitted value should not be read as a measurement. A fit can look
 * exact and still say nothing (two points, two parameters), sit on a bound of its parameter space
 * (E → 0), or extrapolate badly; a table that prints such a value beside a published one invites a
 * comparison the data cannot support. Each flag names what it applies to: the whole fit (no
 * `param`) or one parameter or derived quantity. A value with no flag of either kind is
 * "determined"; the report prints every other value as "not determined", with the reasons.
 */
import type { FitResult } from './types.ts';

export type TrustCode =
  | 'exact-fit'
  | 'few-points'
  | 'holdout-error'
  | 'bootstrap-failed'
  | 'no-interval'
  | 'at-bound'
  | 'interval-at-bound'
  | 'outside-ci';

export interface TrustFlag {
  code: TrustCode;
  /** The parameter or derived quantity it applies to; absent for the whole fit. */
  param?: string;
  message: string;
}

/** Hold-out relative error above which a law's extrapolation, and so its values, are not trusted. */
export const MAX_HOLDOUT_ERROR = 0.1;
/** Fewer residual degrees of freedom than this is "too few points" (0 or fewer is an exact fit). */
export const MIN_DOF = 3;
/** Share of bootstrap resamples that may fail before the interval itself is suspect. */
export const MAX_FAILED_SHARE = 0.1;
/** An irreducible loss below this fraction of the lowest observed loss sits on its bound, 0. */
export const AT_ZERO = 1e-3;

/** The parameter that is an irreducible loss, bounded below by 0: E, or a for broken power laws. */
function floorParam(r: FitResult): string | null {
  if (r.law.startsWith('bnsl')) return 'a';
  return 'E' in r.params ? 'E' : null;
}

/**
 * Every flag of one fit. `minLoss` is the lowest loss it was fitted to (the scale E is judged
 * against); `freeParams` the parameters it really estimates (approaches 1 and 2: a and k_N, since
 * b = 1 − a and k_D follow from them).
 */
export function trustFlags(r: FitResult, minLoss: number, freeParams: number): TrustFlag[] {
  const flags: TrustFlag[] = [];
  const n = r.residuals.length;
  const dof = n - freeParams;
  if (dof <= 0) flags.push({ code: 'exact-fit', message: `exact fit: ${n} point(s) for ${freeParams} parameters, so the residuals say nothing about error` });
  else if (dof < MIN_DOF) flags.push({ code: 'few-points', message: `too few points: ${n} for ${freeParams} parameters (${dof} degree(s) of freedom; want ${MIN_DOF} or more)` });
  const h = r.holdout;
  if (h && h.relError !== null && h.relError > MAX_HOLDOUT_ERROR) {
    flags.push({ code: 'holdout-error', message: `hold-out error ${(100 * h.relError).toFixed(1)}% > ${100 * MAX_HOLDOUT_ERROR}%: the law does not extrapolate to the largest ${h.axis}` });
  }
  const { bootstrapRequested: asked, bootstrapSucceeded: got } = r.stats;
  if (asked > 0) {
    const failed = asked - got;
    if (Object.keys(r.ci).length === 0) flags.push({ code: 'no-interval', message: `no confidence interval: only ${got} of ${asked} bootstrap resamples could be fitted` });
    else if (failed > MAX_FAILED_SHARE * asked) flags.push({ code: 'bootstrap-failed', message: `${failed} of ${asked} bootstrap resamples could not be fitted, so the interval describes only the data sets that could` });
  }
  const floor = floorParam(r);
  if (floor !== null && floor in r.params) {
    const v = r.params[floor];
    const ci = r.ci[floor];
    if (v < AT_ZERO * minLoss) flags.push({ code: 'at-bound', param: floor, message: `${floor} = ${v.toPrecision(2)} is at its bound 0: the data do not determine it` });
    else if (ci && ci[0] < AT_ZERO * minLoss) flags.push({ code: 'interval-at-bound', param: floor, message: `${floor}'s interval reaches its bound 0 (${ci[0].toPrecision(2)}): not determined from below` });
  }
  const check = (name: string, v: number, ci: [number, number] | undefined) => {
    if (!ci) return;
    const [lo, hi] = ci;
    if (v < lo || v > hi) flags.push({ code: 'outside-ci', param: name, message: `${name} = ${v.toPrecision(4)} lies outside its own 95% interval [${lo.toPrecision(3)}, ${hi.toPrecision(3)}]` });
    else if (lo < hi && (v === lo || v === hi)) flags.push({ code: 'outside-ci', param: name, message: `${name} = ${v.toPrecision(4)} is on the edge of its own 95% interval: the bootstrap is one-sided` });
  };
  for (const [name, v] of Object.entries(r.params)) check(name, v, r.ci[name]);
  for (const [name, v] of Object.entries(r.derived?.values ?? {})) check(name, v, r.derived?.ci[name]);
  return flags;
}

/** The flags that make one value untrustworthy: the fit's own, and those naming this parameter. */
export function flagsOf(flags: readonly TrustFlag[], param: string): TrustFlag[] {
  return flags.filter((f) => f.param === undefined || f.param === param);
}
