/**
 * Hoffmann et al. (2022, "Chinchilla"), approach 2 (IsoFLOP profiles, figure 3): for each of
 * several compute budgets C = 6·N·D, train models of different sizes N with D = C / (6N), find the
 * loss-minimising N per budget, and fit N_opt ∝ C^a and D_opt ∝ C^b (the paper: a ≈ b ≈ 0.5, so
 * about 20 tokens per parameter). The same runs also feed approach 3 (the parametric
 * L(N, D) = E + A/N^α + B/D^β, Besiroglu et al. 2024's replication) and approach 1 (envelope of
 * the training curves). Here: 3 budgets from 3e10 to 3e11 FLOPs (6ND), 7 GPT sizes per budget
 * log-spaced between 7k and 230k non-embedding parameters, on the Brown corpus, character level.
 *
 * Cost: about 10 min with 2 wasm workers on a 2-core laptop CPU (`--dry-run` measures it on
 * yours). One size range serves every budget, so each profile has a flank of too-small models
 * (see the epochs column of runs.csv) and one of too-large models that see few tokens. On a GPU: budgets 1e15–1e18, nMin 1M, nMax 100M, pointsPerBudget 7–9,
 * a larger corpus (nanogpt-bin) and contextLength 256–1024.
 */
import { defineSweep } from '../src/sweep/spec.ts';

export default defineSweep({
  name: 'chinchilla-isoflop',
  description: 'IsoFLOP profiles: 3 budgets (3e10–3e11 FLOPs), 7 GPT sizes each, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 8, tiedEmbedding: true },
  design: { kind: 'isoflop', budgets: [3e10, 1e11, 3e11], pointsPerBudget: 7, nMin: 7_000, nMax: 234_000 },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
