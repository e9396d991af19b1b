/** One fully resolved run: everything the trainer needs, written to the run's config.json. */
import type { ModelCounts } from '../models/counts.ts';
import { familyOf, modelCounts } from '../models/family-registry.ts';
import type { ModelShape } from '../models/shapes.ts';
import type { Task } from '../data/task.ts';
import type { TrainSettings } from './settings.ts';

export interface RunConfig {
  runId: string;
  sweep: string;
  seed: number;
  task: Task;
  model: ModelShape;
  counts: ModelCounts;
  train: TrainSettings;
  /** Optimizer steps; tokens = steps × tokensPerStep. */
  steps: number;
  /** batch × context for gpt, batch for mlp. */
  tokensPerStep: number;
  /** D: tokens (or examples) this run trains on. */
  tokens: number;
  /** What the spec asked for; the shape solver and step rounding land near it. */
  target: { n: number; d: number };
  /** The IsoFLOP budget this run belongs to, or null in a grid design. */
  budget: number | null;
}

/** Tokens (gpt) or examples (mlp) one optimizer step trains on. */
export function tokensPerStepOf(model: ModelShape, batchSize: number): number {
  return familyOf(model.family).tokensPerStep(model, batchSize);
}

/** The fields a run config derives (counts, tokens per step, D) from the ones that choose it. */
export function buildRunConfig(run: Pick<RunConfig, 'sweep' | 'seed' | 'task' | 'model' | 'train' | 'steps' | 'target' | 'budget'>): Omit<RunConfig, 'runId'> {
  const tokensPerStep = tokensPerStepOf(run.model, run.train.batchSize);
  return { ...run, counts: modelCounts(run.model), tokensPerStep, tokens: run.steps * tokensPerStep };
}
