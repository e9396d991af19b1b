/**
 * Multitask sparse parity (Michaud et al. 2023, "The quantization model of neural scaling").
 * There are `tasks` subtasks; subtask t is the parity of a fixed random subset of k of the `bits`
 * task bits. An input is a one-hot control block naming the subtask followed by the task bits
 * (as ±1); the target is the parity as ±1. Subtask t (0-based) is drawn with probability
 * p_t ∝ (t+1)^-zipfExponent.
 *
 * The theory: each subtask is one "quantum"; a model that has learned the n most frequent ones has
 * loss ∝ Σ_{t≥n} p_t ∝ n^-(zipfExponent-1) (an unlearned ±1 target costs 1 in MSE, a learned one 0),
 * so with n ∝ N it predicts L(N) ∝ N^-α with α = zipfExponent − 1, and L(D) ∝ D^-α/(α+1).
 * Labels are exact, so the irreducible loss is 0.
 *
 * Like teacher–student, example i is a pure function of (taskSeed, i): train is [0, trainExamples),
 * held-out the next heldOutExamples.
 */
import seedrandom from 'seedrandom';
import { DataError } from './errors.ts';
import { indexedRegressionData } from './indexed-regression.ts';
import type { RegressionData } from './types.ts';

export interface SparseParityParams {
  tasks: number;
  bits: number;
  k: number;
  zipfExponent: number;
  taskSeed: number;
  trainExamples: number;
  heldOutExamples: number;
}

export class SparseParity {
  readonly params: SparseParityParams;
  readonly inputDim: number;
  /** subsets[t] are the k bit positions whose parity is subtask t's label. */
  readonly subsets: Int32Array[];
  /** Probability of each subtask. */
  readonly frequencies: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(p: SparseParityParams) {
    if (p.k > p.bits) throw new DataError(`sparse-parity: k ${p.k} exceeds bits ${p.bits}`);
    this.params = p;
    this.inputDim = p.tasks + p.bits;
    const rng = seedrandom.alea(`toyscale-sparse-parity-subsets:${p.taskSeed}`);
    this.subsets = Array.from({ length: p.tasks }, () => pickSubset(rng, p.bits, p.k));
    const weights = Float64Array.from({ length: p.tasks }, (_, t) => (t + 1) ** -p.zipfExponent);
    const total = weights.reduce((a, b) => a + b, 0);
    this.frequencies = weights.map((w) => w / total);
    this.cumulative = new Float64Array(p.tasks);
    let acc = 0;
    this.frequencies.forEach((f, t) => (this.cumulative[t] = acc += f));
    this.cumulative[p.tasks - 1] = 1;
  }

  /** Writes example `index` into row `row` of x and y; returns its subtask. */
  writeExample(index: number, x: Float32Array, y: Float32Array, row: number): number {
    const { tasks, bits, taskSeed } = this.params;
    const rng = seedrandom.alea(`toyscale-sparse-parity-example:${taskSeed}:${index}`);
    const task = this.drawTask(rng());
    const base = row * this.inputDim;
    x.fill(0, base, base + tasks);
    x[base + task] = 1;
    for (let b = 0; b < bits; b++) x[base + tasks + b] = rng() < 0.5 ? -1 : 1;
    let negatives = 0;
    for (const b of this.subsets[task]) if (x[base + tasks + b] < 0) negatives++;
    y[row] = negatives % 2 === 0 ? 1 : -1;
    return task;
  }

  /** Loss of a model that knows exactly the n most frequent subtasks (and outputs 0 on the rest). */
  lossWithQuantaLearned(n: number): number {
    let loss = 0;
    for (let t = n; t < this.params.tasks; t++) loss += this.frequencies[t];
    return loss;
  }

  private drawTask(u: number): number {
    let lo = 0;
    let hi = this.params.tasks - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < this.cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function pickSubset(rng: () => number, bits: number, k: number): Int32Array {
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(rng() * bits));
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

export function sparseParityData(p: SparseParityParams): RegressionData {
  const source = new SparseParity(p);
  return indexedRegressionData({
    name: `sparse-parity-t${p.tasks}-n${p.bits}-k${p.k}-z${p.zipfExponent}`,
    inputDim: source.inputDim,
    trainExamples: p.trainExamples,
    heldOutExamples: p.heldOutExamples,
    noiseFloor: 0,
    writeExample: (index, x, y, row) => source.writeExample(index, x, y, row),
  });
}
