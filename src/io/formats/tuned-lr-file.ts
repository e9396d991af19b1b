/**
 * tuned-lr.json: what a sweep's tune stage found (src/fit/lr-tune.ts) and the learning rate each
 * main-sweep size trains at. Rewritten from the tune runs each time the sweep runs, so a resume
 * recomputes it from the same finished runs and gets the same file.
 */
import { z } from 'zod';

export const tunedLrFileSchema = z.object({
  sweep: z.string(),
  use: z.enum(['power-law', 'per-size']),
  /** Tokens each tuning run trained on; a list: the horizons each size was tuned at. */
  tokens: z.union([z.number().positive(), z.array(z.number().positive())]),
  sizes: z.array(
    z.object({
      n: z.number(),
      /** The horizon (absent in files written before horizons existed: the one of `tokens`). */
      d: z.number().optional(),
      learningRate: z.number(),
      gridBest: z.number(),
      gridBestLoss: z.number(),
      method: z.enum(['vertex', 'edge', 'grid']),
      losses: z.array(z.object({ learningRate: z.number(), loss: z.number().nullable(), runs: z.number().int() })),
    }),
  ),
  law: z.object({ c: z.number(), exponent: z.number(), dExponent: z.number().optional(), sizes: z.array(z.number()) }).nullable(),
  warnings: z.array(z.string()),
  /** The learning rate each main-sweep size (target N; and D, tuned at several horizons) trains at. */
  trainedAt: z.array(z.object({ n: z.number(), d: z.number().optional(), learningRate: z.number() })),
  /**
   * With tune.batchSizes: the batch size the main runs train at, and each candidate's mean lowest
   * tune loss (null: it could not be tuned). sizes, law and trainedAt are then the chosen one's.
   */
  batch: z.object({ chosen: z.number().int(), candidates: z.array(z.object({ batchSize: z.number().int(), meanBestLoss: z.number().nullable() })) }).optional(),
});

export type TunedLrFile = z.output<typeof tunedLrFileSchema>;
