/**
 * One run's training settings, as the trainer reads them and config.json holds them. The sweep
 * spec extends this schema with axes and rules (src/spec/spec.ts), which planning resolves to
 * these scalars.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** One run's training settings: every value a scalar (what config.json holds). */
export const trainSettingsSchema = z.strictObject({
  batchSize: positiveInt.default(16),
  /** Sequence length for gpt; ignored by mlp. */
  contextLength: positiveInt.default(64),
  /** Peak learning rate, reached after warmup, then cosine decay to minLrFraction of it. */
  learningRate: z.number().positive().default(3e-3),
  minLrFraction: z.number().min(0).max(1).default(0.1),
  warmupFraction: z.number().min(0).max(0.5).default(0.05),
  weightDecay: z.number().min(0).default(0.1),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.95),
  gradClip: z.number().positive().default(1.0),
  /** Held-out tokens (or examples) per evaluation; the same held-out data for every run. */
  evalTokens: positiveInt.default(8192),
  /** Evaluations at log-spaced steps, plus one at the end. */
  evalPoints: positiveInt.default(8),
  /** A logged train loss above this multiple of the step-0 held-out loss ends the run as diverged. */
  divergenceFactor: z.number().gt(1).default(3),
});

export type TrainSettings = z.output<typeof trainSettingsSchema>;
export type TrainSettingsInput = z.input<typeof trainSettingsSchema>;
