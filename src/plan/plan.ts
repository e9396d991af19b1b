/**
 * Plan: a pure function from a validated spec (plus what the dataset fixes: vocabulary or input
 * size) to the list of fully resolved runs. It reads no files and trains nothing.
 */
import { modelCounts } from '../models/counts.ts';
import { solveGptShape, solveMlpShape } from '../models/shape-solver.ts';
import type { ModelShape } from '../models/shapes.ts';
import { BYTES_PER_PARAMETER, formatBytes, trainingBytes } from './memory.ts';
import { buildRunConfig, tokensPerStepOf, type RunConfig } from '../train/run-config.ts';
import { canonicalJson, runIdFor } from './run-id.ts';
import type { SweepSpec } from '../spec/spec.ts';

/** What the plan needs to know of the data: token vocabulary, or regression input/output sizes. */
export type DataShape = { kind: 'sequence'; vocabSize: number } | { kind: 'regression'; inputDim: number; outputDim: number };

/** A spec that cannot be planned (wrong family for the task, a model too big to train here). */
export class PlanError extends Error {}

export interface PlanLimits {
  /** Memory one run may use (bytes); a run estimated above it is refused. Default: no limit. */
  memoryBytes?: number;
}

interface Point {
  n: number;
  d: number;
  budget: number | null;
}

export function planSweep(spec: SweepSpec, data: DataShape, limits: PlanLimits = {}): RunConfig[] {
  const runs: RunConfig[] = [];
  const seen = new Set<string>();
  const memory = limits.memoryBytes ?? Infinity;
  for (const point of designPoints(spec, data, memory)) {
    for (const seed of spec.seeds) {
      const run = resolveRun(spec, data, point, seed, memory);
      // Two targets the shape solver rounds to the same model and D would train the same thing
      // twice: keep the first (its id is unchanged, since ids hash the target too).
      const key = trainedIdentity(run);
      if (seen.has(key)) continue;
      seen.add(key);
      runs.push(run);
    }
  }
  return runs;
}

/** Everything that decides what is trained: the config without the run id and the target. */
function trainedIdentity(run: RunConfig): string {
  const { runId: _id, target: _target, ...rest } = run;
  return canonicalJson(rest);
}

function designPoints(spec: SweepSpec, data: DataShape, memory: number): Point[] {
  const { design } = spec;
  if (design.kind === 'grid') return design.n.flatMap((n) => design.d.map((d) => ({ n, d, budget: null })));
  // IsoFLOP: per budget C, model sizes log-spaced over [nMin, nMax] ∩ sizes whose D = C / (6N)
  // is at least one step; D follows from the budget.
  const points: Point[] = [];
  for (const budget of design.budgets) {
    const k = design.pointsPerBudget;
    for (let i = 0; i < k; i++) {
      const n = Math.round(Math.exp(Math.log(design.nMin) + ((Math.log(design.nMax) - Math.log(design.nMin)) * i) / (k - 1)));
      const shape = shapeFor(spec, data, n, memory);
      const d = budget / (6 * modelCounts(shape).nNonembed);
      points.push({ n, d: Math.round(d), budget });
    }
  }
  return points;
}

function shapeFor(spec: SweepSpec, data: DataShape, targetN: number, memory: number): ModelShape {
  const { family } = spec;
  // Before solving: the solver's search grows with N, and weights alone already exceed memory.
  if (targetN * BYTES_PER_PARAMETER > memory) {
    throw new PlanError(`sweep ${spec.name}: a model of N = ${targetN.toExponential(2)} needs at least ${formatBytes(targetN * BYTES_PER_PARAMETER)} to train (fp32 weights, gradients, AdamW moments), more than the ${formatBytes(memory)} available`);
  }
  if (family.kind === 'gpt') {
    if (data.kind !== 'sequence') throw new PlanError(`sweep ${spec.name}: family gpt needs a token task, but ${spec.task.kind} gives regression examples`);
    return solveGptShape(targetN, data.vocabSize, spec.train.contextLength, family);
  }
  if (data.kind !== 'regression') throw new PlanError(`sweep ${spec.name}: family mlp needs a regression task, but ${spec.task.kind} gives tokens`);
  return solveMlpShape(targetN, data.inputDim, data.outputDim, family.depth);
}

function resolveRun(spec: SweepSpec, data: DataShape, point: Point, seed: number, memory: number): RunConfig {
  const model = shapeFor(spec, data, point.n, memory);
  const steps = Math.max(1, Math.round(point.d / tokensPerStepOf(model, spec.train.batchSize)));
  const config = buildRunConfig({
    sweep: spec.name,
    seed,
    task: spec.task,
    model,
    train: spec.train,
    steps,
    target: { n: point.n, d: point.d },
    budget: point.budget,
  });
  const bytes = trainingBytes(config);
  if (bytes > memory) {
    throw new PlanError(`sweep ${spec.name}: the run at N = ${point.n.toExponential(2)}, batch ${spec.train.batchSize} needs about ${formatBytes(bytes)} to train (weights, AdamW state, activations), more than the ${formatBytes(memory)} available; use a smaller n or batchSize`);
  }
  return { runId: runIdFor(config), ...config };
}
