/** One fully resolved run: everything the trainer needs, written to the run's config.json. */
import type { ModelCounts } from '../models/counts.ts';
import type { ModelShape } from '../models/shapes.ts';
import type { TaskSpec, TrainSettings } from './spec.ts';

export interface RunConfig {
  runId: string;
  sweep: string;
  seed: number;
  task: TaskSpec;
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
