/**
 * Child-process entry for `sweep --dry-run`: times a few real training steps of the given runs on
 * the chosen backend, in a process of its own like a real worker, and sends the timings back.
 * Nothing is written. Each model is first run for 2 steps (warm-up: kernels, allocations), then
 * for about a second of steps (8 to 200) with two evaluations over the spec's held-out tokens.
 * A throughput request (runs-per-gpu.ts) times one model while other children train beside it.
 */
import { selectBackend } from '../backend/select.ts';
import { isBackendRequest } from '../backend/names.ts';
import { loadDataset } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';
import type { ActiveBackend } from '../backend/select.ts';
import { trainRun } from '../train/train-run.ts';
import type { Calibration, CalibrationPoint } from '../plan/estimate.ts';
import { flopsPerStep } from '../plan/estimate.ts';
import type { RunConfig } from '../train/run-config.ts';

export interface CalibrateRequest {
  kind?: 'steps';
  backend: string;
  runs: RunConfig[];
}

/** For runs-per-gpu.ts: warm up, report ready, wait for 'go', then train `run` for about `seconds`. */
export interface ThroughputRequest {
  kind: 'throughput';
  backend: string;
  run: RunConfig;
  seconds: number;
}

export interface ThroughputResult {
  type: 'throughput';
  tokensPerSecond: number;
}

/** Timed steps: enough for about TARGET_SECONDS of training, within [MIN_STEPS, MAX_STEPS]. */
const MIN_STEPS = 8;
const MAX_STEPS = 200;
const TARGET_SECONDS = 1;
const noHooks = { onRow: () => {} };

async function measure(run: RunConfig, data: Dataset, backend: ActiveBackend): Promise<CalibrationPoint> {
  const n = await warmUp(run, data, backend, TARGET_SECONDS);
  // evalPoints 1 → evaluations at step 0 and at the end only.
  const timed: RunConfig = { ...run, steps: n, tokens: n * run.tokensPerStep, train: { ...run.train, evalPoints: 1 } };
  const out = await trainRun(timed, data, backend, noHooks);
  const steps = Math.max(1, out.stepsCompleted);
  const trainSeconds = out.tokensPerSecond > 0 ? out.tokensTrained / out.tokensPerSecond : 0;
  return {
    runId: run.runId,
    nNonembed: run.counts.nNonembed,
    flopsPerStep: flopsPerStep(run),
    stepSeconds: trainSeconds / steps,
    evalSeconds: Math.max(0, (out.seconds - trainSeconds) / 2),
    stepsTimed: steps,
  };
}

/** Steps for about `seconds` at the speed of a 2-step warm-up, which also compiles the kernels. */
async function warmUp(run: RunConfig, data: Dataset, backend: ActiveBackend, seconds: number): Promise<number> {
  const warm: RunConfig = { ...run, steps: 2, tokens: 2 * run.tokensPerStep, train: { ...run.train, evalPoints: 1, evalTokens: run.tokensPerStep } };
  const rough = await trainRun(warm, data, backend, noHooks);
  const roughStep = rough.tokensPerSecond > 0 ? run.tokensPerStep / rough.tokensPerSecond : 1;
  return Math.min(MAX_STEPS, Math.max(MIN_STEPS, Math.ceil(seconds / roughStep)));
}

async function throughput(request: ThroughputRequest): Promise<void> {
  if (!isBackendRequest(request.backend)) throw new Error(`unknown backend ${request.backend}`);
  const backend = await selectBackend(request.backend);
  const data = await loadDataset(request.run.task);
  const n = await warmUp(request.run, data, backend, request.seconds);
  const go = new Promise<void>((resolve) => process.on('message', (m: { type?: string }) => m.type === 'go' && resolve()));
  process.send?.({ type: 'ready' });
  await go;
  const timed: RunConfig = { ...request.run, steps: n, tokens: n * request.run.tokensPerStep, train: { ...request.run.train, evalPoints: 1, evalTokens: request.run.tokensPerStep } };
  const out = await trainRun(timed, data, backend, noHooks);
  const result: ThroughputResult = { type: 'throughput', tokensPerSecond: out.tokensPerSecond };
  process.send?.(result, () => process.exit(0));
}

process.once('message', (raw) => {
  void (async () => {
    if ((raw as ThroughputRequest).kind === 'throughput') return throughput(raw as ThroughputRequest);
    const request = raw as CalibrateRequest;
    if (!isBackendRequest(request.backend)) throw new Error(`unknown backend ${request.backend}`);
    const backend = await selectBackend(request.backend);
    const data = await loadDataset(request.runs[0].task);
    const startupSeconds = process.uptime();
    const points: CalibrationPoint[] = [];
    for (const run of request.runs) points.push(await measure(run, data, backend));
    const result: Calibration = { backend: backend.name, device: backend.device, startupSeconds, points };
    process.send?.(result, () => process.exit(0));
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
});
