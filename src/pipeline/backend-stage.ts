/**
 * The backend stage: which backend trains the sweep and how many runs at once. The standby
 * worker's probe selects the backend; on `auto` with a hardware GPU the faster of it and wasm for
 * this sweep (as --dry-run measured, or measured now); finished runs of another backend refuse the
 * sweep, since two backends' runs do not mix.
 */
import { readBackendChoice, writeBackendChoice, type BackendChoice } from '../backend/auto-choice.ts';
import { backendOrUserError, resolveBackend } from '../backend/resolve.ts';
import type { ActiveBackend } from '../backend/select.ts';
import { UserError } from '../base/user-error.ts';
import { measureBackendChoice } from '../execute/backend-choice.ts';
import { runsOfAnotherBackend } from '../execute/backend-mix.ts';
import { workersFor, type WorkerPlan } from '../execute/default-workers.ts';
import { isFinished, runDir } from '../execute/run-files.ts';
import { calibrateRunsPerGpu, readRunsPerGpu, writeRunsPerGpu } from '../execute/runs-per-gpu.ts';
import type { StandbyWorker } from '../execute/standby.ts';
import { tuneDir as tuneDirOf } from '../io/sweep-folder.ts';
import { flopsPerStep } from '../plan/estimate.ts';
import type { RunConfig } from '../train/run-config.ts';
import type { Planned } from './plan-stage.ts';
import type { SweepRequest } from './sweep-request.ts';
import { probeOrUserError } from './user-errors.ts';

export interface Machine {
  backend: ActiveBackend;
  pool: WorkerPlan;
  /** On auto with a hardware GPU: the measured choice between it and wasm. */
  autoChoice?: BackendChoice;
}

export async function backendStage(req: SweepRequest, planned: Planned, standby: StandbyWorker): Promise<Machine> {
  const { sweepDir } = planned;
  let backend = backendOrUserError(await probeOrUserError(standby.probe));
  let autoChoice: BackendChoice | undefined;
  if (req.backend === 'auto' && backend.parallelRuns === 'per-gpu') {
    autoChoice = readBackendChoice(sweepDir, backend.name, backend.device);
    // Timed on the runs about to train: the tune stage's first, with the main runs' sizes and batches.
    const pending = [...planned.tuneRuns.filter((r) => !isFinished(runDir(tuneDirOf(sweepDir), r.runId))), ...(planned.main?.runs ?? []).filter((r) => !isFinished(runDir(sweepDir, r.runId)))];
    const perGpu = req.workersPerGpu ?? readRunsPerGpu(sweepDir, backend.name, backend.device)?.chosen;
    if (!autoChoice && pending.length > 0) autoChoice = await measureAutoChoice(req, sweepDir, pending, backend, perGpu, process.env);
    if (autoChoice?.chosen === 'wasm') {
      standby.dispose();
      backend = resolveBackend('wasm');
    }
  }
  // The tune stage's runs choose the main runs' learning rates: they must not mix backends either.
  refuseOtherBackends(sweepDir, backend.name, [...runsOfAnotherBackend(sweepDir, planned.main?.runs ?? [], backend.name), ...runsOfAnotherBackend(tuneDirOf(sweepDir), planned.tuneRuns, backend.name)]);
  const perGpu = req.workersPerGpu ?? readRunsPerGpu(sweepDir, backend.name, backend.device)?.chosen ?? 1;
  const pool = workersFor(backend, req.workers, perGpu);
  // Workers with a GPU each get it at fork; the standby, started before, has none to match.
  if (pool.gpuIds?.length) standby.dispose();
  return { backend, pool, autoChoice };
}

/** Refuses a sweep whose finished runs (of `runs`) were trained on another backend than `backend`. */
export function refuseOtherBackends(sweepDir: string, backend: string, foreign: Array<{ runId: string; backend: string }>): void {
  if (foreign.length === 0) return;
  const others = [...new Set(foreign.map((f) => f.backend))].join(', ');
  throw new UserError(
    `${sweepDir}: ${foreign.length} finished run(s) were trained on ${others} (e.g. ${foreign[0].runId}); this sweep would train on ${backend}, and runs of two backends do not mix: give another --out, or --backend ${foreign[0].backend} to resume`,
  );
}

/** The run of median cost per step: what a sweep's workers train most of the time. */
export function medianRun(runs: RunConfig[]): RunConfig {
  return [...runs].sort((a, b) => flopsPerStep(a) - flopsPerStep(b))[Math.floor(runs.length / 2)];
}

/**
 * Times the sweep's median pending run on the GPU backend (K per GPU: as measured, or measured now)
 * and on wasm, keeps the choice in <sweepDir>/backend-choice.json and returns it.
 */
export async function measureAutoChoice(req: SweepRequest, sweepDir: string, pending: RunConfig[], gpu: ActiveBackend, perGpu: number | undefined, env: NodeJS.ProcessEnv): Promise<BackendChoice> {
  const run = medianRun(pending);
  const known = readRunsPerGpu(sweepDir, gpu.name, gpu.device);
  let runsPerGpu = perGpu !== undefined ? { backend: gpu.name, device: gpu.device, runId: run.runId, points: known?.points ?? [], chosen: perGpu } : known;
  if (!runsPerGpu) {
    runsPerGpu = await calibrateRunsPerGpu(run, gpu.name, gpu.device, 3, env);
    writeRunsPerGpu(sweepDir, runsPerGpu); // the sweep then trains at this K if the GPU wins
  }
  const gpus = Math.max(1, workersFor(gpu, undefined, 1).gpuIds?.length ?? 1);
  const choice = await measureBackendChoice({ run, gpu, runsPerGpu, gpus, wasmWorkers: req.workers });
  writeBackendChoice(sweepDir, choice);
  return choice;
}
