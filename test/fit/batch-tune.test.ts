import { describe, expect, it } from 'vitest';
import { tuneBatchSize } from '../../src/fit/batch-tune.ts';
import { tuneLearningRates, TuneError, type TunePoint } from '../../src/fit/lr-tune.ts';
import { learningRateGrid } from '../../src/plan/plan.ts';

const grid = learningRateGrid({ min: 1e-3, max: 3e-2, points: 5 });
const sizes = [3_000, 30_000];

/** A batch size's tune points: parabolas in log LR with their minimum at lrStar, floor `floor` at each size. */
function points(lrStar: number, floor: number): TunePoint[] {
  return sizes.flatMap((n) => grid.map((lr) => ({ n, d: 5e5, learningRate: lr, loss: floor - 0.01 * Math.log10(n) + 0.05 * Math.log(lr / lrStar) ** 2 })));
}

describe('tuneBatchSize', () => {
  it('chooses the batch size with the lowest mean best loss, and keeps its own learning-rate law', () => {
    const byBatch = [
      { batchSize: 64, points: points(1e-2, 2.1) },
      { batchSize: 16, points: points(3e-3, 2.05) },
      { batchSize: 32, points: points(5e-3, 2.0) },
    ];
    const batch = tuneBatchSize(byBatch);
    expect(batch.chosen).toBe(32);
    expect(batch.candidates.map((c) => c.batchSize)).toEqual([16, 32, 64]);
    // Each score is the mean of its cells' lowest grid loss, computed here from the points.
    for (const c of batch.candidates) {
      const pts = byBatch.find((b) => b.batchSize === c.batchSize)?.points ?? [];
      const lowest = sizes.map((n) => Math.min(...pts.filter((p) => p.n === n).map((p) => p.loss as number)));
      expect(c.meanBestLoss).toBeCloseTo((lowest[0] + lowest[1]) / 2, 12);
    }
    expect(batch.tuned).toEqual(tuneLearningRates(byBatch[2].points));
    expect(batch.warnings).toEqual([]);
  });

  it('flags a choice at either end of the list: the best may lie outside it', () => {
    const batch = tuneBatchSize([
      { batchSize: 8, points: points(3e-3, 2.0) },
      { batchSize: 16, points: points(3e-3, 2.1) },
    ]);
    expect(batch.chosen).toBe(8);
    expect(batch.warnings.join()).toMatch(/batch size 8 is the smallest tuned; the best may lie outside tune.batchSizes/);
  });

  it('leaves out a batch size whose every learning rate diverged, and refuses when none is left', () => {
    const diverged = points(3e-3, 2.0).map((p) => ({ ...p, loss: null }));
    const batch = tuneBatchSize([
      { batchSize: 16, points: points(3e-3, 2.2) },
      { batchSize: 32, points: points(3e-3, 2.3) },
      { batchSize: 64, points: diverged },
    ]);
    expect(batch.chosen).toBe(16);
    expect(batch.candidates[2]).toMatchObject({ batchSize: 64, meanBestLoss: null });
    expect(batch.warnings.join()).toMatch(/batch size 64 left out: N = 3000: every learning rate of the tune grid diverged/);
    expect(() => tuneBatchSize([{ batchSize: 64, points: diverged }])).toThrow(TuneError);
  });
});
