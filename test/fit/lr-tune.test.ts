import { describe, expect, it } from 'vitest';
import { learningRateFor, tuneLearningRates, TuneError, type TunePoint } from '../../src/fit/lr-tune.ts';
import { learningRateGrid } from '../../src/plan/plan.ts';

const grid = learningRateGrid({ min: 1e-3, max: 3e-2, points: 7 });
/** Loss a parabola in log LR with its minimum at lrStar (the known answer). */
const loss = (lr: number, lrStar: number, floor: number) => floor + 0.05 * Math.log(lr / lrStar) ** 2;
const truth = (n: number) => 0.1 * n ** -0.25;

function points(sizes: number[], seeds = 1, d = 5e5, lrStar = truth): TunePoint[] {
  return sizes.flatMap((n) => grid.flatMap((lr) => Array.from({ length: seeds }, (_, s) => ({ n, d, learningRate: lr, loss: loss(lr, lrStar(n), 2 - 0.1 * Math.log10(n)) + s * 1e-3 }))));
}

describe('tuneLearningRates', () => {
  it('recovers each size’s optimum and the lr(N) power law from exact parabolas', () => {
    const sizes = [3_000, 10_000, 30_000, 100_000];
    const tuned = tuneLearningRates(points(sizes, 3));
    for (const s of tuned.sizes) {
      expect(s.method).toBe('vertex');
      expect(s.learningRate).toBeCloseTo(truth(s.n), 10);
      expect(s.losses.every((l) => l.runs === 3)).toBe(true);
    }
    expect(tuned.law?.exponent).toBeCloseTo(-0.25, 10);
    expect(tuned.law?.c).toBeCloseTo(0.1, 8);
    expect(learningRateFor(tuned, 50_000, 'power-law')).toBeCloseTo(truth(50_000), 10);
    expect(learningRateFor(tuned, 10_000, 'per-size')).toBeCloseTo(truth(10_000), 10);
    expect(tuned.warnings).toEqual([]);
  });

  it('flags a minimum at the grid’s end, keeps the end value, and clamps the law to the grid', () => {
    const pts = points([1_000]).map((p) => ({ ...p, loss: loss(p.learningRate, 0.2, 1) }));
    const tuned = tuneLearningRates([...pts, ...points([30_000, 100_000])]);
    const edge = tuned.sizes[0];
    expect(edge.method).toBe('edge');
    expect(edge.learningRate).toBe(grid[grid.length - 1]);
    expect(tuned.warnings.join()).toMatch(/high end of the tune grid/);
    expect(tuned.law?.sizes).toEqual([30_000, 100_000]);
    expect(learningRateFor(tuned, 1, 'power-law')).toBe(grid[grid.length - 1]);
  });

  it('never picks a learning rate where a seed diverged', () => {
    const pts = points([10_000, 30_000], 2);
    const diverged = pts.map((p, i) => (p.n === 10_000 && Math.abs(p.learningRate - grid[4]) < 1e-12 && i % 2 === 0 ? { ...p, loss: null } : p));
    const tuned = tuneLearningRates(diverged);
    const s = tuned.sizes[0];
    expect(s.losses[4].loss).toBeNull();
    expect(s.gridBest).not.toBe(grid[4]);
  });

  it('refuses a size where every learning rate failed', () => {
    expect(() => tuneLearningRates(grid.map((lr) => ({ n: 5, d: 1e5, learningRate: lr, loss: null })))).toThrow(TuneError);
  });

  it('at several horizons, recovers lr(N, D) = c·N^k_N·D^k_D and gives each main run the LR of its own D', () => {
    // The best LR falls with the horizon: lr* = 0.1·N^-0.25·(D / 1e6)^-0.2.
    const truthND = (d: number) => (n: number) => truth(n) * (d / 1e6) ** -0.2;
    const sizes = [3_000, 10_000, 30_000];
    const tuned = tuneLearningRates([2.5e5, 1e6, 4e6].flatMap((d) => points(sizes, 2, d, truthND(d))));
    expect(tuned.sizes).toHaveLength(9);
    expect(tuned.law?.exponent).toBeCloseTo(-0.25, 8);
    expect(tuned.law?.dExponent).toBeCloseTo(-0.2, 8);
    for (const d of [5e5, 2e6]) expect(learningRateFor(tuned, 20_000, 'power-law', d)).toBeCloseTo(truthND(d)(20_000), 10);
    // per-size: the size's own LR at its nearest horizon, carried to D by k_D.
    expect(learningRateFor(tuned, 10_000, 'per-size', 2e6)).toBeCloseTo(truthND(2e6)(10_000), 10);
    // One horizon: no k_D, the same law as before.
    expect(tuneLearningRates(points(sizes)).law?.dExponent).toBeUndefined();
  });
});
