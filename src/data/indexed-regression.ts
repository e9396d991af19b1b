/**
 * RegressionData over examples that are a pure function of their index (teacher–student, sparse
 * parity): train batches draw indices uniformly from [0, trainExamples), held-out batches read the
 * next heldOutExamples in order, so the split is by index and no example is ever stored.
 */
import { DataError } from './errors.ts';
import type { RegressionBatch, RegressionData, Rng } from './types.ts';

export interface IndexedExamples {
  name: string;
  inputDim: number;
  trainExamples: number;
  heldOutExamples: number;
  noiseFloor: number;
  /** Writes example `index` into x[row·inputDim ..] and y[row]. */
  writeExample(index: number, x: Float32Array, y: Float32Array, row: number): void;
}

export function indexedRegressionData(e: IndexedExamples): RegressionData {
  const { name, inputDim, trainExamples, heldOutExamples } = e;
  const batchOf = (count: number, index: (row: number) => number): RegressionBatch => {
    const x = new Float32Array(count * inputDim);
    const y = new Float32Array(count);
    for (let row = 0; row < count; row++) e.writeExample(index(row), x, y, row);
    return { x, y };
  };
  const checkBatch = (batch: number) => {
    if (!Number.isInteger(batch) || batch < 1) throw new DataError(`${name}: batch must be a positive integer (got ${batch})`);
  };
  return {
    kind: 'regression',
    name,
    inputDim,
    outputDim: 1,
    trainExamples,
    heldOutExamples,
    noiseFloor: e.noiseFloor,
    trainBatch(rng: Rng, batch: number): RegressionBatch {
      checkBatch(batch);
      return batchOf(batch, () => Math.floor(rng() * trainExamples));
    },
    heldOutBatches(batch: number, maxExamples: number): RegressionBatch[] {
      checkBatch(batch);
      const available = Math.min(heldOutExamples, maxExamples);
      const nBatches = Math.floor(available / batch);
      if (nBatches < 1) {
        throw new DataError(`${name}: held-out has ${available} examples (of ${heldOutExamples}, max ${maxExamples}), fewer than one batch of ${batch}`);
      }
      return Array.from({ length: nBatches }, (_, k) => batchOf(batch, (row) => trainExamples + k * batch + row));
    },
  };
}
