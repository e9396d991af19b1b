/**
 * Random data for throughput runs, the same kind torch_peer.py draws: uniform tokens, Gaussian
 * regression pairs. Drawn once into a pool and served as random windows, so drawing a batch costs
 * a copy (drawing every value afresh took 7% of an MLP step).
 */
import seedrandom from 'seedrandom';
import type { RegressionData, SequenceData } from '../src/data/types.ts';

const POOL = 1 << 20;

export function randomTokens(vocabSize: number): SequenceData {
  const rng = seedrandom('bench-data');
  const pool = Int32Array.from({ length: POOL }, () => Math.floor(rng() * vocabSize));
  const window = (rng: () => number, n: number) => {
    const start = Math.floor(rng() * (POOL - n));
    return pool.slice(start, start + n);
  };
  return {
    kind: 'sequence',
    name: 'random-tokens',
    vocabSize,
    trainTokens: POOL,
    heldOutTokens: POOL,
    unigramEntropy: Math.log(vocabSize),
    trainBatch: (rng, batch, context) => ({ x: window(rng, batch * context), y: window(rng, batch * context) }),
    heldOutBatches: (batch, context) => [{ x: pool.slice(0, batch * context), y: pool.slice(1, 1 + batch * context) }],
  };
}

export function randomRegression(inputDim: number, outputDim: number): RegressionData {
  const rng = seedrandom('bench-data');
  const pool = Float32Array.from({ length: POOL }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
  const window = (rng: () => number, n: number) => {
    const start = Math.floor(rng() * (POOL - n));
    return pool.slice(start, start + n);
  };
  return {
    kind: 'regression',
    name: 'random-regression',
    inputDim,
    outputDim,
    trainExamples: POOL,
    heldOutExamples: POOL,
    trainBatch: (rng, batch) => ({ x: window(rng, batch * inputDim), y: window(rng, batch * outputDim) }),
    heldOutBatches: (batch) => [{ x: pool.slice(0, batch * inputDim), y: pool.slice(0, batch * outputDim) }],
  };
}
