/**
 * The untuned baseline of experiments/chinchilla-isoflop.ts: the same design with one learning rate (3e-3) for
 * every size and one seed, as every reference sweep was trained before the tune stage existed. Its
 * run folders in results/chinchilla-isoflop-untuned were trained under the sweep name chinchilla-isoflop (runs.csv `sweep`).
 * Compare: toyscale compare results/chinchilla-isoflop-untuned results/chinchilla-isoflop
 *
 * Hoffmann et al. (2022, "Chinchilla"), approach 2 (IsoFLOP profiles, figure 3): for each of
 * several compute budgets C = 6·N·D, train models of different sizes N with D = C / (6N), find the
 * loss-minimising N per budget, and fit N_opt ∝ C^a and D_opt ∝ C^b (the paper: a ≈ b ≈ 0.5, so
 * about 20 tokens per parameter). The same runs also feed approach 3 (the parametric
 * L(N, D) = E + A/N^α + B/D^β, Besiroglu et al. 2024's replication) and approach 1 (envelope of
 * the training curves). Here: 3 budgets from 1e11 to 1e12 FLOPs (6ND), 7 GPT sizes per budget
 * log-spaced between 3.3k and 126k non-embedding parameters (8 asked for; two targets share the
 * smallest shape), on the Brown corpus, character level.
 *
 * Why these: at this scale the loss-optimal model sees a few hundred tokens per parameter, not
 * Hoffmann's 20, so N_opt is near sqrt(C / 1800): about 7k, 13k and 24k for these budgets, each
 * inside the size range with a flank on both sides. An earlier version (3e10–3e11, sizes from 7k)
 * put two of its three minima on the smallest size, and its 3e10 profile trained the large models
 * for under 130 steps. One size range serves every budget, so the small-model flank of the 1e12
 * profile repeats Brown's 5.7M training tokens up to 9 times (see the epochs column of runs.csv).
 *
 * Cost: about 9 min with 2 wasm workers on a 2-core laptop CPU (`--dry-run` measures it on
 * yours). On a GPU: budgets 1e15–1e18, nMin 1M, nMax 100M, pointsPerBudget 7–9, a larger corpus
 * (nanogpt-bin) and contextLength 256–1024.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'chinchilla-isoflop-untuned',
  description: 'IsoFLOP profiles: 3 budgets (1e11–1e12 FLOPs), 7 GPT sizes each, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 8, tiedEmbedding: true },
  design: { kind: 'isoflop', budgets: [1e11, 3e11, 1e12], pointsPerBudget: 8, nMin: 2_000, nMax: 120_000 },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
