/**
 * `toyscale sweep --dry-run`: the plan and, unless told not to, its time on the chosen backend
 * (measured); trains nothing. The tune stage's runs not yet ended come first, as they will train
 * first; once all have ended, the main runs are shown at the learning rates they will train at.
 */
import os from 'node:os';
import { resolveBackend } from '../backend/resolve.ts';
import type { ActiveBackend } from '../backend/select.ts';
import { calibrate } from '../execute/calibrate.ts';
import { workersFor } from '../execute/default-workers.ts';
import { isFinished, runDir } from '../execute/run-files.ts';
import { calibrateRunsPerGpu, writeRunsPerGpu } from '../execute/runs-per-gpu.ts';
import { renderDryRun } from '../plan/dry-run.ts';
import type { Calibration } from '../plan/estimate.ts';
import { sweepPaths, tuneDir as tuneDirOf } from '../io/sweep-folder.ts';
import type { RunConfig } from '../train/run-config.ts';
import { measureAutoChoice, medianRun } from './backend-stage.ts';
import { mainPlan, planStage, type Planned } from './plan-stage.ts';
import type { SweepRequest } from './sweep-request.ts';
import { tunedLearningRates, unendedTuneRuns } from './tune-stage.ts';

export async function dryRunSweep(req: SweepRequest, estimate: boolean): Promise<string> {
  const planned = await planStage(req);
  const { spec, sweepDir, tuneRuns } = planned;
  const tunePending = spec.tune ? unendedTuneRuns(sweepDir, tuneRuns) : [];
  const tuned = spec.tune && tunePending.length === 0 ? tunedLearningRates(spec, sweepDir, tuneRuns, planned.tuneFor) : null;
  const main = planned.main ?? mainPlan(req, planned, tuned ?? undefined);
  const finished = new Set(main.runs.filter((r) => isFinished(runDir(sweepDir, r.runId))).map((r) => r.runId));
  const pending = [...tunePending, ...main.runs.filter((r) => !finished.has(r.runId))];
  const timing = estimate && pending.length > 0 ? await estimateOn(req, planned, pending) : null;
  const pool = timing ? workersFor(timing.backend, req.workers, timing.perGpu) : { workers: req.workers ?? 1 };
  const slowdown = timing && timing.backend.parallelRuns === 'per-core' ? Math.max(1, pool.workers / os.availableParallelism()) : 1;
  const tuneLine =
    tuneRuns.length === 0
      ? ''
      : tuned
        ? `tune stage: all ${tuneRuns.length} runs ended (${tuneDirOf(sweepDir)}); the main runs are shown at their tuned learning rates\n\n`
        : `tune stage: ${tuneRuns.length} runs (${tunePending.length} to train) in ${tuneDirOf(sweepDir)}, listed first; the main runs are shown at train.learningRate until it has run\n\n`;
  const runs = [...tunePending, ...main.runs];
  return tuneLine + renderDryRun({ name: spec.name, runs, finished, calibration: timing?.calibration ?? null, workers: pool.workers, slowdown, scope: planned.scope, checks: main.checks, load: timing?.load });
}

interface Timing {
  backend: ActiveBackend;
  calibration: Calibration;
  perGpu: number;
  load: { average: number; cores: number };
}

/** The pending runs timed on the backend the sweep would train on: on a GPU, K runs at once, and on auto the faster of it and wasm. */
async function estimateOn(req: SweepRequest, planned: Planned, pending: RunConfig[]): Promise<Timing> {
  const { sweepDir } = planned;
  const load = { average: os.loadavg()[0], cores: os.availableParallelism() };
  let backend = resolveBackend(req.backend);
  const env = pinnedEnv(workersFor(backend, req.workers).gpuIds);
  let calibration = await calibrate(pending, backend.name, env);
  let perGpu = req.workersPerGpu ?? 1;
  if (backend.parallelRuns === 'per-gpu' && req.workersPerGpu === undefined) {
    const measured = await calibrateRunsPerGpu(medianRun(pending), backend.name, backend.device, 3, env);
    writeRunsPerGpu(sweepDir, measured);
    perGpu = measured.chosen;
    console.log(`runs at once on one GPU (${measured.runId}): ${measured.points.map((p) => `${p.k}: ${Math.round(p.tokensPerSecond)} tokens/s`).join(', ')} → ${perGpu} (kept in ${sweepPaths(sweepDir).runsPerGpu})\n`);
  }
  if (req.backend === 'auto' && backend.parallelRuns === 'per-gpu') {
    const choice = await measureAutoChoice(req, sweepDir, pending, backend, perGpu, env);
    console.log(`${choice.reason} (kept in ${sweepPaths(sweepDir).backendChoice})\n`);
    if (choice.chosen === 'wasm') {
      backend = resolveBackend('wasm');
      calibration = await calibrate(pending, backend.name, process.env);
    }
  }
  return { backend, calibration, perGpu, load };
}

/** The calibration child uses the first GPU a worker would get. */
function pinnedEnv(gpuIds: string[] | undefined): NodeJS.ProcessEnv {
  return gpuIds?.length ? { ...process.env, CUDA_VISIBLE_DEVICES: gpuIds[0] } : process.env;
}
