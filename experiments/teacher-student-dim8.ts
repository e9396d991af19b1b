/**
 * A known exponent to reproduce: Sharma & Kaplan (2020, "A neural scaling law from the dimension
 * of the data manifold") argue that a ReLU network of N parameters fitting a smooth function on a
 * d-dimensional manifold splits it into pieces of size ∝ N^(−1/d), each fitted linearly, so its
 * mean squared error falls as N^(−4/d); they confirm α_N ≈ 4/d with random teacher networks.
 * Here: a smooth random tanh teacher on d = 8 standard-normal inputs, labels without noise (so the
 * irreducible loss is 0 and L(N) = (N_c/N)^α_N has nothing to subtract), ReLU students of depth 2
 * from 150 to 18k parameters (2.1 decades), each trained on 2M fresh examples (no example seen
 * twice): predicted α_N = 4/8 = 0.5.
 *
 * What it measures (results/teacher-student-dim8): α_N = 0.66 [0.59, 0.73] (kaplan-n) and 0.80
 * [0.66, 0.91] with a floor E = 6e-4 (kaplan-n+E): steeper than 4/d, so the prediction lies
 * outside both intervals. The likely reason, not measured here: the argument's d is the dimension
 * along which the target varies, not the input's, and a width-64 tanh teacher on standard-normal
 * inputs may vary mostly along fewer than 8 directions; 4/α_N would put that effective dimension
 * at 5–6. Sharma & Kaplan measure d with an intrinsic-dimension estimator rather than assume it;
 * toyscale does not estimate it, so this sweep tests the law's form (a power law in N over 2.1
 * decades) and does not confirm 4/d at d = 8.
 *
 * Cost: a few minutes with 2 wasm workers on a 2-core CPU (`--dry-run` measures it on yours).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'teacher-student-dim8',
  description: 'Sharma & Kaplan (2020) reproduction: ReLU MLPs 150–18k params on a noiseless 8-dimensional tanh teacher; predicted α_N = 4/d = 0.5.',
  task: { kind: 'teacher-student', inputDim: 8, teacherWidth: 64, teacherDepth: 2, noiseStd: 0, trainExamples: 4_000_000, heldOutExamples: 16_384 },
  family: { kind: 'mlp', depth: 2 },
  design: { kind: 'grid', n: [150, 300, 600, 1_200, 2_500, 5_000, 10_000, 18_000], d: [2_000_000] },
  train: { batchSize: 256, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
