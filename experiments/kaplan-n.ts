/**
 * Kaplan et al. (2020), figure 1 right / eq. 1.1: held-out loss against model size N (non-embedding
 * parameters) when data is not the bottleneck, L(N) = (N_c / N)^α_N; the paper reports α_N ≈ 0.076
 * for GPT-2-style models on WebText2. Here: ten GPTs from 3k to 230k non-embedding parameters on
 * the Brown corpus (character level), each trained on the same D = 1.5M tokens (about 0.26 of an epoch,
 * so no token is seen twice). Ten sizes let `toyscale fit` also try a broken power law (bnsl-1).
 *
 * What it measures on a small CPU: a real but short-range α_N. Tiny models are far from Kaplan's
 * regime (embeddings dominate their FLOPs), so do not expect the published value, and expect a
 * bend at the small end.
 *
 * Cost: about 13 min with 2 wasm workers on a 2-core laptop CPU (`toyscale sweep
 * experiments/kaplan-n.ts --dry-run` measures it on yours). On a GPU (tensorflow-gpu backend):
 * extend n upwards by factors of ~2.5 (500k, 1.2M, 3M, 8M) and raise d to 20M–100M tokens so the
 * largest model is near convergence; use `task: { kind: 'nanogpt-bin', ... }` or a larger text
 * file for more than Brown's ~6M characters, and raise contextLength to 256.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'kaplan-n',
  description: 'L(N) at fixed, ample D: ten GPT sizes 3k–230k on Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  // headDim 8: d_model moves in steps of 8, fine enough for ten distinct small sizes.
  family: { kind: 'gpt', aspectRatio: 32, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [3_300, 7_200, 12_800, 19_800, 28_000, 38_000, 56_000, 100_000, 156_000, 234_000], d: [1_500_000] },
  train: { batchSize: 16, contextLength: 64, evalTokens: 16_384, evalPoints: 8 },
  // The learning rate per size: a 5-point grid at 4 of the sizes on 0.5M tokens each, and the
  // lr(N) power law through the 4 optima for all ten (kaplan-n-untuned: 3e-3 for every size).
  tune: { learningRates: { min: 2e-3, max: 4e-2, points: 5 }, tokens: 500_000, sizes: [3_300, 12_800, 56_000, 234_000] },
  seeds: [0, 1, 2],
});
