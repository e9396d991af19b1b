/**
 * A scaling law whose irreducible loss is known exactly. The task is a sparse order-2 Markov chain
 * over 16 tokens: each of the 16² contexts has 4 possible next tokens with Zipf(1.2) weights, so
 * the entropy rate is H = 1.1821 nats/token for every context (src/data/markov.ts; runs.csv
 * true_entropy_rate). The held-out loss is scored in 64-token windows, whose first target sees
 * one token, not the two of the chain's order; there the best possible loss is H(X_t | X_{t-1}) =
 * 2.548, so the lowest loss any model can reach is (2.548 + 63·1.1821)/64 = 1.2034 nats/token
 * (src/data/markov-floor.ts; runs.csv entropy_floor). Real text hides its floor; here the fitted E
 * of Chinchilla's approach 3, L = E + A/N^α + B/D^β, and of L(N) = E + (N_c/N)^α_N (kaplan-n+E)
 * can be compared with the truth, which tells how far a fitted E can be trusted. A model must store
 * each context's successors (a table lookup of the last two tokens, done by the MLP), so the loss
 * falls with N towards the floor; it learns them over many steps, so it falls with D.
 *
 * Design (shared/notes/experiment-design.md). What it changes from known-entropy-v3:
 * - no weight decay, and the cosine decay runs to 0 (v3: AdamW's 0.1 and a floor at 10% of the
 *   peak rate). v3's best run ended 0.8% above the floor (1.2131 at 50k parameters and 16M
 *   tokens), still falling 0.004 nats per doubling of D, and approach 3's E (1.209) had an
 *   interval reaching 0. What is left to learn is precision: sharp attention to the previous token
 *   and confident successor probabilities, which weight decay shrinks and a final rate at 10% of
 *   the peak blurs with gradient noise. Pilot, 50k parameters at 4M tokens,
 *   best of 2 rates: v3's recipe 1.2208; without weight decay 1.2140; and decayed to 0, 1.2083
 *   (the gap to the floor down from 0.017 to 0.005). Untied embeddings (1.2201) and batch 64
 *   (1.2154, without weight decay) did not help;
 * - D up to 32M (6 token counts, 30 points): v3's largest D left the top sizes 0.01 nats above the
 *   floor and still falling, where the law cannot tell its floor from a slowly falling D term.
 * Unchanged from v3, and why it replaced known-entropy-v2:
 * - 256 contexts, where v2 had 1,024 (vocab 32): v2's largest 1-layer model ended at 1.257 nats,
 *   6% above H, and its loss stopped falling with D (1.260 at 8M, 1.257 at 15M tokens), so the
 *   fit found the family's floor, not H. A 1-layer model's MLP (4·d_model hidden units) holds a
 *   256-entry table from d_model 64; a pilot at 3M tokens reached 1.257 (13k) and 1.225 (38k), the
 *   larger still falling with D. The entropy rate is the same 1.182: it depends only on the
 *   successors' weights;
 * - one shape family: 1-layer GPTs whose width alone varies (headDim 8), 5 sizes from 3.3k to
 *   50k non-embedding parameters (1.18 decades). One layer is enough for an order-2 chain;
 * - token counts from 1M, of one sample of the chain (no token seen twice): distinct (N, D) for
 *   approach 3's 5 parameters; the fewest steps of any run is 976;
 * - learning rate tuned at two horizons (1M and 4M tokens) for 3 sizes, 2 seeds each, and
 *   lr(N, D) fitted, so a 32M-token run does not train at the rate that was best for 1M;
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
  name: 'known-entropy',
  description: '1-layer GPTs 3.3k–50k × 1M–32M tokens on an order-2 Markov chain over 16 tokens with known entropy rate (1.182 nats/token; 1.2034 the lowest loss 64-token windows allow), no weight decay, cosine to 0, LR tuned at two horizons.',
  task: { kind: 'markov', vocabSize: 16, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234, trainTokens: 32_000_000, heldOutTokens: 100_000 },
  family: { kind: 'gpt', nLayer: 1, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [3_300, 7_300, 12_800, 25_000, 50_000], d: [1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000, 32_000_000] },
  train: { batchSize: 16, contextLength: 64, weightDecay: 0, minLrFraction: 0, evalTokens: 65_536, evalPoints: 8 },
  tune: { learningRates: { min: 2e-3, max: 3e-2, points: 5 }, tokens: [1_000_000, 4_000_000], sizes: [3_300, 12_800, 50_000] },
  seeds: [0],
});
