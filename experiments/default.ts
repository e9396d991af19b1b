/**
 * The default experiment (`npm run sweep`): a Kaplan-style model-size sweep on the Brown corpus,
 * character level, every model trained on the same number of tokens. L(N) = (N_c / N)^α_N with
 * Kaplan et al. (2020)'s α_N ≈ 0.076 beside it.
 *
 * Designed to determine α_N in a few minutes on a 2-core CPU (wasm backend):
 * - one shape family: every model has 2 layers and width alone follows N, so α_N measures size,
 *   not a switch between depths (family.nLayer);
 * - six distinct sizes over 1.2 decades (6.6k–100k non-embedding parameters): 4 degrees of
 *   freedom for kaplan-n's 2 parameters (seeds would add none);
 * - D = 2.5M tokens for every size: 2,441 optimizer steps, well off the unigram plateau, under half
 *   an epoch of Brown, and 25 tokens per parameter at the largest size, so the largest model is not
 *   starved of data (at 13 it bent below the line and the law no longer beat the naive predictor).
 *
 * `toyscale sweep experiments/default.ts --dry-run` prints the design checks and the estimated
 * time on your machine. On a GPU, raise n by factors of ~2 up to a few million and D to 20M–100M.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'default',
  description: 'L(N) at fixed D = 2.5M: six 2-layer GPTs, 6.6k–100k non-embedding parameters, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 2, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [6_600, 14_500, 25_500, 39_500, 56_600, 100_000], d: [2_500_000] },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
