/**
 * An earlier design of experiments/isoflop-centred.ts, kept with its results: tied embeddings, whose
 * runs below 7e10 spent up to 80% of their tokens on the unigram plateau, and one
 * learning rate (3e-3) for every run. Its run folders were trained under the sweep name
 * isoflop-centred (runs.csv `sweep`).
 *
 * Hoffmann et al. (2022, "Chinchilla") approach 2 with IsoFLOP profiles centred on each budget:
 * per budget C = 6·N·D, seven sizes log-spaced from N_opt/3 to 3·N_opt around the expected optimum,
 * so every parabola has a flank on each side; N_opt ∝ C^a across budgets (the paper: a ≈ 0.5).
 * The same runs feed approach 3 (chinchilla-3) and approach 1 (envelope of the training curves).
 *
 * Design (shared/notes/experiment-design.md), and what it changes from isoflop-centred-v1:
 * - seven budgets over 1.56 decades (1.2e10–4.4e11 FLOPs, a factor 1.82 apart): 5 degrees of
 *   freedom for approach 2's line. v1's eighth budget (8e11) is left out: its smallest models
 *   repeated Brown 2.3–3.6 times, which raises that budget's left flank and moves its vertex up;
 *   here the most any run repeats is 2 epochs (the smallest size of 4.4e11);
 * - headDim 2, so d_model steps by 2 and each budget's seven sizes are seven distinct models. In
 *   v1 (headDim 4) the lower budgets collapsed to 4–5 distinct sizes (d_model 4, 8, 12, 16), and
 *   their vertices snapped to the middle size of a coarse ladder (2960, 3314, 3364 at 2.2e10, 4e10,
 *   7.3e10): a flat stretch that no single power law follows;
 * - three seeds per size: a vertex is set by loss differences of 0.01–0.03 nats between sizes,
 *   where one seed's loss moves by about 0.01, so each parabola is fitted to every seed's run;
 * - centre: ~300 tokens per parameter, N_opt ≈ sqrt(C / 1800), what v1 found at this scale;
 * - one shape family: 2 layers, width alone varies; one learning rate (3e-3) for every size, as
 *   in v1 (the report says so: an untuned LR is one of Porian et al.'s corrections).
 *
 * Cost: 144 runs, 4.0e13 counted FLOPs; `--dry-run` estimated 36 min with 2 wasm workers on a
 * 2-core CPU and it took 43 min on a loaded one (`--dry-run` measures it on yours).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'isoflop-centred-v2',
  description: 'IsoFLOP profiles: 7 budgets 1.2e10–4.4e11 FLOPs × 3 seeds, 7 sizes centred on each budget\'s expected N_opt, 2-layer GPTs (headDim 2), Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 2, headDim: 2, tiedEmbedding: true },
  design: { kind: 'isoflop', budgets: [1.2e10, 2.2e10, 4e10, 7.3e10, 1.33e11, 2.4e11, 4.4e11], pointsPerBudget: 7, centre: { tokensPerParameter: 300 }, span: 3 },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0, 1, 2],
});
