/** Muennighoff et al. (2023)'s data-constrained law: effective data, and a fit that recovers a known R_D. */
import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/index.ts';
import { effectiveData, predictDataConstrained } from '../../src/fit/laws/data-constrained.ts';
import type { FitPoint } from '../../src/fit/types.ts';

describe('effective data', () => {
  it('is D itself up to one epoch, nearly D for a few epochs, and at most U·(1 + R_D)', () => {
    const U = 1e6;
    expect(effectiveData(5e5, U, 15.4)).toBe(5e5);
    expect(effectiveData(U, U, 15.4)).toBe(U);
    expect(effectiveData(4 * U, U, 15.4) / (4 * U)).toBeGreaterThan(0.9); // 4 epochs: almost as good as fresh
    expect(effectiveData(1000 * U, U, 15.4) / U).toBeCloseTo(16.4, 9); // 1 + R_D: more epochs add nothing
  });
});

describe('the data-constrained fit', () => {
  // Known law; U unique tokens per run, some runs repeating them up to 64 times.
  const truth = { E: 1.8, A: 400, B: 2000, alpha: 0.35, beta: 0.37, R_D: 12 };
  const points = (): FitPoint[] => {
    const out: FitPoint[] = [];
    for (const N of [1e6, 3e6, 1e7, 3e7]) {
      for (const [D, U] of [[2e8, 1e9], [1e9, 1e9], [4e9, 1e9], [1.6e10, 1e9], [6.4e10, 1e9], [2e9, 2e9]]) {
        out.push({ N, D, U, loss: predictDataConstrained(truth, N, D, U) });
      }
    }
    return out;
  };

  it('recovers R_D and the exponents from exact losses', () => {
    const r = fitLaw('data-constrained', points(), { bootstrap: 0, grid: 'coarse' });
    expect(r.params.R_D).toBeGreaterThan(11);
    expect(r.params.R_D).toBeLessThan(13);
    expect(r.params.alpha).toBeCloseTo(0.35, 2);
    expect(r.params.beta).toBeCloseTo(0.37, 2);
    expect(r.stats.rmseLog).toBeLessThan(1e-3);
  });

  it('its bootstrap interval holds the true R_D on losses with 1% noise', () => {
    let seed = 7;
    const noise = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 0.02;
    };
    const noisy = points().map((p) => ({ ...p, loss: p.loss * (1 + noise()) }));
    const r = fitLaw('data-constrained', noisy, { bootstrap: 40, grid: 'coarse', seed: 1 });
    const [lo, hi] = r.ci.R_D;
    expect(lo).toBeLessThan(truth.R_D);
    expect(hi).toBeGreaterThan(truth.R_D);
    expect(r.bootstrapSamples?.[0]).toHaveLength(6);
  });

  it('refuses points without repeated data at two or more repetition counts, or without U', () => {
    const fresh = points().filter((p) => p.D <= (p.U as number));
    expect(() => fitLaw('data-constrained', fresh, { bootstrap: 0, grid: 'coarse' })).toThrow(/repeat data at 2 or more repetition counts, got 0/);
    expect(() => fitLaw('data-constrained', points().map(({ U: _u, ...p }) => p), { bootstrap: 0, grid: 'coarse' })).toThrow(/unique tokens U/);
  });
});
