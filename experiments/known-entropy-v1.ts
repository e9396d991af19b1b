/**
 * known-entropy's first design, kept as a baseline: GPTs at aspect ratio 32, so 1- and 2-layer
 * models are mixed in one fit; experiments/known-entropy.ts is the same task at one depth. Its run
 * folders in results/known-entropy-v1 were trained under the sweep name known-entropy (runs.csv `sweep`).
 *
 * A scaling law whose irreducible loss is known exactly. The task is a sparse order-2 Markov chain
 * over 32 tokens: each of the 32² contexts has 4 possible next tokens with Zipf(1.2) weights, so
 * the entropy rate, the lowest held-out loss any model can reach, is H = 1.182 nats/token for every
 * context (src/data/markov.ts; recorded per run as true_entropy_rate in runs.csv). Real text hides
 * its entropy; here the fitted E of L(N) = E + (N_c/N)^α_N (kaplan-n+E) and of Chinchilla's
 * approach 3 can be compared with the truth, which tells how far a fitted E can be trusted.
 * Here: 6 GPT sizes from 3k to 100k non-embedding parameters, each trained on 0.5M, 1.5M, 4.5M
 * and 13.5M tokens of one 16M-token sample of the chain (24 runs, under one epoch each), so the
 * fits that separate E from the N and D terms (Chinchilla approach 3, kaplan-c+E) have both axes
 * to work with: at one D, a fitted E also holds the D term B/D^β. Small models cannot store all
 * 4,096 successor entries, so the loss falls with N towards H. (An order-3 chain, 131k entries,
 * was tried first: no model left the unigram plateau, log 32, within 1.5M tokens.)
 *
 * The tune stage tunes 3 sizes on 0.5M tokens and its lr(N) law sets the other two.
 *
 * Cost: about 13 min per seed with 2 wasm workers on a 2-core laptop CPU (`--dry-run` measures it on
 * yours). On a GPU: vocabSize 256 and order 3 (16.7M contexts, far more than any model stores),
 * sizes 100k–20M, trainTokens and d up to 1B, contextLength 256.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'known-entropy-v1',
  description: 'GPTs 3k–100k × 0.5M–13.5M tokens on an order-2 Markov chain with known entropy rate (E = 1.182 nats/token).',
  task: { kind: 'markov', vocabSize: 32, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234, trainTokens: 16_000_000, heldOutTokens: 100_000 },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [3_300, 7_200, 12_800, 28_000, 56_000], d: [500_000, 1_500_000, 4_500_000, 13_500_000] },
  train: { batchSize: 16, contextLength: 64, evalTokens: 16_384, evalPoints: 8 },
  tune: { learningRates: { min: 2e-3, max: 4e-2, points: 5 }, tokens: 500_000, sizes: [3_300, 12_800, 56_000] },
  seeds: [0, 1, 2],
});
