/**
 * A whole sweep from its spec, stage by stage: plan → backend → tune → plan at the tuned learning
 * rates → execute → finish (collect, fit, report). `toyscale sweep` parses its flags into a
 * SweepRequest and calls runSweep (or dryRunSweep, dry-run-sweep.ts); `npm run regenerate
 * --retrain` calls it without flags.
 */
import { checkRequest } from '../backend/resolve.ts';
import { startStandbyWorker } from '../execute/standby.ts';
import { lazyFitPool } from '../fit-threads/pool.ts';
import { backendStage } from './backend-stage.ts';
import { executeStage } from './execute-stage.ts';
import { finishStage } from './finish-stage.ts';
import { mainPlan, planStage } from './plan-stage.ts';
import { startClock } from './sweep-record.ts';
import type { SweepRequest } from './sweep-request.ts';
import { tuneStage } from './train-tune-stage.ts';

/** Trains every unfinished run of the sweep (or of its shard), then collects, fits and reports. */
export async function runSweep(req: SweepRequest): Promise<void> {
  checkRequest(req.backend);
  // A standby worker selects the backend while this process loads the spec and the data (≈ 1 s
  // of its own, side by side with ours), then trains the first run; if planning fails first, its
  // outcome is dropped and it is stopped.
  const standby = startStandbyWorker(req.backend);
  standby.probe.catch(() => {});
  const fitPool = lazyFitPool();
  try {
    const planned = await planStage(req);
    const machine = await backendStage(req, planned, standby);
    const on = { req, machine, standby };
    const clock = startClock(); // before the tune stage: its time is the sweep's too
    // The live page from the start: it shows the tune stage's runs while they train (<sweep>/tune).
    if (req.beside) await req.beside(planned.sweepDir);
    const tuned = await tuneStage(on, planned);
    if (req.tuneOnly) return;
    const main = planned.main ?? mainPlan(req, planned, tuned ?? undefined);
    const trained = await executeStage(on, planned, main, clock, fitPool);
    if (trained.finishHere) await finishStage(req, planned.sweepDir, fitPool, clock, trained.failed);
  } finally {
    standby.dispose();
    await fitPool.close();
  }
}
