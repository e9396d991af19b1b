/** A sweep that trains in seconds: used by the tests and to check an install. */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'smoke',
  description: 'Two tiny GPTs on Brown (char-level), 256 steps each.',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 16, tiedEmbedding: true },
  design: { kind: 'grid', n: [2_000, 8_000], d: [65_536] },
  train: { batchSize: 8, contextLength: 32, learningRate: 3e-3, evalTokens: 2_048, evalPoints: 4 },
  seeds: [0],
});
