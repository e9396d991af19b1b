/** sweep.json (and shards/<I>-of-<N>.json): which spec, backend, device and workers; start and wall time. */
import { z } from 'zod';

export const sweepMetaSchema = z.object({
  name: z.string(),
  specFile: z.string(),
  backend: z.string(),
  device: z.string(),
  /** Workers of this process, or of all shards together in a merged sweep.json. */
  workers: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  wallSeconds: z.number().nonnegative().optional(),
  runsPlanned: z.number().int().nonnegative(),
  /**
   * Every sweep command that trained in this folder, first to last (absent in files written before
   * they were kept): startedAt and wallSeconds above are the first start and their sum.
   */
  invocations: z
    .array(z.object({ startedAt: z.string(), finishedAt: z.string().optional(), wallSeconds: z.number().nonnegative(), interrupted: z.boolean().optional() }))
    .optional(),
  shard: z.string().optional(),
  shards: z.number().int().positive().optional(),
});

export type SweepMeta = z.output<typeof sweepMetaSchema>;
