/**
 * L(N, D) on a grid at one depth: the joint laws of Kaplan et al. (2020, eq. 1.5: kaplan-nd) and
 * Hoffmann et al. (2022)'s approach 3, L = E + A/N^α + B/D^β (chinchilla-3), fitted to the same runs.
 *
 * Design (shared/notes/experiment-design.md), and what it changes from nd-grid-v1:
 * - one shape family: 2 layers at every size, width alone follows N (family.nLayer), headDim 2;
 * - untied embeddings: tied ones keep these sizes on the unigram plateau for 85–240k tokens
 *   (experiments/isoflop-centred.ts), and v1's joint fits were not determined;
 * - six sizes over 1.31 decades (targets 3.2k–75k; the shapes have 3.8k–77k non-embedding
 *   parameters) × three D (0.5M, 1.5M, 4.5M tokens): 18 distinct (N, D) for approach 3's 5
 *   parameters, every size at every D, from 6.5 to 1190 tokens per parameter;
 * - the fewest steps of any run is 488 (D = 0.5M at 1,024 tokens a step): off warmup and the
 *   plateau; the largest D is 0.79 of an epoch of Brown's train split, so no token is seen twice;
 * - learning rate tuned at two horizons (0.5M and 2M tokens) for 3 sizes × 2 seeds, and lr(N, D)
 *   fitted, as in isoflop-centred: one rate for every run tilts the grid (v1 used 3e-3 throughout);
 * - two seeds per point: they measure the noise the bootstrap resamples, not degrees of freedom.
 *
 * Cost: 60 tune runs and 36 main runs; `--dry-run` measures the main runs on your CPU.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'nd-grid',
  description: 'L(N, D): six 2-layer GPTs 3.8k–77k (headDim 2, untied) × D = 0.5M, 1.5M, 4.5M tokens, two seeds, LR tuned at two horizons, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 2, headDim: 2, tiedEmbedding: false },
  design: { kind: 'grid', n: [3_200, 5_800, 10_500, 19_000, 41_000, 75_000], d: [500_000, 1_500_000, 4_500_000] },
  train: { batchSize: 16, contextLength: 64, evalTokens: 16_384, evalPoints: 8 },
  tune: { learningRates: { min: 5e-3, max: 5e-2, points: 5 }, tokens: [500_000, 2_000_000], sizes: [3_200, 15_000, 75_000] },
  seeds: [0, 1],
});
