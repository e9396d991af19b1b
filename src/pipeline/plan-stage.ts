/**
 * The plan stage: the spec loaded, its data checked and its runs planned, before anything is
 * written or trained. A spec with a tune block gets its tune runs and the design points they tune
 * for; its main plan waits for the tuned learning rates (mainPlan), so it is made once, at the
 * learning rates it trains at.
 */
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../base/user-error.ts';
import { loadDataset } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';
import { shardRuns } from '../execute/shard.ts';
import { checkHeldOut, dataShapeOf, designFactsOf } from '../plan/describe-data.ts';
import { designChecks, designSummary } from '../plan/design-checks.ts';
import type { DataShape } from '../models/family.ts';
import { planSweep, planTargets, planTuneRuns, type TunedSettings, type PlanLimits } from '../plan/plan.ts';
import { loadSpec } from '../spec/load-spec.ts';
import type { SweepSpec } from '../spec/spec.ts';
import type { RunConfig } from '../train/run-config.ts';
import { shardScope } from './shard-policy.ts';
import type { SweepRequest } from './sweep-request.ts';
import { planOrUserError } from './user-errors.ts';
import type { MainPoint } from './tune-stage.ts';

export interface Planned {
  spec: SweepSpec;
  data: Dataset;
  shape: DataShape;
  limits: PlanLimits;
  sweepDir: string;
  /** 'shard 2/4 (--shard 2/4): ' when sharded, else ''. */
  scope: string;
  /** The tune stage's runs (none without a tune block). */
  tuneRuns: RunConfig[];
  /** With a tune block: the main plan's design points, which the tune stage gives learning rates. */
  tuneFor: MainPoint[];
  /** The main plan, when no tune stage chooses its learning rates. */
  main: MainPlan | null;
}

export interface MainPlan {
  /** Every run of the sweep. */
  plan: RunConfig[];
  /** The runs of this shard (all of them unsharded). */
  runs: RunConfig[];
  /** The design checks, one line each (src/plan/design-checks.ts): in full for the dry run. */
  checks: string[];
  /** The same, summed up, for a sweep's log. */
  checkSummary: string[];
}

export async function planStage(req: SweepRequest): Promise<Planned> {
  const spec = await loadSpec(req.specFile);
  if (req.tuneOnly && !spec.tune) throw new UserError(`${req.specFile}: --tune-only needs a tune block in the spec`);
  const data = await loadDataset(spec.task);
  const shape = dataShapeOf(data);
  const limits: PlanLimits = { memoryBytes: os.totalmem() };
  const tuneRuns = planOrUserError(() => planTuneRuns(spec, shape, limits));
  // The tune runs have every batch shape the main runs have (the same axes, other learning rates).
  checkHeldOutOrUserError(req.specFile, data, tuneRuns);
  const planned = { spec, data, shape, limits, sweepDir: path.join(req.out, spec.name), scope: shardScope(req.shard), tuneRuns, tuneFor: [], main: null };
  if (spec.tune) return { ...planned, tuneFor: planOrUserError(() => planTargets(spec, shape, limits)) };
  return { ...planned, main: mainPlan(req, planned) };
}

/** The main plan, at the tuned learning rates (and batch size) when a tune stage gave them, with its design checks. */
export function mainPlan(req: SweepRequest, planned: Pick<Planned, 'spec' | 'data' | 'shape' | 'limits'>, tuned?: TunedSettings): MainPlan {
  const plan = planOrUserError(() => planSweep(planned.spec, planned.shape, planned.limits, tuned));
  checkHeldOutOrUserError(req.specFile, planned.data, plan);
  const facts = designFactsOf(planned.data);
  return { plan, runs: shardRuns(plan, req.shard), checks: designChecks(plan, facts), checkSummary: designSummary(plan, facts) };
}

/** Every distinct batch shape of the plan must find one held-out batch, before anything trains. */
function checkHeldOutOrUserError(file: string, data: Dataset, runs: RunConfig[]): void {
  const seen = new Set<string>();
  for (const run of runs) {
    const key = `${run.train.batchSize}/${run.train.contextLength}/${run.train.evalTokens}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      checkHeldOut(data, run.train);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${file}: ${error.message}: the held-out split must hold at least one batch (train.batchSize, train.contextLength, train.evalTokens)`);
      throw error;
    }
  }
}
