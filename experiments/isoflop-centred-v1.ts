/**
 * Hoffmann et al. (2022, "Chinchilla") approach 2 with IsoFLOP profiles centred on each budget:
 * per budget C = 6·N·D, seven sizes log-spaced from N_opt/3 to 3·N_opt around the expected optimum,
 * so every parabola has a flank on each side; N_opt ∝ C^a across budgets (the paper: a ≈ 0.5).
 * The same runs feed approach 3 (chinchilla-3) and approach 1 (envelope of the training curves).
 *
 * Design (shared/notes/experiment-design.md):
 * - eight budgets over 1.8 decades (1.2e10–8e11 FLOPs, a factor 1.82 apart): 6 degrees of freedom
 *   for approach 2's line, where three budgets leave one;
 * - three seeds per size: a vertex is set by loss differences of 0.01–0.03 nats between sizes,
 *   where one seed's loss moves by about 0.01, so each parabola is fitted to every seed's run (15
 *   points for 5 sizes) and the vertex noise falls by √3 (the seed-0 runs of the six upper budgets
 *   are the first, 1-seed version of this sweep, reused as they are);
 * - centre: ~300 tokens per parameter, N_opt ≈ sqrt(C / 1800), what the earlier 3-budget sweep
 *   found at this scale (not Hoffmann's 20: tiny character-level models want far more data per
 *   parameter); span 3 rather than 4 keeps the smallest model of the top budget under 4 epochs
 *   of Brown (Muennighoff et al. 2023: up to ~4 epochs costs little);
 * - one shape family: 2 layers, headDim 4 so widths step finely enough for seven sizes per budget.
 *
 * Cost: about 35 min with 2 wasm workers on a 2-core CPU (`--dry-run` measures it on yours).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'isoflop-centred-v1',
  description: 'IsoFLOP profiles: 8 budgets 1.2e10–8e11 FLOPs × 3 seeds, 7 sizes centred on each budget\'s expected N_opt, 2-layer GPTs, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 2, headDim: 4, tiedEmbedding: true },
  design: { kind: 'isoflop', budgets: [1.2e10, 2.2e10, 4e10, 7.3e10, 1.33e11, 2.4e11, 4.4e11, 8e11], pointsPerBudget: 7, centre: { tokensPerParameter: 300 }, span: 3 },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0, 1, 2],
});
