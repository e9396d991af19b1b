import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import { SparseParity, type SparseParityParams } from '../../src/data/sparse-parity.ts';
import type { RegressionData } from '../../src/data/types.ts';
import { taskSchema } from '../../src/data/task.ts';

const params = taskSchema.parse({ kind: 'sparse-parity', tasks: 50, bits: 20, k: 3 }) as SparseParityParams & { kind: 'sparse-parity' };

describe('multitask sparse parity', () => {
  it('labels are the parity of the subtask bits; the control block is one-hot', () => {
    const source = new SparseParity(params);
    const x = new Float32Array(source.inputDim);
    const y = new Float32Array(1);
    for (let i = 0; i < 200; i++) {
      const task = source.writeExample(i, x, y, 0);
      expect(x.subarray(0, 50).reduce((a, b) => a + b, 0)).toBe(1);
      expect(x[task]).toBe(1);
      const product = Array.from(source.subsets[task]).reduce((p, b) => p * x[50 + b], 1);
      expect(y[0]).toBe(product); // ±1 parity: the product of the ±1 bits
    }
  });

  it('subtasks are drawn with Zipf frequencies', () => {
    const source = new SparseParity(params);
    const x = new Float32Array(source.inputDim);
    const y = new Float32Array(1);
    const counts = new Float64Array(50);
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[source.writeExample(i, x, y, 0)]++;
    for (const t of [0, 1, 4]) expect(Math.abs(counts[t] / n - source.frequencies[t])).toBeLessThan(0.015);
    expect(source.frequencies[0] / source.frequencies[1]).toBeCloseTo(2 ** 1.4, 10);
  });

  it('the quanta loss falls as n^-(zipfExponent-1), the exponent the theory predicts', () => {
    const source = new SparseParity({ ...params, tasks: 100_000 });
    const slope = Math.log(source.lossWithQuantaLearned(1000) / source.lossWithQuantaLearned(100)) / Math.log(10);
    expect(slope).toBeCloseTo(-0.4, 1);
  });

  it('is deterministic, split by index, and has no noise', async () => {
    const a = (await loadDataset(params)) as RegressionData;
    const b = (await loadDataset(params)) as RegressionData;
    expect(a.noiseFloor).toBe(0);
    expect(a.inputDim).toBe(70);
    expect(b.trainBatch(seedrandom('s'), 16)).toEqual(a.trainBatch(seedrandom('s'), 16));
    expect(b.heldOutBatches(16, 64)).toEqual(a.heldOutBatches(16, 64));
  });
});
