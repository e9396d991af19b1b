import { describe, expect, it } from 'vitest';
import { computeOptimal, computeOptimalCI, FitInputError, inferenceThroughput, PUBLISHED, publishedValue } from '../../src/fit/index.ts';
import { HOFFMANN } from './synth.ts';

const hoffmann = HOFFMANN;
const loss = (p: typeof hoffmann, N: number, D: number) => p.E + p.A / N ** p.alpha + p.B / D ** p.beta;

describe('compute-optimal allocation', () => {
  it.each([1e18, 5.76e23, 1e26])('closed form equals a brute-force search along C = 6ND (C = %s)', (C) => {
    const opt = computeOptimal(hoffmann, C);
    let best = { N: 0, L: Infinity };
    for (let lnN = 10; lnN < 40; lnN += 1e-4) {
      const N = Math.exp(lnN);
      const L = loss(hoffmann, N, C / (6 * N));
      if (L < best.L) best = { N, L };
    }
    expect(Math.abs(Math.log(opt.N_opt / best.N))).toBeLessThan(1e-3);
    expect(opt.loss as number).toBeCloseTo(best.L, 8);
    expect(6 * opt.N_opt * opt.D_opt).toBeCloseTo(C, -Math.log10(C) + 6);
    expect(opt.tokensPerParam).toBeCloseTo(opt.D_opt / opt.N_opt, 10);
    expect(opt.method).toBe('closed-form');
  });

  it('uses N_opt = k_N·C^a for approach 1/2 parameters, without a loss', () => {
    const opt = computeOptimal({ a: 0.5, b: 0.5, k_N: 0.1, k_D: 1.6 }, 1e20);
    expect(opt.N_opt).toBeCloseTo(1e9, 0);
    expect(opt.D_opt).toBeCloseTo(1.6e10, -1);
    expect(opt.loss).toBeNull();
  });

  it('rejects budgets and parameters it cannot use', () => {
    expect(() => computeOptimal(hoffmann, -1)).toThrow(FitInputError);
    expect(() => computeOptimal({ x: 1 }, 1e20)).toThrow(/parameters need/);
    expect(() => computeOptimal({ ...hoffmann, alpha: -0.1 }, 1e20)).toThrow(/positive/);
  });

  it('turns bootstrap draws into an interval that contains the point estimate', () => {
    const names = ['E', 'A', 'B', 'alpha', 'beta'];
    const draws = [0.9, 0.95, 1, 1.05, 1.1].map((s) => [1.69, 406.4 * s, 410.7, 0.34, 0.28]);
    const ci = computeOptimalCI(names, draws, 1e22);
    const opt = computeOptimal(hoffmann, 1e22);
    expect(ci?.N_opt[0]).toBeLessThan(opt.N_opt);
    expect(ci?.N_opt[1]).toBeGreaterThan(opt.N_opt);
    expect(computeOptimalCI(names, undefined, 1e22)).toBeNull();
  });
});

describe('training vs inference arithmetic', () => {
  it('matches the essay: p = 1e14, m = 20, one year gives about 2e8 tokens/s', () => {
    const year = 365.25 * 86400;
    const r = inferenceThroughput(1e14, 20 * 1e14, year);
    expect(r.m).toBe(20);
    expect(r.tokensPerSecond).toBeCloseTo((3 * 20 * 1e14) / year, 0);
    expect(r.tokensPerSecond).toBeGreaterThan(1.8e8);
    expect(r.tokensPerSecond).toBeLessThan(2.0e8);
    // Same FLOP/s: the training rate divided by 2N FLOPs per generated token.
    expect(r.tokensPerSecond).toBeCloseTo(r.flopsPerSecond / r.flopsPerToken, 0);
  });
});

describe('published values', () => {
  it('are the papers’ figures', () => {
    expect(publishedValue('kaplan', 'kaplan-n', 'alpha_N')).toBe(0.076);
    expect(publishedValue('kaplan', 'kaplan-d', 'alpha_D')).toBe(0.095);
    expect(publishedValue('kaplan', 'kaplan-c', 'alpha_C')).toBe(0.05);
    expect(publishedValue('kaplan', 'kaplan-n', 'N_c')).toBe(8.8e13);
    expect(publishedValue('kaplan', 'kaplan-d', 'D_c')).toBe(5.4e13);
    expect(PUBLISHED.hoffmann.laws['chinchilla-3']).toMatchObject(hoffmann);
    expect(publishedValue('hoffmann', 'chinchilla-1', 'a')).toBe(0.5);
    expect(publishedValue('hoffmann', 'chinchilla-2', 'b')).toBe(0.51);
    expect(publishedValue('hoffmann', 'chinchilla-3', 'a')).toBe(0.46);
    expect(PUBLISHED.besiroglu.laws['chinchilla-3']).toMatchObject({ E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 });
    expect(publishedValue('besiroglu', 'kaplan-n', 'alpha_N')).toBeUndefined();
  });
});
