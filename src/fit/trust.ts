/**
 * Trust flags: the reasons a fitted value should not be read as a measurement. A fit can look
 * exact and still say nothing (two sizes, two parameters, however many seeds), sit on a bound of
 * its parameter space (E → 0), have an interval too wide to tell any published value from another,
 * or fail to predict the model it did not see. A table that prints such a value beside a published
 * one invites a comparison the data cannot support. Each flag names what it applies to: the whole
 * fit (no `param`) or one parameter or derived quantity. A value with no flag of either kind is
 * "determined"; the report prints every other value as "not determined", with the reasons.
 */
import { dependsOnFloor, floorParamOf, paramKind } from './param-kinds.ts';
import type { FitResult } from './types.ts';

export type TrustCode =
  | 'exact-fit'
  | 'few-points'
  | 'holdout-outside'
  | 'holdout-naive'
  | 'holdout-failed'
  | 'bootstrap-failed'
  | 'no-interval'
  | 'at-bound'
  | 'interval-at-bound'
  | 'outside-ci'
  | 'uninformative';

export interface TrustFlag {
  code: TrustCode;
  /** The parameter or derived quantity it applies to; absent for the whole fit. */
  param?: string;
  message: string;
}

/** Fewer residual degrees of freedom than this is "too few points" (0 or fewer is an exact fit). */
export const MIN_DOF = 3;
/**
 * Share of bootstrap resamples that may fail before the interval itself is suspect: 2.5%, one
 * tail of a 95% interval. The resamples that fail are seldom a random few: a flat loss's resamples
 * fail where the exponent comes out near 0 ("loss barely changes with N"), so more than 2.5% of
 * them missing can be a whole tail, and the interval of the rest may exclude 0 when the data do not.
 */
export const MAX_FAILED_SHARE = 0.025;
/** An irreducible loss below this fraction of the lowest observed loss sits on its bound, 0. */
export const AT_ZERO = 1e-3;
/**
 * An exponent whose 95% interval's half-width exceeds this multiple of its value is uninformative.
 * At 1 (100%) a symmetric interval reaches 0, and an asymmetric one spans a factor of 20 or more
 * (0.369 in [0.057, 1.55] is 2.0): wider than the whole spread of published values of any one
 * exponent (α_N from Kaplan's 0.076 to Hoffmann's 0.34; a from 0.46 to 0.73), so it cannot tell one
 * from another. A well-designed toy sweep's exponents come with half-widths of 5–30%.
 */
export const MAX_RELATIVE_HALF_WIDTH = 1;
/**
 * A coefficient (N_c, D_c, A, B, k_N …) whose 95% interval spans more than this many decades is
 * uninformative. Besiroglu et al. 2024's own A and B intervals span 1.1–1.2 decades and still tell
 * their B (2085) from Hoffmann's (411); at 2 decades (a factor of 100) an interval holds every
 * published value of the coefficient. 1.5 lies between, so a 2-decade interval is flagged with room.
 */
export const MAX_COEFFICIENT_DECADES = 1.5;
/**
 * An estimate this close to an end of its own interval is "on the edge": within a relative 1e-6
 * of its value (rounding: 0.5792069878 against 0.5792069879), or within 0.1% of the interval's
 * width (a bootstrap whose draws almost all fall on one side of the estimate).
 */
export const EDGE_RELATIVE = 1e-6;
export const EDGE_WIDTH_SHARE = 1e-3;

/**
 * Every flag of one fit. `minLoss` is the lowest loss it was fitted to (the scale E is judged
 * against); `freeParams` the parameters it really estimates (approaches 1 and 2: a and k_N, since
 * b = 1 − a and k_D follow from them). Degrees of freedom count distinct design points
 * (stats.designPoints: sizes, token counts, budgets), never seeds: three seeds of one size say how
 * noisy that size is, not how loss changes with size.
 */
export function trustFlags(r: FitResult, minLoss: number, freeParams: number): TrustFlag[] {
  const flags: TrustFlag[] = [];
  const n = r.stats.points;
  const k = r.stats.designPoints;
  const dof = k - freeParams;
  const counted = n === k ? `${k} ${r.stats.designUnit}` : `${n} points but ${k} ${r.stats.designUnit}`;
  if (dof <= 0) flags.push({ code: 'exact-fit', message: `exact fit: ${counted} for ${freeParams} parameters, so the residuals say nothing about error` });
  else if (dof < MIN_DOF) flags.push({ code: 'few-points', message: `too few points: ${counted} for ${freeParams} parameters (${dof} degree(s) of freedom; want ${MIN_DOF} or more)` });
  flags.push(...holdoutFlags(r));
  const { bootstrapRequested: asked, bootstrapSucceeded: got } = r.stats;
  if (asked > 0) {
    const failed = asked - got;
    if (Object.keys(r.ci).length === 0) flags.push({ code: 'no-interval', message: `no confidence interval: only ${got} of ${asked} bootstrap resamples could be fitted` });
    else if (failed > MAX_FAILED_SHARE * asked) flags.push({ code: 'bootstrap-failed', message: `${failed} of ${asked} bootstrap resamples could not be fitted, so the interval describes only the data sets that could` });
  }
  const floor = floorParamOf(r.law, r.params);
  let floorUndetermined = false;
  if (floor !== null && floor in r.params) {
    const v = r.params[floor];
    const ci = r.ci[floor];
    if (v < AT_ZERO * minLoss) flags.push({ code: 'at-bound', param: floor, message: `${floor} = ${v.toPrecision(2)} is at its bound 0: the data do not determine it` });
    else if (ci && ci[0] < AT_ZERO * minLoss) flags.push({ code: 'interval-at-bound', param: floor, message: `${floor}'s interval reaches its bound 0 (${ci[0].toPrecision(2)}): not determined from below` });
    floorUndetermined = flags.some((f) => f.param === floor);
  }
  const values: [string, number, [number, number] | undefined, boolean][] = [
    ...Object.entries(r.params).map(([name, v]): [string, number, [number, number] | undefined, boolean] => [name, v, r.ci[name], false]),
    ...Object.entries(r.derived?.values ?? {}).map(([name, v]): [string, number, [number, number] | undefined, boolean] => [name, v, r.derived?.ci[name], true]),
  ];
  for (const [name, v, ci, derived] of values) {
    if (ci) flags.push(...edgeFlags(name, v, ci), ...widthFlags(r, name, v, ci));
    if (floor !== null && floorUndetermined && name !== floor && dependsOnFloor(r.law, name, derived)) {
      flags.push({ code: 'uninformative', param: name, message: `${name} is measured above ${floor}, which is not determined: its meaning depends on ${floor}` });
    }
  }
  return flags;
}

/**
 * An estimate outside its own interval, or on its edge within the stated tolerance. A positive
 * interval is judged in log space (N_c in [1e-190, 5e194] has its estimate at 1e63, nowhere near
 * an edge, though within 0.1% of the width in linear terms); there the relative 1e-6 is 1e-6 in log.
 */
export function edgeFlags(name: string, v: number, [lo, hi]: [number, number]): TrustFlag[] {
  const shown = `${name} = ${v.toPrecision(10)}`;
  if (v < lo || v > hi) return [{ code: 'outside-ci', param: name, message: `${shown} lies outside its own 95% interval [${lo.toPrecision(10)}, ${hi.toPrecision(10)}]` }];
  const logs = lo > 0;
  const [x, a, b] = logs ? [Math.log(v), Math.log(lo), Math.log(hi)] : [v, lo, hi];
  const tol = Math.max(logs ? EDGE_RELATIVE : EDGE_RELATIVE * Math.abs(v), EDGE_WIDTH_SHARE * (b - a));
  if (x - a <= tol || b - x <= tol) {
    return [{ code: 'outside-ci', param: name, message: `${shown} is on the edge of its own 95% interval [${lo.toPrecision(10)}, ${hi.toPrecision(10)}] (within ${tol.toPrecision(2)}${logs ? ' in log' : ''}): the bootstrap is one-sided` }];
  }
  return [];
}

/** An exponent whose interval contains 0 or is wider than its value; a coefficient's spanning many decades. */
export function widthFlags(r: Pick<FitResult, 'law'>, name: string, v: number, [lo, hi]: [number, number]): TrustFlag[] {
  const kind = paramKind(r.law, name);
  const range = `[${lo.toPrecision(3)}, ${hi.toPrecision(3)}]`;
  if (kind === 'exponent') {
    if (lo <= 0 && hi >= 0) return [{ code: 'uninformative', param: name, message: `${name}'s 95% interval ${range} contains 0: the data do not say whether loss falls with it` }];
    const rel = (hi - lo) / 2 / Math.abs(v);
    if (rel > MAX_RELATIVE_HALF_WIDTH) {
      return [{ code: 'uninformative', param: name, message: `${name} = ${v.toPrecision(3)} with 95% interval ${range}: half-width ${(100 * rel).toFixed(0)}% of the value (more than ${100 * MAX_RELATIVE_HALF_WIDTH}%)` }];
    }
  } else if (kind === 'coefficient') {
    const decades = lo > 0 ? Math.log10(hi / lo) : Infinity;
    if (decades > MAX_COEFFICIENT_DECADES) {
      const spans = Number.isFinite(decades) ? `spans ${decades.toFixed(1)} decades` : 'reaches 0';
      return [{ code: 'uninformative', param: name, message: `${name}'s 95% interval ${range} ${spans} (more than ${MAX_COEFFICIENT_DECADES})` }];
    }
  }
  return [];
}

/** The hold-out's verdicts (holdout.ts): outside the prediction interval, no better than naive, or a refit that failed. */
function holdoutFlags(r: FitResult): TrustFlag[] {
  const h = r.holdout;
  if (!h) return [];
  const where = `the largest ${h.axis === 'C' && h.quantity === 'N_opt' ? 'budget' : h.axis}`;
  const out: TrustFlag[] = [];
  if (h.refitFailed) out.push({ code: 'holdout-failed', message: `hold-out: ${h.note ?? 'the refit failed'}` });
  const pi = h.interval;
  if (pi && !pi.inside) {
    out.push({
      code: 'holdout-outside',
      message: `hold-out: the law refitted without ${where} predicts its ${h.quantity} in [${pi.low.toPrecision(4)}, ${pi.high.toPrecision(4)}] (${Math.round(100 * pi.level)}%, ${pi.draws} draws with residual noise); observed ${pi.observed.toPrecision(4)}`,
    });
  }
  const nv = h.naive;
  if (nv && h.relError !== null && nv.lawRelError >= nv.relError) {
    out.push({
      code: 'holdout-naive',
      message: `hold-out: the law's error ${pct(nv.lawRelError)} in ${h.quantity} does not beat ${nv.how} (${pct(nv.relError)})`,
    });
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The flags that make one value untrustworthy: the fit's own, and those naming this parameter. */
export function flagsOf(flags: readonly TrustFlag[], param: string): TrustFlag[] {
  return flags.filter((f) => f.param === undefined || f.param === param);
}
