/**
 * known-entropy's second design, kept as a baseline: its largest model ends at 1.257 nats, 6% above
 * the entropy rate, a floor of the 1-layer family on a 1,024-context chain (experiments/
 * known-entropy.ts has the design that replaced it: 256 contexts, which these widths can store).
 *
 * A scaling law whose irreducible loss is known exactly. The task is a sparse order-2 Markov chain
 * over 32 tokens: each of the 32² contexts has 4 possible next tokens with Zipf(1.2) weights, so
 * the entropy rate, the lowest held-out loss any model can reach, is H = 1.182 nats/token for every
 * context (src/data/markov.ts; recorded per run as true_entropy_rate in runs.csv). Real text hides
 * its entropy; here the fitted E of Chinchilla's approach 3, L = E + A/N^α + B/D^β, and of
 * L(N) = E + (N_c/N)^α_N (kaplan-n+E) can be compared with the truth, which tells how far a fitted
 * E can be trusted. Small models cannot store all 4,096 successor entries, so the loss falls with
 * N towards H; few tokens leave the entries unseen, so it falls with D.
 *
 * Design (shared/notes/experiment-design.md):
 * - one shape family: 1-layer GPTs whose width alone varies (headDim 8), 5 sizes from 7k to 78k
 *   non-embedding parameters, where the first design (known-entropy-v1) mixed 1- and 2-layer
 *   models. One layer is enough for an order-2 chain (attend to the last two tokens, look the
 *   pair up). Tried first and left out: 2-layer GPTs with headDim 4 from 2.5k, on 0.5M–13.5M
 *   tokens: every run at 0.5M, and the 2.5k model at every D, ended on the unigram plateau
 *   (3.1–3.3 nats against a unigram entropy of 3.46), narrow heads escaping it late;
 * - 4 token counts, 2M to 15M, of one 16M-token sample of the chain (every run under one epoch),
 *   from where a 1-layer model of these widths has left the plateau (known-entropy-v1: all its
 *   0.5M-token runs sat at 3.13–3.26): 20 distinct (N, D) points for approach 3's 5 parameters;
 * - learning rate tuned at two horizons (1M and 4M tokens) for 3 sizes, 2 seeds each, and
 *   lr(N, D) fitted, so a 15M-token run does not train at the rate that was best for 1M;
 * - one seed per design point, which keeps the sweep near 40 min on 2 cores (seeds measure
 *   noise, not degrees of freedom).
 *
 * Cost: about 40 min with 2 wasm workers on a 2-core CPU, most of it the tune stage (`--dry-run`
 * measures it on yours). On a GPU: vocabSize 256 and order 3 (16.7M contexts, far more than any
 * model stores), sizes 100k–20M, trainTokens and d up to 1B, contextLength 256.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'known-entropy-v2',
  description: '1-layer GPTs 7k–78k × 2M–15M tokens on an order-2 Markov chain with known entropy rate (E = 1.182 nats/token), LR tuned at two horizons.',
  task: { kind: 'markov', vocabSize: 32, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234, trainTokens: 16_000_000, heldOutTokens: 100_000 },
  family: { kind: 'gpt', nLayer: 1, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [5_000, 10_000, 20_000, 40_000, 80_000], d: [2_000_000, 4_000_000, 8_000_000, 15_000_000] },
  train: { batchSize: 16, contextLength: 64, evalTokens: 16_384, evalPoints: 8 },
  tune: { learningRates: { min: 2e-3, max: 4e-2, points: 5 }, tokens: [1_000_000, 4_000_000], sizes: [5_000, 20_000, 80_000] },
  seeds: [0],
});
