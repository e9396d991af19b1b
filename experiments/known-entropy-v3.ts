/**
 * An earlier design of experiments/known-entropy.ts, kept with its results as a baseline: AdamW's
 * default weight decay (0.1) and a cosine decay to 10% of the peak rate. Its run folders in
 * results/known-entropy-v3 were trained under the sweep name known-entropy (runs.csv `sweep`).
 *
 * A scaling law whose irreducible loss is known exactly. The task is a sparse order-2 Markov chain
 * over 16 tokens: each of the 16² contexts has 4 possible next tokens with Zipf(1.2) weights, so
 * the entropy rate, the lowest held-out loss any model can reach, is H = 1.182 nats/token for every
 * context (src/data/markov.ts; recorded per run as true_entropy_rate in runs.csv). Real text hides
 * its entropy; here the fitted E of Chinchilla's approach 3, L = E + A/N^α + B/D^β, and of
 * L(N) = E + (N_c/N)^α_N (kaplan-n+E) can be compared with the truth, which tells how far a fitted
 * E can be trusted. A model must store each context's successors (a table lookup of the last two
 * tokens, done by the MLP), so the loss falls with N towards H; it learns them over many steps, so
 * it falls with D.
 *
 * Design (shared/notes/experiment-design.md), and why it replaced known-entropy-v2:
 * - 256 contexts, where v2 had 1,024 (vocab 32): v2's largest 1-layer model ended at 1.257 nats,
 *   6% above H, and its loss stopped falling with D (1.260 at 8M, 1.257 at 15M tokens), so the
 *   fit found the family's floor, not H. A 1-layer model's MLP (4·d_model hidden units) holds a
 *   256-entry table from d_model 64; a pilot at 3M tokens reached 1.257 (13k) and 1.225 (38k), the
 *   larger still falling with D. The entropy rate is the same 1.182: it depends only on the
 *   successors' weights;
 * - one shape family: 1-layer GPTs whose width alone varies (headDim 8), 5 sizes from 3.3k to
 *   50k non-embedding parameters (1.18 decades). One layer is enough for an order-2 chain;
 * - 5 token counts, 1M to 16M, of one 16M-token sample of the chain (no token seen twice): 25
 *   distinct (N, D) for approach 3's 5 parameters; the fewest steps of any run is 976;
 * - learning rate tuned at two horizons (1M and 4M tokens) for 3 sizes, 2 seeds each, and
 *   lr(N, D) fitted, so a 16M-token run does not train at the rate that was best for 1M;
 * - 65,536 eval tokens: every run is scored on the same held-out sample, whose own mean surprisal
 *   differs from H by its standard error (~0.8/√tokens nats); at 16k tokens that is ~0.006, a
 *   quarter of the 2% check, at 65k ~0.003;
 * - one seed per design point (seeds measure noise, not degrees of freedom).
 * experiments/known-entropy-untuned.ts is the same design at 3e-3: the control the tuned learning
 * rates are compared with, point by point (results/README.md).
 *
 * Cost: about 30 min with 2 wasm workers on a 2-core CPU, half of it the tune stage (`--dry-run`
 * measures it on yours). On a GPU: vocabSize 256 and order 3 (16.7M contexts, far more than any
 * model stores), sizes 100k–20M, trainTokens and d up to 1B, contextLength 256.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'known-entropy-v3',
  description: '1-layer GPTs 3.3k–50k × 1M–16M tokens on an order-2 Markov chain over 16 tokens with known entropy rate (E = 1.182 nats/token), LR tuned at two horizons.',
  task: { kind: 'markov', vocabSize: 16, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234, trainTokens: 16_000_000, heldOutTokens: 100_000 },
  family: { kind: 'gpt', nLayer: 1, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [3_300, 7_300, 12_800, 25_000, 50_000], d: [1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000] },
  train: { batchSize: 16, contextLength: 64, evalTokens: 65_536, evalPoints: 8 },
  tune: { learningRates: { min: 2e-3, max: 3e-2, points: 5 }, tokens: [1_000_000, 4_000_000], sizes: [3_300, 12_800, 50_000] },
  seeds: [0],
});
