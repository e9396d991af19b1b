/**
 * The default experiment (`npm run sweep`): a Kaplan-style model-size sweep on the Brown corpus,
 * character level, every model trained on the same number of tokens. Sized to finish in a few
 * minutes on a 2-core CPU with the wasm backend; on a GPU, raise `d` and add larger `n`.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'default',
  description: 'Loss vs non-embedding parameters N at fixed D, GPT on Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 16, tiedEmbedding: true },
  design: { kind: 'grid', n: [4_000, 12_000, 36_000, 100_000], d: [1_500_000] },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
