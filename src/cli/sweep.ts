/** `toyscale sweep <spec.ts>`: plan → train → collect → fit → report, in one command. */
import os from 'node:os';
import path from 'node:path';
import { resolveBackend, resolveBackendAsync } from '../backend/resolve.ts';
import type { ActiveBackend } from '../backend/select.ts';
import { loadDataset } from '../data/load.ts';
import { calibrate } from '../sweep/calibrate.ts';
import { checkHeldOut, dataShapeOf } from '../sweep/describe-data.ts';
import { workersFor } from '../sweep/default-workers.ts';
import { renderDryRun } from '../sweep/dry-run.ts';
import { flopsPerStep } from '../sweep/estimate.ts';
import type { RunConfig } from '../sweep/run-config.ts';
import { runsOfAnotherBackend } from '../sweep/backend-mix.ts';
import { calibrateRunsPerGpu, readRunsPerGpu, writeRunsPerGpu } from '../sweep/runs-per-gpu.ts';
import { executeRuns } from '../sweep/execute.ts';
import { loadSpec } from '../sweep/load-spec.ts';
import { PlanError, planSweep, type DataShape } from '../sweep/plan.ts';
import { createReporter, defaultProgressMode, type ProgressMode } from '../sweep/progress.ts';
import { isFinished, runDir } from '../sweep/run-files.ts';
import { resolveShard, ShardError, shardLabel, shardRuns, type Shard } from '../sweep/shard.ts';
import { mergeShardMetas, readSweepMeta, writeSweepMeta, type SweepMeta } from '../sweep/sweep-meta.ts';
import { isBackendRequest, BACKENDS } from '../backend/names.ts';
import { parseCommandArgs, positiveInt } from './args.ts';
import { duration } from './format.ts';
import { UserError } from './user-error.ts';

export { readSweepMeta, type SweepMeta } from '../sweep/sweep-meta.ts';

export const sweepHelp = `Usage: toyscale sweep <spec.ts> [options]

Plans the sweep in <spec.ts>, trains every run that is not finished yet (each in its own
process), then collects runs.csv and curves.csv, fits the scaling laws (fits.csv, fits.json) and
writes report.md, all under <out>/<sweep name>/. Rerunning the same command resumes: finished
runs are skipped, unfinished ones are trained again from the start. Ctrl-C stops cleanly.

Options:
  --backend <name>     auto (default), tensorflow-gpu, webgpu, tensorflow, wasm or cpu
  --workers <K>        runs trained at once (default: one per core on wasm/cpu, K per GPU)
  --workers-per-gpu <K>  runs trained at once on each GPU (default: what --dry-run measured for
                       this backend and device, kept in <out>/<sweep>/runs-per-gpu.json, else 1)
  --out <dir>          where sweeps go (default: runs, which git ignores; results/ holds the
                       committed reference sweeps that npm run regenerate rebuilds)
  --dry-run            print the plan and the estimated time on the chosen backend (measured by
                       timing a few steps of the smallest and largest model); on a GPU also measure
                       the sweep's tokens/s with 1, 2, 4 and 8 runs at once and keep the best K;
                       train nothing
  --no-estimate        with --dry-run: skip the timing, print the plan only
  --progress <mode>    bar (default on a terminal), lines (default otherwise: elapsed, ETA and
                       each run's latest eval loss), json (events on stderr, the fit's JSON
                       object on stdout), quiet
  --shard <I/N>        train only shard I of N (1 ≤ I ≤ N); shards share <out> and the last one
                       to finish collects, fits and reports (or run toyscale collect)
  --shards <N>         the shard count when the index comes from the environment
  --watch              serve a live page of the curves while the sweep runs (see toyscale watch)
  -h, --help           this help

Shards from the environment (when --shard is not given):
  Slurm array jobs     SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (see scripts/slurm-sweep.sh)
  Kubernetes           JOB_COMPLETION_INDEX (indexed Job), with --shards N or TOYSCALE_SHARD_COUNT=N
  --shard 1/1 trains everything even inside an array job.`;

const PROGRESS_MODES: ProgressMode[] = ['bar', 'lines', 'json', 'quiet'];

/** Users' sweeps go here (git-ignored); results/ is for the committed reference sweeps. */
export const DEFAULT_OUT = 'runs';

export async function sweepCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('sweep', argv, {
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
    'workers-per-gpu': { type: 'string' },
    out: { type: 'string', default: DEFAULT_OUT },
    'dry-run': { type: 'boolean', default: false },
    'no-estimate': { type: 'boolean', default: false },
    progress: { type: 'string' },
    shard: { type: 'string' },
    shards: { type: 'string' },
    watch: { type: 'boolean', default: false },
  });
  if (values.help) return void console.log(sweepHelp);
  const file = positionals[0];
  if (!file) throw new UserError('sweep: give a spec file, e.g. toyscale sweep experiments/default.ts');
  if (positionals.length > 1) throw new UserError(`sweep: one spec file at a time, got ${positionals.length}`);
  // Check every argument before anything is loaded or written.
  if (!isBackendRequest(values.backend)) throw new UserError(`unknown backend "${values.backend}": choose auto, ${BACKENDS.join(', ')}`);
  const workers = positiveInt('sweep', 'workers', values.workers);
  const perGpuFlag = positiveInt('sweep', 'workers-per-gpu', values['workers-per-gpu']);
  const progress = (values.progress ?? defaultProgressMode()) as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new UserError(`sweep: --progress must be one of ${PROGRESS_MODES.join(', ')}, got "${values.progress}"`);
  const shard = shardOrUserError(values.shard, positiveInt('sweep', 'shards', values.shards));
  // A sweep that trains probes its backend in a child while this process loads the spec, the
  // data and the code of the stages after training (≈ 1 s of the child, ≈ 0.7 s here, side by side).
  const probing = values['dry-run'] ? null : handledLater(resolveBackendAsync(values.backend));
  const afterTraining = values['dry-run'] ? null : handledLater(importAfterTraining());

  const spec = await loadSpec(file);
  const data = await loadDataset(spec.task);
  try {
    checkHeldOut(data, spec.train);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${file}: ${error.message}: the held-out split must hold at least one batch (train.batchSize, train.contextLength, train.evalTokens)`);
    throw error;
  }
  const plan = planOrUserError(spec, dataShapeOf(data));
  const runs = shardRuns(plan, shard);
  const sweepDir = path.join(values.out, spec.name);
  const scope = shard && shard.count > 1 ? `shard ${shardLabel(shard)} (${shard.source}): ` : '';
  if (values['dry-run']) {
    const finished = new Set(runs.filter((r) => isFinished(runDir(sweepDir, r.runId))).map((r) => r.runId));
    const pending = runs.filter((r) => !finished.has(r.runId));
    let backend: ActiveBackend | null = null;
    let calibration = null;
    let perGpu = perGpuFlag ?? 1;
    if (!values['no-estimate'] && pending.length > 0) {
      backend = resolveBackend(values.backend);
      const env = pinnedEnv(workersFor(backend, workers).gpuIds);
      calibration = await calibrate(pending, backend.name, env);
      if (backend.parallelRuns === 'per-gpu' && perGpuFlag === undefined) {
        const measured = await calibrateRunsPerGpu(medianRun(pending), backend.name, backend.device, 3, env);
        writeRunsPerGpu(sweepDir, measured);
        perGpu = measured.chosen;
        console.log(`runs at once on one GPU (${measured.runId}): ${measured.points.map((p) => `${p.k}: ${Math.round(p.tokensPerSecond)} tokens/s`).join(', ')} → ${perGpu} (kept in ${sweepDir}/runs-per-gpu.json)\n`);
      }
    }
    const pool = backend ? workersFor(backend, workers, perGpu) : { workers: workers ?? 1 };
    const slowdown = backend && backend.parallelRuns === 'per-core' ? Math.max(1, pool.workers / os.availableParallelism()) : 1;
    return void console.log(renderDryRun({ name: spec.name, runs, finished, calibration, workers: pool.workers, slowdown, scope }));
  }

  const backend = await probing!;
  const foreign = runsOfAnotherBackend(sweepDir, runs, backend.name);
  if (foreign.length > 0) {
    const others = [...new Set(foreign.map((f) => f.backend))].join(', ');
    throw new UserError(
      `${sweepDir}: ${foreign.length} finished run(s) were trained on ${others} (e.g. ${foreign[0].runId}); this sweep would train on ${backend.name}, and runs of two backends do not mix: give another --out, or --backend ${foreign[0].backend} to resume`,
    );
  }
  const perGpu = perGpuFlag ?? readRunsPerGpu(sweepDir, backend.name, backend.device)?.chosen ?? 1;
  const pool = workersFor(backend, workers, perGpu);
  const log = (line: string) => progress !== 'json' && console.error(line);
  log(`toyscale: ${scope}sweep ${spec.name}: ${runs.length} of ${plan.length} runs on ${backend.name} (${backend.device}), ${pool.workers} worker(s) → ${sweepDir}`);
  // A resume with nothing left to train keeps the sweep.json that recorded the real training time.
  const nothingToTrain = runs.every((r) => isFinished(runDir(sweepDir, r.runId))) && readSweepMeta(sweepDir) !== null;
  const meta: SweepMeta = {
    name: spec.name,
    specFile: file,
    backend: backend.name,
    device: backend.device,
    workers: pool.workers,
    startedAt: new Date().toISOString(),
    runsPlanned: plan.length,
    shard: shard && shard.count > 1 ? shardLabel(shard) : undefined,
  };
  if (!nothingToTrain) writeSweepMeta(sweepDir, meta, shard);
  if (values.watch) await (await import('./watch.ts')).watchBesideSweep(sweepDir);
  const started = performance.now();
  const result = await executeRuns({ sweepDir, runs, backend: backend.name, workers: pool.workers, gpuIds: pool.gpuIds, reporter: createReporter(progress) });
  if (result.interrupted) {
    throw new UserError(`sweep ${spec.name} interrupted: ${result.finished.length} run(s) finished this time, runs in flight left unfinished; rerun the same command to resume`);
  }
  const finishedMeta = { ...meta, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - started) / 1000 };
  for (const failure of result.failed) log(`toyscale: run ${failure.runId} failed: ${failure.error}`);
  for (const busy of result.busy) log(`toyscale: run ${busy.runId} skipped: ${busy.why}`);
  if (!nothingToTrain) writeSweepMeta(sweepDir, finishedMeta, shard);

  const unfinished = plan.filter((r) => !isFinished(runDir(sweepDir, r.runId))).length;
  if (shard && shard.count > 1) {
    if (unfinished > 0) {
      log(`toyscale: shard ${shardLabel(shard)} done; ${unfinished} run(s) of the sweep are not finished (other shards, or failed here). When every shard has ended: toyscale collect ${sweepDir} && toyscale fit ${sweepDir} && toyscale report ${sweepDir}`);
      if (result.failed.length > 0) throw new UserError(`${result.failed.length} run(s) of shard ${shardLabel(shard)} failed; see ${sweepDir}/runs/<id>/error.txt and rerun this shard to retry them`);
      return;
    }
    // The last shard to finish merges; two finishing together write the same files atomically.
    if (!nothingToTrain) writeSweepMeta(sweepDir, mergeShardMetas(sweepDir, shard, finishedMeta), null);
    log(`toyscale: shard ${shardLabel(shard)} finished the last runs of the sweep; collecting all shards`);
  }
  if (result.busy.length > 0) {
    throw new UserError(`${result.busy.length} run(s) are being trained by another toyscale process; rerun when it ends to collect them`);
  }

  const { collectSweep, fitCommand, writeReport } = await afterTraining!;
  const collected = collectSweep(sweepDir);
  for (const problem of collected.problems) log(`toyscale: ${problem} (its run counts as unfinished)`);
  log(`toyscale: ${collected.rows.length} runs → ${collected.runsCsv}, curves → ${collected.curvesCsv}`);
  await fitCommand(progress === 'json' ? [sweepDir, '--json'] : [sweepDir]); // json: stdout stays JSON lines
  const report = await writeReport(sweepDir);
  log(`toyscale: report → ${report} (wall time ${duration((performance.now() - started) / 1000)})`);
  if (result.failed.length > 0) throw new UserError(`${result.failed.length} run(s) failed; see ${sweepDir}/runs/<id>/error.txt and rerun to retry them`);
}

/** The modules of collect, fit and report, which a sweep needs only once its runs have ended. */
async function importAfterTraining() {
  const [collect, fit, report] = await Promise.all([import('../report/collect.ts'), import('./fit.ts'), import('../report/report.ts')]);
  return { collectSweep: collect.collectSweep, fitCommand: fit.fitCommand, writeReport: report.writeReport };
}

/** A promise awaited later: if the command fails before that, its rejection must not crash the process. */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The plan, refusing a run that cannot fit in this machine's memory (see src/sweep/memory.ts). */
function planOrUserError(spec: Awaited<ReturnType<typeof loadSpec>>, data: DataShape) {
  try {
    return planSweep(spec, data, { memoryBytes: os.totalmem() });
  } catch (error) {
    if (error instanceof PlanError) throw new UserError(error.message);
    throw error;
  }
}

function shardOrUserError(flag: string | undefined, count: number | undefined): Shard | null {
  try {
    return resolveShard(flag, count, process.env);
  } catch (error) {
    if (error instanceof ShardError) throw new UserError(`sweep: ${error.message}`);
    throw error;
  }
}

/** The run of median cost per step: what a sweep's workers train most of the time. */
function medianRun(runs: RunConfig[]): RunConfig {
  return [...runs].sort((a, b) => flopsPerStep(a) - flopsPerStep(b))[Math.floor(runs.length / 2)];
}

/** The calibration child uses the first GPU a worker would get. */
function pinnedEnv(gpuIds: string[] | undefined): NodeJS.ProcessEnv {
  return gpuIds?.length ? { ...process.env, CUDA_VISIBLE_DEVICES: gpuIds[0] } : process.env;
}
