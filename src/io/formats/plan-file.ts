/**
 * plan.json: the run ids of the sweep's current plan, written by `toyscale sweep` before it
 * trains. collect reads it to take only these runs: a folder left by an earlier version of the
 * spec (another learning rate, a size since removed) is stale, listed, and not fitted.
 * A sweep folder without plan.json (written before it existed) collects every run folder.
 */
import { z } from 'zod';

export const planFileSchema = z.object({
  sweep: z.string(),
  specFile: z.string(),
  runIds: z.array(z.string().min(1)),
});

export type PlanFile = z.output<typeof planFileSchema>;
