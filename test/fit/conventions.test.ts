/** Two conventions for N and C: the points mapped to total N and counted FLOPs, and each exponent's shift. */
import { describe, expect, it } from 'vitest';
import { conventionShifts, toTotalConvention } from '../../src/fit/conventions.ts';
import { fitLaw } from '../../src/fit/index.ts';
import type { FitPoint, FitResult } from '../../src/fit/types.ts';

describe('the alternative convention', () => {
  it('takes N from total parameters and C from counted FLOPs, each budget at its runs\' geometric mean', () => {
    const points: FitPoint[] = [
      { N: 1000, D: 1e6, loss: 2.5, C: 6e9, budget: 6e9, run: 'a' },
      { N: 2000, D: 5e5, loss: 2.4, C: 6e9, budget: 6e9, run: 'b' },
      { N: 3000, D: 1e6, loss: 2.3, run: 'c' },
      { N: 4000, D: 1e6, loss: 2.2, run: 'unknown' },
    ];
    const counts = new Map([
      ['a', { nParams: 9000, flops: 1.6e10 }],
      ['b', { nParams: 10000, flops: 1e10 }],
      ['c', { nParams: 11000, flops: 2.4e10 }],
    ]);
    const out = toTotalConvention(points, counts);
    expect(out.map((p) => p.N)).toEqual([9000, 10000, 11000]);
    expect(out.map((p) => p.C)).toEqual([1.6e10, 1e10, 2.4e10]);
    expect(out[0].budget).toBeCloseTo(Math.sqrt(1.6e10 * 1e10), -3);
    expect(out[1].budget).toBe(out[0].budget);
    expect(out[2].budget).toBeUndefined();
  });

  it('a constant embedding count added to N moves kaplan-n\'s exponent, and the shift says how far', () => {
    // L = (N_c / N)^0.1 in non-embedding N; the same losses against N + 20k total parameters
    // follow a flatter curve at small N, so the refitted exponent is larger.
    const sizes = [2e3, 4e3, 8e3, 16e3, 32e3, 64e3];
    const points = sizes.map((n, i) => ({ N: n, D: 1e7, loss: (1e9 / n) ** 0.1, run: `r${i}` }));
    const counts = new Map(sizes.map((n, i) => [`r${i}`, { nParams: n + 20_000, flops: 6 * n * 1e7 }]));
    const main = fitLaw('kaplan-n', points, { bootstrap: 0 });
    const alt = fitLaw('kaplan-n', toTotalConvention(points, counts), { bootstrap: 0 });
    const [shift] = conventionShifts([main], [alt]);
    expect(shift).toMatchObject({ label: 'kaplan-n', param: 'alpha_N' });
    expect(shift.main).toBeCloseTo(0.1, 4);
    expect(shift.alternative).toBeGreaterThan(0.15);
  });

  it('pairs exponents by the fit\'s label, derived ones included, and skips laws fitted only once', () => {
    const main: Pick<FitResult, 'label' | 'params' | 'derived'>[] = [
      { label: 'chinchilla-3', params: { E: 1, A: 2, alpha: 0.3, beta: 0.4 }, derived: { values: { a: 0.57, b: 0.43 }, ci: {} } },
      { label: 'kaplan-n+E', params: { E: 1, N_c: 3, alpha_N: 0.2 } },
    ];
    const alt: Pick<FitResult, 'label' | 'params' | 'derived'>[] = [{ label: 'chinchilla-3', params: { E: 1.1, A: 5, alpha: 0.35, beta: 0.4 }, derived: { values: { a: 0.53, b: 0.47 }, ci: {} } }];
    expect(conventionShifts(main, alt).map((s) => `${s.label}:${s.param}:${s.alternative}`)).toEqual(['chinchilla-3:alpha:0.35', 'chinchilla-3:beta:0.4', 'chinchilla-3:a:0.53', 'chinchilla-3:b:0.47']);
  });
});
