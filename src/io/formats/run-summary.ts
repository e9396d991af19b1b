/** summary.json: written last, atomically, by the worker when a run ends (done or diverged). */
import { z } from 'zod';

const finite = z.number();

export const runSummarySchema = z.object({
  runId: z.string().min(1),
  status: z.enum(['done', 'diverged']),
  reason: z.string().optional(),
  finalEvalLoss: finite.nullable(),
  /** Standard error of finalEvalLoss over the held-out batches (absent in runs trained before it was recorded). */
  finalEvalSe: finite.nullable().optional(),
  bestEvalLoss: finite.nullable(),
  stepsCompleted: z.number().int().nonnegative(),
  tokensTrained: finite.nonnegative(),
  /** tokens trained / unique train tokens: above 1 the run saw repeated data. */
  epochs: finite.nonnegative(),
  seconds: finite.nonnegative(),
  tokensPerSecond: finite.nonnegative(),
  backend: z.string(),
  device: z.string(),
  unigramEntropy: finite.optional(),
  trueEntropyRate: finite.optional(),
  noiseFloor: finite.optional(),
  finishedAt: z.string(),
  /** Size of curve.csv when the summary was written: a curve of another size is not this run's. */
  curveBytes: z.number().int().nonnegative().optional(),
  /** Provenance (absent in runs trained before it was recorded): the code and the data. */
  toyscaleVersion: z.string().optional(),
  gitCommit: z.string().nullable().optional(),
  dataHash: z.string().optional(),
});

export type RunSummary = z.output<typeof runSummarySchema>;
