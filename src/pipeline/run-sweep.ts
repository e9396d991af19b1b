/**
 * A whole sweep from its spec: plan → execute (train) → collect → fit → report, or with a dry
 * run the plan and its estimated time only. `toyscale sweep` parses its flags into a
 * SweepRequest and calls these; `npm run regenerate --retrain` does the same without flags.
 */
import os from 'node:os';
import path from 'node:path';
import { duration } from '../base/format.ts';
import { stoppedOrUserError } from '../base/stopped-error.ts';
import { UserError } from '../base/user-error.ts';
import type { BackendRequest } from '../backend/names.ts';
import { readBackendChoice, writeBackendChoice, BACKEND_CHOICE_FILE, type BackendChoice } from '../backend/auto-choice.ts';
import { backendOrUserError, checkRequest, resolveBackend } from '../backend/resolve.ts';
import type { ActiveBackend } from '../backend/select.ts';
import { loadDataset } from '../data/load.ts';
import { measureBackendChoice } from '../execute/backend-choice.ts';
import { runsOfAnotherBackend } from '../execute/backend-mix.ts';
import { calibrate } from '../execute/calibrate.ts';
import { workersFor } from '../execute/default-workers.ts';
import { executeRuns } from '../execute/execute.ts';
import { startStandbyWorker, type StandbyWorker } from '../execute/standby.ts';
import { createReporter, type ProgressMode } from '../execute/progress.ts';
import { isFinished, runDir } from '../execute/run-files.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import { calibrateRunsPerGpu, readRunsPerGpu, writeRunsPerGpu } from '../execute/runs-per-gpu.ts';
import { shardLabel, shardRuns, type Shard } from '../execute/shard.ts';
import { mergeShardMetas, previousInvocations, readSweepMeta, withInvocation, writeSweepMeta, type SweepMeta } from '../execute/sweep-meta.ts';
import { lazyFitPool } from '../fit-threads/pool.ts';
import { checkHeldOut, dataShapeOf, designFactsOf } from '../plan/describe-data.ts';
import { designChecks, designSummary } from '../plan/design-checks.ts';
import { renderDryRun } from '../plan/dry-run.ts';
import { flopsPerStep } from '../plan/estimate.ts';
import { PlanError, planSweep, planTuneRuns, type DataShape, type PlanLimits } from '../plan/plan.ts';
import type { Dataset } from '../data/types.ts';
import { collectSweep, staleRunsLine } from '../execute/collect.ts';
import { writePlanFile } from '../execute/plan-file.ts';
import { trainTuneStage, tuneDirOf, tunedLearningRates, unendedTuneRuns } from './tune-stage.ts';
import { TuneError } from '../fit/lr-tune.ts';
import { loadSpec } from '../spec/load-spec.ts';
import type { SweepSpec } from '../spec/spec.ts';
import type { RunConfig } from '../train/run-config.ts';
import { finishSweep } from './finish-sweep.ts';
import { SWEEP_FIT_DEFAULTS, sweepFitText, type SweepFit } from './fit-sweep.ts';
import { summaryTable } from '../fit/index.ts';

export interface SweepRequest {
  specFile: string;
  backend: BackendRequest;
  /** Runs trained at once; the backend's default when absent. */
  workers?: number;
  /** Runs at once on each GPU; what --dry-run measured (or 1) when absent. */
  workersPerGpu?: number;
  /** Where sweeps go: the sweep's folder is <out>/<spec name>. */
  out: string;
  progress: ProgressMode;
  shard: Shard | null;
  /** Started beside the sweep once its folder exists (the CLI's --watch). */
  beside?: (sweepDir: string) => Promise<unknown>;
  /** With a tune block: train and fit the tune stage only. */
  tuneOnly?: boolean;
  /** When it ends, print every fitted value (toyscale fit's table), not only the determined ones. */
  verbose?: boolean;
}

interface Prepared {
  spec: SweepSpec;
  shape: DataShape;
  limits: PlanLimits;
  /** The tune stage's runs (none without a tune block). */
  tuneRuns: RunConfig[];
  /** With a tune block, planned at train.learningRate until the tune stage has run: counts and sizes are final, learning rates not. */
  plan: RunConfig[];
  runs: RunConfig[];
  sweepDir: string;
  scope: string;
  /** The design checks of the main plan, one line each (src/plan/design-checks.ts): in full for the dry run, summed up for a sweep. */
  checks: string[];
  checkSummary: string[];
}

/** The spec loaded, its data checked and the sweep planned (and sharded): nothing written yet. */
async function prepare(req: SweepRequest): Promise<Prepared> {
  const spec = await loadSpec(req.specFile);
  if (req.tuneOnly && !spec.tune) throw new UserError(`${req.specFile}: --tune-only needs a tune block in the spec`);
  const data = await loadDataset(spec.task);
  const shape = dataShapeOf(data);
  const limits: PlanLimits = { memoryBytes: os.totalmem() };
  const tuneRuns = planOrUserError(() => planTuneRuns(spec, shape, limits));
  const plan = planOrUserError(() => planSweep(spec, shape, limits));
  checkHeldOutOrUserError(req.specFile, data, [...tuneRuns, ...plan]);
  const facts = designFactsOf(data);
  const checks = designChecks(plan, facts);
  const checkSummary = designSummary(plan, facts);
  const shard = req.shard;
  return {
    spec,
    shape,
    limits,
    tuneRuns,
    plan,
    runs: shardRuns(plan, shard),
    sweepDir: path.join(req.out, spec.name),
    scope: shard && shard.count > 1 ? `shard ${shardLabel(shard)} (${shard.source}): ` : '',
    checks,
    checkSummary,
  };
}

/** The plan and, unless `estimate` is false, its time on the chosen backend (measured); trains nothing. */
export async function dryRunSweep(req: SweepRequest, estimate: boolean): Promise<string> {
  const prepared = await prepare(req);
  const { spec, sweepDir, scope, tuneRuns } = prepared;
  // The tune stage's runs not yet ended come first, as they will train first; once all have
  // ended, the main runs are shown at the learning rates they will train at.
  const tunePending = spec.tune ? unendedTuneRuns(sweepDir, tuneRuns) : [];
  const tuned = spec.tune && tunePending.length === 0 ? tunedLearningRates(spec, sweepDir, tuneRuns, prepared.plan.map((r) => r.target)) : null;
  const runs = tuned ? shardRuns(planOrUserError(() => planSweep(spec, prepared.shape, prepared.limits, tuned.lrFor)), req.shard) : prepared.runs;
  const finished = new Set(runs.filter((r) => isFinished(runDir(sweepDir, r.runId))).map((r) => r.runId));
  const pending = [...tunePending, ...runs.filter((r) => !finished.has(r.runId))];
  let backend: ActiveBackend | null = null;
  let calibration = null;
  let perGpu = req.workersPerGpu ?? 1;
  let load: { average: number; cores: number } | undefined;
  if (estimate && pending.length > 0) {
    load = { average: os.loadavg()[0], cores: os.availableParallelism() };
    backend = resolveBackend(req.backend);
    const env = pinnedEnv(workersFor(backend, req.workers).gpuIds);
    calibration = await calibrate(pending, backend.name, env);
    if (backend.parallelRuns === 'per-gpu' && req.workersPerGpu === undefined) {
      const measured = await calibrateRunsPerGpu(medianRun(pending), backend.name, backend.device, 3, env);
      writeRunsPerGpu(sweepDir, measured);
      perGpu = measured.chosen;
      console.log(`runs at once on one GPU (${measured.runId}): ${measured.points.map((p) => `${p.k}: ${Math.round(p.tokensPerSecond)} tokens/s`).join(', ')} → ${perGpu} (kept in ${sweepDir}/runs-per-gpu.json)\n`);
    }
    if (req.backend === 'auto' && backend.parallelRuns === 'per-gpu') {
      const choice = await measureAutoChoice(req, sweepDir, pending, backend, perGpu, env);
      console.log(`${choice.reason} (kept in ${sweepDir}/${BACKEND_CHOICE_FILE})\n`);
      if (choice.chosen === 'wasm') {
        backend = resolveBackend('wasm');
        calibration = await calibrate(pending, backend.name, process.env);
      }
    }
  }
  const pool = backend ? workersFor(backend, req.workers, perGpu) : { workers: req.workers ?? 1 };
  const slowdown = backend && backend.parallelRuns === 'per-core' ? Math.max(1, pool.workers / os.availableParallelism()) : 1;
  const tuneLine =
    tuneRuns.length === 0
      ? ''
      : tuned
        ? `tune stage: all ${tuneRuns.length} runs ended (${tuneDirOf(sweepDir)}); the main runs are shown at their tuned learning rates\n\n`
        : `tune stage: ${tuneRuns.length} runs (${tunePending.length} to train) in ${tuneDirOf(sweepDir)}, listed first; the main runs are shown at train.learningRate until it has run\n\n`;
  return tuneLine + renderDryRun({ name: spec.name, runs: [...tunePending, ...runs], finished, calibration, workers: pool.workers, slowdown, scope, checks: prepared.checks, load });
}

/** Trains every unfinished run of the sweep (or of its shard), then collects, fits and reports. */
export async function runSweep(req: SweepRequest): Promise<void> {
  checkRequest(req.backend);
  // A standby worker selects the backend while this process loads the spec and the data (≈ 1 s
  // of its own, side by side with ours), then trains the first run; if preparing fails first,
  // its outcome is dropped and it is stopped.
  const standby = startStandbyWorker(req.backend);
  standby.probe.catch(() => {});
  try {
    await trainAndFinish(req, standby);
  } finally {
    standby.dispose();
  }
}

async function trainAndFinish(req: SweepRequest, standby: StandbyWorker): Promise<void> {
  const prepared = await prepare(req);
  const { spec, sweepDir, scope, tuneRuns } = prepared;
  let { plan, runs } = prepared;
  const { progress, shard } = req;
  let backend = backendOrUserError(
    await standby.probe.catch((error: unknown) => {
      throw new UserError(error instanceof Error ? error.message : String(error));
    }),
  );
  // auto with a hardware GPU: the faster of it and wasm for this sweep, as --dry-run measured (or now).
  let autoChoice: BackendChoice | undefined;
  if (req.backend === 'auto' && backend.parallelRuns === 'per-gpu') {
    const pending = runs.filter((r) => !isFinished(runDir(sweepDir, r.runId)));
    const perGpuNow = req.workersPerGpu ?? readRunsPerGpu(sweepDir, backend.name, backend.device)?.chosen;
    autoChoice = readBackendChoice(sweepDir, backend.name, backend.device);
    if (!autoChoice && pending.length > 0) autoChoice = await measureAutoChoice(req, sweepDir, pending, backend, perGpuNow, process.env);
    if (autoChoice?.chosen === 'wasm') {
      standby.dispose();
      backend = resolveBackend('wasm');
    }
  }
  // The tune stage's runs choose the main runs' learning rates: they must not mix backends either.
  const foreign = [...runsOfAnotherBackend(sweepDir, runs, backend.name), ...runsOfAnotherBackend(tuneDirOf(sweepDir), tuneRuns, backend.name)];
  if (foreign.length > 0) {
    const others = [...new Set(foreign.map((f) => f.backend))].join(', ');
    throw new UserError(
      `${sweepDir}: ${foreign.length} finished run(s) were trained on ${others} (e.g. ${foreign[0].runId}); this sweep would train on ${backend.name}, and runs of two backends do not mix: give another --out, or --backend ${foreign[0].backend} to resume`,
    );
  }
  const perGpu = req.workersPerGpu ?? readRunsPerGpu(sweepDir, backend.name, backend.device)?.chosen ?? 1;
  const pool = workersFor(backend, req.workers, perGpu);
  // Workers with a GPU each get it at fork; the standby, started before, has none to match.
  if (pool.gpuIds?.length) standby.dispose();
  const log = (line: string) => progress !== 'json' && console.error(line);
  const started = performance.now();
  const startedAt = new Date().toISOString(); // before the tune stage: its time is the sweep's too
  // The live page from the start: it shows the tune stage's runs while they train (<sweep>/tune).
  if (req.beside) await req.beside(sweepDir);
  if (spec.tune) {
    const pendingTune = unendedTuneRuns(sweepDir, tuneRuns);
    if (shard && shard.count > 1 && pendingTune.length > 0) {
      throw new UserError(`${req.specFile}: ${pendingTune.length} tune run(s) have not ended, and shards cannot share a tune stage: run toyscale sweep ${req.specFile} --tune-only (unsharded) first, then the shards`);
    }
    // With a tune stage, the design is said before its runs train (without one, once the sweep folder is written).
    for (const check of prepared.checkSummary) log(`toyscale: design: ${check}`);
    if (pendingTune.length > 0) log(`toyscale: sweep ${spec.name}: tune stage, ${pendingTune.length} of ${tuneRuns.length} runs to train → ${tuneDirOf(sweepDir)}`);
    const tuned = await tuneOrUserError(() =>
      trainTuneStage({
        spec,
        sweepDir,
        tuneRuns,
        mainPoints: plan.map((r) => r.target),
        execute: (tuneDir, toTrain) => executeRuns({ sweepDir: tuneDir, runs: toTrain, backend: backend.name, workers: pool.workers, gpuIds: pool.gpuIds, reporter: createReporter(progress), standby }),
      }),
    );
    collectSweep(tuneDirOf(sweepDir));
    for (const warning of tuned.file.warnings) log(`toyscale: tune: ${warning}`);
    const law = tuned.file.law ? `lr(N${tuned.file.law.dExponent === undefined ? '' : ', D'}) = ${tuned.file.law.c.toPrecision(4)}·N^${tuned.file.law.exponent.toFixed(3)}${tuned.file.law.dExponent === undefined ? '' : `·D^${tuned.file.law.dExponent.toFixed(3)}`}; ` : '';
    log(`toyscale: tune: ${law}${tuned.file.use === 'power-law' ? 'law' : 'per-size'} LRs ${tuned.file.trainedAt.map((t) => `${t.n}${t.d === undefined ? '' : ` at D ${t.d}`}: ${t.learningRate}`).join(', ')} → ${sweepDir}/tuned-lr.json`);
    if (req.tuneOnly) return;
    plan = planOrUserError(() => planSweep(spec, prepared.shape, prepared.limits, tuned.lrFor));
    runs = shardRuns(plan, shard);
  }
  log(`toyscale: ${scope}sweep ${spec.name}: ${runs.length} of ${plan.length} runs on ${backend.name} (${backend.device}), ${pool.workers} worker(s) → ${sweepDir}`);
  if (autoChoice) log(`toyscale: ${autoChoice.reason}`);
  // A resume with nothing left to train keeps the sweep.json that recorded the real training time.
  const previous = shard && shard.count > 1 ? null : readSweepMeta(sweepDir);
  const nothingToTrain = runs.every((r) => isFinished(runDir(sweepDir, r.runId))) && readSweepMeta(sweepDir) !== null;
  const earlier = previousInvocations(previous);
  const meta: SweepMeta = {
    name: spec.name,
    specFile: req.specFile,
    backend: backend.name,
    device: backend.device,
    workers: pool.workers,
    startedAt: earlier[0]?.startedAt ?? startedAt,
    runsPlanned: plan.length,
    shard: shard && shard.count > 1 ? shardLabel(shard) : undefined,
    ...(earlier.length > 0 ? { invocations: earlier, wallSeconds: earlier.reduce((sum, i) => sum + i.wallSeconds, 0) } : {}),
  };
  const thisInvocation = (interrupted: boolean) => ({ startedAt, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - started) / 1000, ...(interrupted ? { interrupted } : {}) });
  if (!nothingToTrain) writeSweepMeta(sweepDir, meta, shard);
  writePlanFile(sweepDir, { sweep: spec.name, specFile: req.specFile, runIds: plan.map((r) => r.runId) });
  if (!spec.tune) for (const check of prepared.checkSummary) log(`toyscale: design: ${check}`);
  // The fit pool's threads start as soon as a core is free (a worker slot has no run left), so
  // their start-up is over when the last run ends.
  const fitPool = lazyFitPool();
  try {
    const result = await executeRuns({ sweepDir, runs, backend: backend.name, workers: pool.workers, gpuIds: pool.gpuIds, reporter: createReporter(progress), onSlotIdle: () => fitPool.start(), standby });
    standby.dispose(); // a standby no run took (nothing left to train) is not kept through the fit
    if (result.interrupted) {
      if (!nothingToTrain) writeSweepMeta(sweepDir, withInvocation(meta, earlier, thisInvocation(true)), shard);
      throw stoppedOrUserError(result.stoppedBy, `sweep ${spec.name} interrupted: ${result.finished.length} run(s) finished this time, runs in flight left unfinished; rerun the same command to resume`);
    }
    const finishedMeta = withInvocation(meta, earlier, thisInvocation(false));
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

    const json = progress === 'json'; // json: stdout stays JSON lines
    const report = await finishSweep(sweepDir, {
      pool: fitPool.start(),
      fit: {
        ...SWEEP_FIT_DEFAULTS,
        onFit: (label, subset) => {
          if (process.stderr.isTTY && !json) process.stderr.write(`fitting ${label} on ${subset}…\n`);
        },
      },
      onCollected: (collected) => {
        for (const problem of collected.problems) log(`toyscale: ${problem} (its run counts as unfinished)`);
        const stale = staleRunsLine(collected);
        if (stale) log(`toyscale: ${stale}`);
        log(`toyscale: ${collected.rows.length} runs → ${collected.runsCsv}, curves → ${collected.curvesCsv}`);
      },
      onFitted: (fit) => process.stdout.write(`${json || req.verbose ? sweepFitText(fit, json) : sweepSummaryText(fit, sweepDir)}\n`),
    });
    log(`toyscale: report → ${report} (wall time ${duration((performance.now() - started) / 1000)})`);
    if (result.failed.length > 0) throw new UserError(`${result.failed.length} run(s) failed; see ${sweepDir}/runs/<id>/error.txt and rerun to retry them`);
  } finally {
    await fitPool.close();
  }
}

/** What a sweep prints when it ends: the determined values, a count of the rest and where they are. */
function sweepSummaryText(fit: SweepFit, sweepDir: string): string {
  if (!fit.fitted) return fit.message;
  return `${summaryTable(fit.results)}: every value and why in ${sweepPaths(sweepDir).reportMd}; toyscale fit ${sweepDir} (or sweep --verbose) prints them all`;
}

/** A plan, refusing one that cannot be trained (too few steps, more memory than this machine has). */
function planOrUserError(plan: () => RunConfig[]): RunConfig[] {
  try {
    return plan();
  } catch (error) {
    if (error instanceof PlanError) throw new UserError(error.message);
    throw error;
  }
}

async function tuneOrUserError<T>(tune: () => Promise<T>): Promise<T> {
  try {
    return await tune();
  } catch (error) {
    if (error instanceof TuneError) throw new UserError(error.message);
    throw error;
  }
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

/** The run of median cost per step: what a sweep's workers train most of the time. */
function medianRun(runs: RunConfig[]): RunConfig {
  return [...runs].sort((a, b) => flopsPerStep(a) - flopsPerStep(b))[Math.floor(runs.length / 2)];
}

/**
 * Times the sweep's median pending run on the GPU backend (K per GPU: as measured, or measured now)
 * and on wasm, keeps the choice in <sweepDir>/backend-choice.json and returns it.
 */
async function measureAutoChoice(req: SweepRequest, sweepDir: string, pending: RunConfig[], gpu: ActiveBackend, perGpu: number | undefined, env: NodeJS.ProcessEnv): Promise<BackendChoice> {
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

/** The calibration child uses the first GPU a worker would get. */
function pinnedEnv(gpuIds: string[] | undefined): NodeJS.ProcessEnv {
  return gpuIds?.length ? { ...process.env, CUDA_VISIBLE_DEVICES: gpuIds[0] } : process.env;
}
