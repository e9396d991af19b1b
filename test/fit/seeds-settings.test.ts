/** Several seeds per point and several hyperparameter settings per point: what the fit uses. */
import { describe, expect, it } from 'vitest';
import { bestSettingPerPoint } from '../../src/fit/best-setting.ts';
import { drawResamples } from '../../src/fit/bootstrap.ts';
import { fitLaw } from '../../src/fit/index.ts';
import { prepareFit } from '../../src/fit/fit-law.ts';
import { mulberry32 } from '../../src/fit/rng.ts';
import type { FitPoint } from '../../src/fit/types.ts';

const sizes = [1e4, 3e4, 1e5, 3e5, 1e6];
/** L(N) = (N_c/N)^α with α = 0.1, N_c = 1e13: the known answer. */
const law = (N: number) => (1e13 / N) ** 0.1;

describe('bestSettingPerPoint', () => {
  it('keeps, per point, every seed of the setting with the lowest mean loss', () => {
    const rows = [
      { point: 'a', setting: 'lr=1', loss: 3.0 },
      { point: 'a', setting: 'lr=1', loss: 3.4 }, // mean 3.2
      { point: 'a', setting: 'lr=2', loss: 3.1 },
      { point: 'a', setting: 'lr=2', loss: 3.2 }, // mean 3.15: best, though lr=1 has the single lowest run
      { point: 'b', setting: 'lr=1', loss: 2.0 },
    ];
    const { kept, choices } = bestSettingPerPoint(rows, (r) => r);
    expect(kept).toEqual([rows[2], rows[3], rows[4]]);
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ point: 'a', setting: 'lr=2', settings: 2 });
    expect(choices[0].meanLoss).toBeCloseTo(3.15, 12);
  });
});

describe('bootstrap with seeds', () => {
  const seeds = (k: number): FitPoint[] => sizes.flatMap((N, i) => Array.from({ length: k }, (_, s) => ({ N, D: 1e6, loss: law(N) * (1 + 0.01 * Math.sin(3 * i + 7 * s + 1)) })));

  it('one point per (N, D): the plain resampler, draws unchanged', () => {
    const { impl, pts } = prepareFit('kaplan-n', seeds(1), {});
    const draws = drawResamples(impl, pts, 3, mulberry32(0));
    const rng = mulberry32(0);
    const plain = Array.from({ length: 3 }, () => pts.map(() => pts[Math.floor(rng() * pts.length)]));
    expect(draws).toEqual(plain);
  });

  it('replicates: whole points are drawn, then seeds within each drawn point', () => {
    const { impl, pts } = prepareFit('kaplan-n', seeds(3), {});
    for (const sample of drawResamples(impl, pts, 50, mulberry32(1))) {
      expect(sample).toHaveLength(15);
      // Consecutive triples share their N: each is one drawn point's seeds.
      for (let i = 0; i < 15; i += 3) expect(new Set(sample.slice(i, i + 3).map((p) => p.N)).size).toBe(1);
    }
  });

  it('fits every seed and recovers the known exponent; the interval covers it', () => {
    const r = fitLaw('kaplan-n', seeds(3), { bootstrap: 400, seed: 0 });
    expect(r.stats.points).toBe(15);
    expect(r.params.alpha_N).toBeCloseTo(0.1, 2);
    expect(r.ci.alpha_N[0]).toBeLessThan(0.1);
    expect(r.ci.alpha_N[1]).toBeGreaterThan(0.1);
  });
});
