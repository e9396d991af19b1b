/**
 * What `toyscale plan` must say beside its numbers: a compute-optimal model far beyond the largest
 * N or C the law was fitted to is an extrapolation (a toy sweep's exponents, carried 10⁶× further,
 * are a guess), and a law with trust flags gives values that are not determined in the first place.
 */
import type { ComputeOptimal } from './compute-optimal.ts';

/** Beyond this factor past the largest N or C the fit saw, the plan says it is extrapolating. */
export const MAX_EXTRAPOLATION = 10;

export interface FitRange {
  maxN: number;
  maxC: number;
}

export function planWarnings(o: ComputeOptimal, range: FitRange | null, flags: readonly { param?: string; message: string }[]): string[] {
  const out: string[] = [];
  const times = (x: number) => (x >= 100 ? x.toExponential(1) : x.toPrecision(2));
  if (range) {
    if (o.C > MAX_EXTRAPOLATION * range.maxC) out.push(`extrapolation: C = ${o.C.toExponential(2)} is ${times(o.C / range.maxC)}× the largest compute the fit saw (${range.maxC.toExponential(2)})`);
    if (o.N_opt > MAX_EXTRAPOLATION * range.maxN) out.push(`extrapolation: N_opt = ${o.N_opt.toExponential(2)} is ${times(o.N_opt / range.maxN)}× the largest N the fit saw (${range.maxN.toExponential(2)})`);
  }
  for (const f of flags) out.push(`the fit is flagged${f.param ? ` (${f.param})` : ''}: ${f.message}`);
  return out;
}
