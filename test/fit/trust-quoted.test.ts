/**
 * The cases quoted in issue 25, each with the flag it should get: values printed as "ok" beside a
 * published one that a reviewer would have caught.
 */
import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/fit-law.ts';
import { edgeFlags, flagsOf, trustFlags, widthFlags } from '../../src/fit/trust.ts';
import type { FitResult, LawName } from '../../src/fit/types.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';

/** A fit result with the quoted values (and a clean hold-out and bootstrap), for trustFlags. */
function quoted(law: LawName, label: string, values: Record<string, [number, number, number]>): FitResult {
  const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[0]]));
  const ci = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v[1], v[2]] as [number, number]]));
  return {
    law,
    label,
    formula: '',
    params,
    ci,
    stats: { points: 8, distinctN: 8, distinctD: 1, designPoints: 8, designUnit: 'distinct N', rmseLog: 0.01, maeLog: 0.01, maxAbsLog: 0.02, objective: 0, dof: 6, starts: 1, converged: 1, bootstrapRequested: 1000, bootstrapSucceeded: 1000, maxN: 1e9, maxD: 1e9, maxC: 1e19 },
    residuals: [],
    warnings: [],
    flags: [],
  };
}

const codesOf = (r: FitResult, param: string) => flagsOf(trustFlags(r, 2, Object.keys(r.params).length), param).map((f) => f.code);

describe('the cases quoted in issue 25', () => {
  it('kaplan-d on 3 distinct D × 3 seeds: too few points, counted over distinct D, saying both counts', () => {
    const rng = mulberry32(3);
    const pts = [1e8, 1e9, 1e10].flatMap((D) => [0, 1, 2].map(() => ({ N: 1e7, D, loss: (5.4e13 / D) ** 0.095 * Math.exp(0.02 * randNormal(rng)) })));
    const r = fitLaw('kaplan-d', pts, { bootstrap: 100 });
    expect(r.stats.designPoints).toBe(3);
    expect(r.stats.dof).toBe(1);
    const f = r.flags.find((g) => g.code === 'few-points');
    expect(f?.message).toMatch(/9 points but 3 distinct D for 2 parameters/);
    expect(codesOf(r, 'alpha_D')).toContain('few-points');
  });

  it('α_D = 0.144 [−0.042, 0.158] and D_c in [6.6e-8, 5.2e12] are uninformative', () => {
    expect(widthFlags({ law: 'kaplan-d' }, 'alpha_D', 0.144, [-0.042, 0.158]).map((f) => f.code)).toEqual(['uninformative']);
    expect(widthFlags({ law: 'kaplan-d' }, 'D_c', 5.4e9, [6.6e-8, 5.2e12]).map((f) => f.code)).toEqual(['uninformative']);
  });

  it('the 8-run text sweep: alpha_N 0.008096 [-0.01586, 0.03244] and N_c 1.392e+63 [1.243e-190, 4.646e+194]', () => {
    const r = quoted('kaplan-n', 'kaplan-n', { N_c: [1.392e63, 1.243e-190, 4.646e194], alpha_N: [0.008096, -0.01586, 0.03244] });
    expect(codesOf(r, 'alpha_N')).toEqual(['uninformative']);
    expect(codesOf(r, 'N_c')).toEqual(['uninformative']);
  });

  it('kaplan-n+E alpha_N 2.074 [-8, 29.34] with E not determined: uninformative twice, naming E', () => {
    const r = quoted('kaplan-n', 'kaplan-n+E', { E: [0.001, 0.0005, 2.5], N_c: [3e5, 1e5, 9e5], alpha_N: [2.074, -8, 29.34] });
    const flags = flagsOf(trustFlags(r, 2, 3), 'alpha_N');
    expect(flags.map((f) => f.code)).toEqual(['uninformative', 'uninformative']);
    expect(flags.map((f) => f.message).join(' ')).toMatch(/contains 0.*depends on E/s);
    // N_c's own interval is fine, but its meaning depends on E too.
    expect(flagsOf(trustFlags(r, 2, 3), 'N_c').map((f) => f.message).join(' ')).toMatch(/depends on E/);
    expect(codesOf(r, 'E')).toEqual(['at-bound']);
  });

  it('alpha_C 0.9269 [0.0367, 2.57] and α = 0.369 [0.057, 1.55]: half-widths over 100% of the value', () => {
    expect(widthFlags({ law: 'kaplan-c' }, 'alpha_C', 0.9269, [0.0367, 2.57])[0]?.message).toMatch(/half-width 137%/);
    expect(widthFlags({ law: 'chinchilla-3' }, 'alpha', 0.369, [0.057, 1.55])[0]?.message).toMatch(/half-width 202%/);
    // A determined exponent (half-width 12%) and Besiroglu et al.'s own A interval (1.2 decades) are not.
    expect(widthFlags({ law: 'chinchilla-3' }, 'alpha', 0.34, [0.3, 0.38])).toEqual([]);
    expect(widthFlags({ law: 'chinchilla-3' }, 'A', 482.01, [124.58, 1861])).toEqual([]);
  });

  it('alpha_C = 0.5792069878 with upper bound 0.5792069879 is on the edge, like C_c 2e-8 outside its own', () => {
    expect(edgeFlags('alpha_C', 0.5792069878, [0.41, 0.5792069879]).map((f) => f.code)).toEqual(['outside-ci']);
    const cc = 4.5e17;
    expect(edgeFlags('C_c', cc, [1e16, cc * (1 - 2e-8)]).map((f) => f.code)).toEqual(['outside-ci']);
    // Inside by more than the tolerance: not flagged.
    expect(edgeFlags('alpha_C', 0.5, [0.41, 0.5792069879])).toEqual([]);
  });

  it('a hold-out refit that failed ("alpha_N = -0.000692: loss barely changes with N") is a flag', () => {
    const r = quoted('kaplan-n', 'kaplan-n', { N_c: [8.8e13, 5e13, 2e14], alpha_N: [0.076, 0.07, 0.082] });
    r.holdout = { axis: 'N', value: 1e9, trainPoints: 7, heldOutPoints: 1, relError: null, maxRelError: null, predictions: [], quantity: 'loss', refitFailed: true, note: 'fit without the largest N failed: alpha_N = -0.000692: loss barely changes with N, so N_c is not finite' };
    expect(codesOf(r, 'alpha_N')).toEqual(['holdout-failed']);
  });

  it('kaplan-n: a hold-out error of 2.19% against the naive 0.74% does not beat the naive predictor', () => {
    const r = quoted('kaplan-n', 'kaplan-n', { N_c: [8.8e13, 5e13, 2e14], alpha_N: [0.076, 0.07, 0.082] });
    const naive = { how: "the nearest smaller N's loss", relError: 0.0074, lawRelError: 0.0219, points: 3 };
    r.holdout = { axis: 'N', value: 1e9, trainPoints: 21, heldOutPoints: 3, relError: 0.0219, maxRelError: 0.03, predictions: [], quantity: 'loss', naive };
    const f = trustFlags(r, 2, 2).find((g) => g.code === 'holdout-naive');
    expect(f?.message).toMatch(/2\.19%.*does not beat the nearest smaller N's loss \(0\.74%\)/);
    r.holdout.naive = { ...naive, relError: 0.05 };
    expect(trustFlags(r, 2, 2)).toEqual([]);
  });
});
