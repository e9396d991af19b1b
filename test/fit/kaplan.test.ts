import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/index.ts';
import { gridPoints, linePoints, logspace, shuffle } from './synth.ts';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('Kaplan laws recover known parameters (0.5% noise)', () => {
  it.each([1, 2, 3])('kaplan-n, Kaplan 2020 values (seed %i)', (seed) => {
    const pts = linePoints((N) => (8.8e13 / N) ** 0.076, logspace(1e5, 1e9, 9), 0.005, seed, 'N');
    const f = fitLaw('kaplan-n', pts, { bootstrap: 0 });
    expect(Math.abs(f.params.alpha_N - 0.076)).toBeLessThan(0.003);
    // log N_c = k/alpha amplifies small errors in alpha: within a factor of 1.5 is tight here.
    expect(Math.abs(Math.log(f.params.N_c / 8.8e13))).toBeLessThan(0.4);
  });

  it.each([1, 2, 3])('kaplan-n+E (seed %i)', (seed) => {
    const pts = linePoints((N) => 1.5 + (1e7 / N) ** 0.3, logspace(1e4, 1e9, 12), 0.005, seed, 'N');
    const f = fitLaw('kaplan-n', pts, { bootstrap: 0, irreducible: true });
    expect(f.label).toBe('kaplan-n+E');
    expect(rel(f.params.E, 1.5)).toBeLessThan(0.02);
    expect(rel(f.params.alpha_N, 0.3)).toBeLessThan(0.03);
    expect(rel(f.params.N_c, 1e7)).toBeLessThan(0.1);
  });

  it.each([1, 2, 3])('kaplan-d and kaplan-d+E (seed %i)', (seed) => {
    const plain = fitLaw('kaplan-d', linePoints((D) => (5.4e13 / D) ** 0.095, logspace(1e7, 1e11, 9), 0.005, seed, 'D'), { bootstrap: 0 });
    expect(Math.abs(plain.params.alpha_D - 0.095)).toBeLessThan(0.003);
    expect(Math.abs(Math.log(plain.params.D_c / 5.4e13))).toBeLessThan(0.4);
    const withE = fitLaw('kaplan-d', linePoints((D) => 1.8 + (1e9 / D) ** 0.25, logspace(1e6, 1e11, 12), 0.005, seed, 'D'), { bootstrap: 0, irreducible: true });
    expect(rel(withE.params.E, 1.8)).toBeLessThan(0.02);
    expect(rel(withE.params.alpha_D, 0.25)).toBeLessThan(0.03);
    expect(rel(withE.params.D_c, 1e9)).toBeLessThan(0.1);
  });

  it.each([1, 2, 3])('kaplan-nd, Kaplan Table 2 values, and +E (seed %i)', (seed) => {
    const f = fitLaw('kaplan-nd', gridPoints((N, D) => ((6.4e13 / N) ** (0.076 / 0.103) + 1.8e13 / D) ** 0.103, logspace(1e5, 1e9, 6), logspace(1e7, 1e11, 6), 0.005, seed), { bootstrap: 0 });
    expect(Math.abs(f.params.alpha_N - 0.076)).toBeLessThan(0.002);
    expect(Math.abs(f.params.alpha_D - 0.103)).toBeLessThan(0.002);
    expect(Math.abs(Math.log(f.params.N_c / 6.4e13))).toBeLessThan(0.3);
    expect(Math.abs(Math.log(f.params.D_c / 1.8e13))).toBeLessThan(0.3);
    const e = fitLaw('kaplan-nd', gridPoints((N, D) => 1 + ((1e8 / N) ** (0.3 / 0.25) + 1e9 / D) ** 0.25, logspace(1e5, 1e9, 7), logspace(1e7, 1e11, 7), 0.005, seed), { bootstrap: 0, irreducible: true });
    expect(rel(e.params.E, 1)).toBeLessThan(0.01);
    expect(rel(e.params.alpha_N, 0.3)).toBeLessThan(0.02);
    expect(rel(e.params.alpha_D, 0.25)).toBeLessThan(0.02);
    expect(rel(e.params.N_c, 1e8)).toBeLessThan(0.05);
    expect(rel(e.params.D_c, 1e9)).toBeLessThan(0.1);
  });

  it('kaplan-c on training curves finds alpha_C = alpha_N·alpha_D/(alpha_N + alpha_D)', () => {
    // Minimising eq. 1.5 over N at C = 6ND gives exactly that exponent for the envelope.
    const pts = [];
    for (const N of logspace(1e5, 1e9, 17)) for (const D of logspace(N / 10, 1000 * N, 40)) pts.push({ N, D, loss: ((6.4e13 / N) ** (0.076 / 0.103) + 1.8e13 / D) ** 0.103, run: `n${N}` });
    const f = fitLaw('kaplan-c', pts, { bootstrap: 0 });
    expect(f.params.alpha_C).toBeCloseTo((0.076 * 0.103) / (0.076 + 0.103), 3);
  });

  it('kaplan-c on final points uses their Pareto frontier', () => {
    const pts = logspace(1e15, 1e20, 8).map((C, i) => ({ N: 1e5 * (i + 1), D: C / 6 / (1e5 * (i + 1)), loss: (3e8 * 8.64e19 / C) ** 0.05 }));
    pts.push({ N: 5e4, D: 1e13, loss: 10 }); // C = 3e18 but a higher loss than smaller C: not on the frontier
    const f = fitLaw('kaplan-c', pts, { bootstrap: 0 });
    expect(f.params.alpha_C).toBeCloseTo(0.05, 6);
    expect(f.residuals).toHaveLength(8);
  });

  it('gives CIs that contain the estimate and hold-out errors, and ignores row order', () => {
    const pts = linePoints((N) => 1.5 + (1e7 / N) ** 0.3, logspace(1e4, 1e9, 12), 0.005, 4, 'N');
    const a = fitLaw('kaplan-n', pts, { bootstrap: 100, seed: 1, irreducible: true, holdout: true });
    const b = fitLaw('kaplan-n', shuffle(pts, 3), { bootstrap: 100, seed: 1, irreducible: true, holdout: true });
    expect(b.params).toEqual(a.params);
    expect(b.ci).toEqual(a.ci);
    for (const k of Object.keys(a.params)) {
      expect(a.ci[k][0]).toBeLessThanOrEqual(a.params[k]);
      expect(a.ci[k][1]).toBeGreaterThanOrEqual(a.params[k]);
    }
    expect(a.holdout?.axis).toBe('N');
    expect(a.holdout?.relError as number).toBeLessThan(0.02);
  });
});
