/**
 * The first design of experiments/nd-grid.ts, kept with its results: tied embeddings and one
 * learning rate (3e-3) for every run. Its joint fits were not determined: kaplan-nd's hold-out at
 * the largest N did not beat the next smaller size's loss (2.48% against 2.06%), and chinchilla-3's
 * E sat at its bound. The current design unties the embeddings and tunes lr(N, D) at two horizons.
 * Its run folders were trained under the sweep name nd-grid (runs.csv `sweep`).
 *
 * L(N, D) on a grid at one depth: the joint laws of Kaplan et al. (2020, eq. 1.5: kaplan-nd) and
 * Hoffmann et al. (2022)'s approach 3, L = E + A/N^α + B/D^β (chinchilla-3), fitted to the same runs.
 *
 * Design (shared/notes/experiment-design.md):
 * - one shape family: 2 layers at every size, width alone follows N (family.nLayer);
 * - six sizes over 1.37 decades (6.6k–156k non-embedding parameters) × three D (0.6M, 1.8M, 5.4M
 *   tokens): 18 distinct (N, D) for approach 3's 5 parameters, and every size at every D;
 * - the fewest steps of any run is 586 (D = 0.6M at 1,024 tokens a step): off warmup and the
 *   unigram plateau; the largest D is 0.95 of an epoch of Brown's train split, so no token is
 *   seen twice;
 * - two seeds per point: they measure the noise the bootstrap resamples, not degrees of freedom.
 *
 * Cost: about 40 min with 2 wasm workers on a 2-core CPU (`--dry-run` measures it on yours).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'nd-grid-v1',
  description: 'L(N, D): six 2-layer GPTs 6.6k–156k × D = 0.6M, 1.8M, 5.4M tokens, two seeds, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 2, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [6_600, 14_500, 25_500, 56_600, 100_000, 156_000], d: [600_000, 1_800_000, 5_400_000] },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0, 1],
});
