/**
 * A model family as one record: everything toyscale does differently for a GPT and an MLP (its
 * spec block, its shape for a target N, its exact counts, its memory, how a dry run and runs.csv
 * show it) lives in one file per family (src/models/families/), listed once in
 * family-registry.ts. Planning, collect and the dry run ask the record and never branch on a
 * family's name. The record loads no tfjs, so planning never does; how a family's model binds to
 * a dataset for training (BindTrainable) lives with its model, beside the tfjs code.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dataset, Rng } from '../data/types.ts';
import type { Ops } from '../ops/ops.ts';
import type { ModelCounts } from './counts.ts';
import type { FamilySpec } from './family-registry.ts';
import type { Params } from './init.ts';
import type { ModelShape } from './shapes.ts';

/** What a model needs to know of its data: token vocabulary, or regression input/output sizes. */
export type DataShape = { kind: 'sequence'; vocabSize: number } | { kind: 'regression'; inputDim: number; outputDim: number };

/** The run's settings a shape depends on: its context length and, for a shape rule with one, the aspect-ratio axis's value. */
export interface ShapeSetting {
  contextLength: number;
  aspectRatio: number | null;
}

/** The run's settings its batches depend on. */
export interface BatchSetting {
  batchSize: number;
  contextLength: number;
  evalTokens: number;
}

export interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** Examples in the batch: weights the mean over held-out batches. */
  size: number;
}

/** A model bound to its data: one interface for the trainer whatever the family, so train-run.ts has a single loop. */
export interface Trainable {
  params: Params;
  loss(batch: Batch): tf.Scalar;
  trainBatch(rng: Rng): Batch;
  /** Held-out batches, created once and kept for the whole run. */
  heldOut: Batch[];
  /** The backend's op set, which the model runs on and the optimizer uses too. */
  ops: Ops;
  dispose(): void;
}

/** runs.csv's shape columns (io/formats/columns.ts); a family fills those its shape has, the rest stay empty. */
export type ShapeColumns = Partial<Record<'context_length' | 'n_layer' | 'd_model' | 'n_head' | 'width' | 'depth', number>>;

export interface ModelFamily {
  /** As a spec names it (`family.kind`) and a shape records it (`model.family`). */
  kind: ModelShape['family'];
  /** The data it trains on. */
  data: DataShape['kind'];
  /** The tasks that give such data, for the planner's refusal: 'a token task (brown, …)'. */
  tasks: string;
  /** The shape whose N (Kaplan's non-embedding N for gpt) lands nearest targetN. */
  solve(spec: FamilySpec, targetN: number, data: DataShape, setting: ShapeSetting): ModelShape;
  counts(shape: ModelShape): ModelCounts;
  /** Tokens (or examples) one optimizer step trains on. */
  tokensPerStep(shape: ModelShape, batchSize: number): number;
  /** Activations kept for the backward pass, in bytes (plan/memory.ts adds weights and optimizer state). */
  activationBytes(shape: ModelShape, batchSize: number): number;
  /** The shape in a dry run's table: 'L2 d64 h4'. */
  describe(shape: ModelShape): string;
  columns(shape: ModelShape): ShapeColumns;
}

/** A family's model bound to a dataset for training (its model file's, e.g. gptTrainable in gpt.ts; listed in src/train/trainable.ts). */
export type BindTrainable<Shape extends ModelShape> = (shape: Shape, seed: number, ops: Ops, data: Dataset, setting: BatchSetting) => Trainable;
