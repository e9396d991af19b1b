import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/fit-law.ts';
import { nestedChoices } from '../../src/fit/nested.ts';
import { fitsCsvRows } from '../../src/fit/report.ts';
import { flagsOf, trustFlags } from '../../src/fit/trust.ts';
import { paramKind } from '../../src/fit/param-kinds.ts';
import type { FitResult } from '../../src/fit/types.ts';
import { linePoints, logspace } from './synth.ts';

const codes = (r: FitResult, param: string) => flagsOf(r.flags, param).map((f) => f.code);

describe('trust flags', () => {
  it('a clean power law with enough points has none', () => {
    // One sweep; the hold-out's 95% prediction interval misses on about 5% of such sweeps by design
    // (trust-calibration.test.ts measures the rate): this one (noise seed 2) is inside it.
    const pts = linePoints((N) => (8.8e13 / N) ** 0.076, logspace(1e5, 1e9, 8), 0.01, 2, 'N');
    const r = fitLaw('kaplan-n', pts, { bootstrap: 200, holdout: true });
    expect(r.flags).toEqual([]);
    expect(fitsCsvRows([r]).every((row) => row.flags === '')).toBe(true);
  });

  it('two points for two parameters is an exact fit, and every parameter is flagged', () => {
    const pts = linePoints((N) => (8.8e13 / N) ** 0.076, [1e5, 1e7], 0.01, 1, 'N');
    const r = fitLaw('kaplan-n', pts, { bootstrap: 50 });
    expect(codes(r, 'alpha_N')).toContain('exact-fit');
    expect(codes(r, 'N_c')).toContain('exact-fit');
    expect(fitsCsvRows([r]).every((row) => String(row.flags).split(' ').includes('exact-fit'))).toBe(true);
  });

  it('E at its bound 0 is flagged on E only', () => {
    // Loss that falls ever faster in log–log has no floor: the +E fit drives E to 0.
    const pts = linePoints((N) => Math.exp(3 - 0.05 * Math.log(N) - 0.004 * Math.log(N) ** 2), logspace(1e5, 1e9, 9), 0.002, 2, 'N');
    const r = fitLaw('kaplan-n', pts, { irreducible: true, bootstrap: 100 });
    expect(r.params.E).toBeLessThan(1e-3 * Math.min(...pts.map((p) => p.loss)));
    expect(codes(r, 'E')).toContain('at-bound');
    expect(codes(r, 'alpha_N')).not.toContain('at-bound');
  });

  it('a held-out size outside the prediction interval flags the whole fit', () => {
    // Loss flattens at the largest N: the law fitted without it overshoots, far beyond the noise.
    const xs = logspace(1e5, 1e9, 6);
    const pts = xs.map((N, i) => ({ N, D: 1e9, loss: (i === 5 ? 1.15 : 1) * (8.8e13 / N) ** 0.2 * (1 + 0.002 * Math.sin(7 * i)) }));
    const r = fitLaw('kaplan-n', pts, { bootstrap: 200, holdout: true });
    expect(r.holdout?.interval?.inside).toBe(false);
    expect(codes(r, 'alpha_N')).toContain('holdout-outside');
    expect(codes(r, 'N_c')).toContain('holdout-outside');
  });

  it('a hold-out refit that fails is a flag, not only a note', () => {
    // Flat below the largest N: without it the law finds no N dependence ("loss barely changes").
    const pts = logspace(1e5, 1e9, 6).map((N, i) => ({ N, D: 1e9, loss: i === 5 ? 2.9 : 3 }));
    const r = fitLaw('kaplan-n', pts, { bootstrap: 0, holdout: true });
    expect(r.holdout?.refitFailed).toBe(true);
    expect(r.holdout?.note).toMatch(/barely changes with N/);
    expect(codes(r, 'alpha_N')).toContain('holdout-failed');
  });

  it('an estimate outside or on the edge of its interval is flagged, one inside is not', () => {
    const base = fitLaw('kaplan-n', linePoints((N) => (8.8e13 / N) ** 0.076, logspace(1e5, 1e9, 8), 0.01, 1, 'N'), { bootstrap: 100 });
    const moved = { ...base, ci: { ...base.ci, alpha_N: [base.params.alpha_N + 0.01, base.params.alpha_N + 0.02] as [number, number] } };
    expect(trustFlags(moved, 1, 2).filter((f) => f.param === 'alpha_N').map((f) => f.code)).toEqual(['outside-ci']);
    const edge = { ...base, ci: { ...base.ci, alpha_N: [base.params.alpha_N, base.params.alpha_N + 0.02] as [number, number] } };
    expect(trustFlags(edge, 1, 2).map((f) => f.code)).toEqual(['outside-ci']);
    expect(trustFlags(base, 1, 2)).toEqual([]);
  });
});

describe('parameter kinds', () => {
  it('are per law: the same name is an exponent in one law and a floor or coefficient in another', () => {
    expect(paramKind('kaplan-n', 'alpha_N')).toBe('exponent');
    expect(paramKind('kaplan-n', 'N_c')).toBe('coefficient');
    expect(paramKind('kaplan-n', 'E')).toBe('floor');
    expect(paramKind('chinchilla-2', 'a')).toBe('exponent');
    expect(paramKind('chinchilla-2', 'k_N')).toBe('normalization');
    expect(paramKind('chinchilla-3', 'beta')).toBe('exponent');
    expect(paramKind('chinchilla-3', 'B')).toBe('coefficient');
    expect(paramKind('bnsl-1', 'a')).toBe('floor');
    expect(paramKind('bnsl-2', 'c2')).toBe('exponent');
    expect(paramKind('bnsl-1', 'd1')).toBe('coefficient');
  });
});

describe('nested laws', () => {
  it('prefer +E when the data have a floor, the plain law when they do not', () => {
    const xs = logspace(1e4, 1e9, 9);
    const floor = linePoints((N) => 1.5 + (1e6 / N) ** 0.4, xs, 0.003, 3, 'N');
    const withFloor = [fitLaw('kaplan-n', floor, { bootstrap: 0, holdout: true }), fitLaw('kaplan-n', floor, { irreducible: true, bootstrap: 0, holdout: true })];
    expect(nestedChoices(withFloor)[0].supported).toBe('kaplan-n+E');
    const pure = linePoints((N) => (8.8e13 / N) ** 0.076, xs, 0.003, 3, 'N');
    const noFloor = [fitLaw('kaplan-n', pure, { bootstrap: 0, holdout: true }), fitLaw('kaplan-n', pure, { irreducible: true, bootstrap: 0, holdout: true })];
    expect(nestedChoices(noFloor)[0].supported).toBe('kaplan-n');
  });
});
