import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/index.ts';
import { FULL_GRID, gridStarts } from '../../src/fit/laws/chinchilla3.ts';
import { gridPoints, HOFFMANN, logspace, lossC3, shuffle, type ChinchillaTruth } from './synth.ts';

const SETS: { name: string; truth: ChinchillaTruth; Ns: [number, number]; Ds: [number, number] }[] = [
  { name: 'Hoffmann 2022', truth: HOFFMANN, Ns: [7e7, 1.6e10], Ds: [5e9, 5e11] },
  { name: 'Besiroglu 2024', truth: { E: 1.82, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366 }, Ns: [7e7, 1.6e10], Ds: [5e9, 5e11] },
  { name: 'toy scale', truth: { E: 1.2, A: 30, B: 150, alpha: 0.4, beta: 0.3 }, Ns: [1e4, 1e7], Ds: [1e6, 1e9] },
];

const draw = (s: (typeof SETS)[number], n: number, sigma: number, seed: number) =>
  gridPoints((N, D) => lossC3(s.truth, N, D), logspace(s.Ns[0], s.Ns[1], n), logspace(s.Ds[0], s.Ds[1], n), sigma, seed);

describe('chinchilla-3', () => {
  it('uses the paper grid of 4,500 starts', () => {
    const starts = gridStarts(FULL_GRID);
    expect(starts).toHaveLength(4500);
    expect(new Set(starts.map((s) => s.join(','))).size).toBe(4500);
  });

  it.each(SETS)('recovers every parameter of $name (144 points, 0.5% noise)', (s) => {
    for (const seed of [1, 2]) {
      const fit = fitLaw('chinchilla-3', draw(s, 12, 0.005, seed), { bootstrap: 0, grid: 'coarse' });
      const p = fit.params;
      expect(Math.abs(p.E / s.truth.E - 1)).toBeLessThan(0.03);
      expect(Math.abs(p.alpha / s.truth.alpha - 1)).toBeLessThan(0.08);
      expect(Math.abs(p.beta / s.truth.beta - 1)).toBeLessThan(0.1);
      // A and B trade off against the exponents, so they are only pinned to within tens of %.
      expect(Math.abs(Math.log(p.A / s.truth.A))).toBeLessThan(0.3);
      expect(Math.abs(Math.log(p.B / s.truth.B))).toBeLessThan(0.5);
      expect(fit.stats.rmseLog).toBeLessThan(0.007);
    }
  });

  it('the full grid finds an optimum at least as good as the coarse one, with the same parameters', () => {
    const pts = draw(SETS[0], 10, 0.01, 3);
    const full = fitLaw('chinchilla-3', pts, { bootstrap: 0 });
    const coarse = fitLaw('chinchilla-3', pts, { bootstrap: 0, grid: 'coarse' });
    expect(full.stats.starts).toBe(4500);
    expect(full.stats.objective).toBeLessThanOrEqual(coarse.stats.objective * (1 + 1e-9));
    for (const k of Object.keys(full.params)) expect(full.params[k]).toBeCloseTo(coarse.params[k], 3);
  });

  it('95% bootstrap CIs cover the truth in at least 90% of repeated draws', () => {
    // 2 parameter sets × 20 draws × 100 resamples of a 8×8 grid with 1.5% noise.
    const coverage: Record<string, number> = {};
    let draws = 0;
    for (const s of [SETS[0], SETS[2]]) {
      for (let r = 0; r < 20; r++) {
        const fit = fitLaw('chinchilla-3', draw(s, 8, 0.015, 100 + r), { bootstrap: 100, seed: r, grid: 'coarse' });
        draws++;
        for (const [k, v] of Object.entries(s.truth)) {
          const [lo, hi] = fit.ci[k];
          if (lo <= v && v <= hi) coverage[k] = (coverage[k] ?? 0) + 1;
        }
      }
    }
    for (const k of Object.keys(SETS[0].truth)) expect(coverage[k] / draws, `coverage of ${k}`).toBeGreaterThanOrEqual(0.9);
  });

  it('does not depend on the order of the rows', () => {
    const pts = draw(SETS[2], 6, 0.01, 4);
    const a = fitLaw('chinchilla-3', pts, { bootstrap: 30, seed: 5, grid: 'coarse' });
    const b = fitLaw('chinchilla-3', shuffle(pts, 9), { bootstrap: 30, seed: 5, grid: 'coarse' });
    expect(b.params).toEqual(a.params);
    expect(b.ci).toEqual(a.ci);
  });

  it('extrapolates to the held-out largest N within 1%', () => {
    const fit = fitLaw('chinchilla-3', draw(SETS[2], 8, 0.005, 6), { bootstrap: 0, grid: 'coarse', holdout: true });
    const h = fit.holdout;
    expect(h?.axis).toBe('N');
    expect(h?.heldOutPoints).toBe(8);
    expect(h?.relError).not.toBeNull();
    expect(h?.relError as number).toBeLessThan(0.01);
  });

  it('is robust to a few diverged runs (Huber loss)', () => {
    const pts = draw(SETS[2], 8, 0.005, 8);
    pts[5].loss *= 1.5;
    pts[40].loss *= 2;
    const fit = fitLaw('chinchilla-3', pts, { bootstrap: 0, grid: 'coarse' });
    expect(Math.abs(fit.params.alpha / 0.4 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.E / 1.2 - 1)).toBeLessThan(0.05);
  });
});
