/**
 * config.json: one fully resolved run, written when the sweep is planned. The schema checks what
 * every reader relies on (ids, counts, steps, tokens, the model's family); the task and training
 * settings were validated in full against the spec schema when the run was planned.
 */
import { z } from 'zod';

const count = z.number().nonnegative();

export const runConfigSchema = z.looseObject({
  runId: z.string().min(1),
  sweep: z.string().min(1),
  seed: z.number().int(),
  task: z.looseObject({ kind: z.string() }),
  model: z.discriminatedUnion('family', [
    z.looseObject({ family: z.literal('gpt'), vocabSize: count, contextLength: count, nLayer: count, dModel: count, nHead: count }),
    z.looseObject({ family: z.literal('mlp'), inputDim: count, width: count, depth: count, outputDim: count }),
  ]),
  counts: z.looseObject({ nParams: count, nNonembed: count, flopsPerToken6N: count, flopsPerTokenCounted: count }),
  train: z.looseObject({ batchSize: count, contextLength: count, learningRate: z.number() }),
  steps: z.number().int().positive(),
  tokensPerStep: count,
  tokens: count,
  target: z.object({ n: count, d: count }),
  budget: z.number().nullable(),
});
