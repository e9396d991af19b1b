/**
 * Scaling of an MLP student learning a random MLP teacher (Sharma & Kaplan 2020; Bahri et al.
 * 2021): x ~ N(0, I₁₆), y = teacher(x) + 0.1·ε. The held-out MSE cannot go below the noise floor
 * E = 0.1² = 0.01 (recorded per run as noise_floor in runs.csv), so the fitted irreducible term of
 * L(N, D) = E + A/N^α + B/D^β can be checked against a known answer, which real text never allows.
 * Sharma & Kaplan predict α ≈ 4/d for data on a d-dimensional manifold: with d = 16 inputs, a
 * shallow exponent. Here: 8 student sizes (150 to 20k parameters, depth 2) × 4 example counts
 * (40k to 2.56M, ×4 each), 32 runs, each on examples it has not seen before; the grid feeds
 * kaplan-n, kaplan-d, kaplan-nd and Chinchilla's approach 3. (10k examples, 39 steps at this
 * batch, was tried first: those losses were set by optimisation, not by N or D, and not even
 * monotone in N.)
 *
 * Cost: about 6 min with 2 wasm workers on a 2-core laptop CPU (`--dry-run` measures it on
 * yours); MLP steps are so small that per-step overhead, not FLOPs, sets the pace, so a larger
 * batch is the cheap way to more examples. On a GPU: batchSize 1024, students to 1M parameters,
 * D to 100M examples (trainExamples is virtual: examples are generated from their index).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'mlp-teacher-student',
  description: 'MLP students (150–20k params) on a noisy random-MLP teacher, 40k–2.56M examples; noise floor 0.01.',
  task: { kind: 'teacher-student', inputDim: 16, teacherWidth: 64, teacherDepth: 2, noiseStd: 0.1, trainExamples: 4_000_000, heldOutExamples: 8192 },
  family: { kind: 'mlp', depth: 2 },
  design: {
    kind: 'grid',
    n: [150, 300, 600, 1_200, 2_500, 5_000, 10_000, 20_000],
    d: [40_000, 160_000, 640_000, 2_560_000],
  },
  train: { batchSize: 256, learningRate: 3e-3, evalTokens: 8192, evalPoints: 8 },
  seeds: [0],
});
