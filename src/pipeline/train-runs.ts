/** Runs trained into a folder on the sweep's machine: the tune stage's and the main sweep's alike. */
import { executeRuns, type ExecuteResult } from '../execute/execute.ts';
import { createReporter } from '../execute/progress.ts';
import type { StandbyWorker } from '../execute/standby.ts';
import type { RunConfig } from '../train/run-config.ts';
import type { Machine } from './backend-stage.ts';
import type { SweepRequest } from './sweep-request.ts';

export interface TrainOn {
  req: SweepRequest;
  machine: Machine;
  standby: StandbyWorker;
}

export function trainRuns(on: TrainOn, dir: string, runs: RunConfig[], onSlotIdle?: () => void): Promise<ExecuteResult> {
  const { machine } = on;
  return executeRuns({ sweepDir: dir, runs, backend: machine.backend.name, workers: machine.pool.workers, gpuIds: machine.pool.gpuIds, reporter: createReporter(on.req.progress), onSlotIdle, standby: on.standby });
}
