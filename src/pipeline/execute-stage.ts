/**
 * The execute stage: the main plan's runs of this shard trained into <sweep>/runs/, with
 * sweep.json and plan.json written first, and each failure or skipped run said. Its outcome tells
 * the sweep whether to finish (collect, fit, report) here.
 */
import { stoppedOrUserError } from '../base/stopped-error.ts';
import { UserError } from '../base/user-error.ts';
import { runsOfAnotherBackend } from '../execute/backend-mix.ts';
import { writePlanFile } from '../io/sweep-files.ts';
import type { LazyFitPool } from '../fit-threads/pool.ts';
import { refuseOtherBackends } from './backend-stage.ts';
import type { MainPlan, Planned } from './plan-stage.ts';
import { finishesSweep } from './shard-policy.ts';
import { closeRecord, openRecord, type SweepClock } from './sweep-record.ts';
import { sweepLog } from './sweep-request.ts';
import { trainRuns, type TrainOn } from './train-runs.ts';

export interface Trained {
  /** Runs that failed this time (the sweep still finishes, then says so). */
  failed: number;
  /** False when other shards' runs remain: the last shard to end finishes the sweep. */
  finishHere: boolean;
}

export async function executeStage(on: TrainOn, planned: Planned, main: MainPlan, clock: SweepClock, fitPool: LazyFitPool): Promise<Trained> {
  const { req, machine } = on;
  const { spec, sweepDir } = planned;
  const log = sweepLog(req);
  // A main plan made before the backend stage was checked there; one made at the tuned learning rates is checked here.
  if (!planned.main) refuseOtherBackends(sweepDir, machine.backend.name, runsOfAnotherBackend(sweepDir, main.runs, machine.backend.name));
  log(`toyscale: ${planned.scope}sweep ${spec.name}: ${main.runs.length} of ${main.plan.length} runs on ${machine.backend.name} (${machine.backend.device}), ${machine.pool.workers} worker(s) → ${sweepDir}`);
  if (machine.autoChoice) log(`toyscale: ${machine.autoChoice.reason}`);
  const record = openRecord(req, planned, main, machine, clock);
  writePlanFile(sweepDir, { sweep: spec.name, specFile: req.specFile, runIds: main.plan.map((r) => r.runId) });
  for (const check of main.checkSummary) log(`toyscale: design: ${check}`);
  // The fit pool's threads start as soon as a core is free (a worker slot has no run left), so
  // their start-up is over when the last run ends.
  const result = await trainRuns(on, sweepDir, main.runs, () => fitPool.start());
  on.standby.dispose(); // a standby no run took (nothing left to train) is not kept through the fit
  if (result.interrupted) {
    closeRecord(record, req, sweepDir, clock, true);
    throw stoppedOrUserError(result.stoppedBy, `sweep ${spec.name} interrupted: ${result.finished.length} run(s) finished this time, runs in flight left unfinished; rerun the same command to resume`);
  }
  for (const failure of result.failed) log(`toyscale: run ${failure.runId} failed: ${failure.error}`);
  for (const busy of result.busy) log(`toyscale: run ${busy.runId} skipped: ${busy.why}`);
  const meta = closeRecord(record, req, sweepDir, clock, false);
  const finishHere = finishesSweep({ sweepDir, shard: req.shard, plan: main.plan, failed: result.failed.length, meta: record.write ? meta : null, log });
  if (finishHere && result.busy.length > 0) {
    throw new UserError(`${result.busy.length} run(s) are being trained by another toyscale process; rerun when it ends to collect them`);
  }
  return { failed: result.failed.length, finishHere };
}
