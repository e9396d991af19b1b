/**
 * Times a sweep's median run on its GPU backend and on wasm, as the sweep would train each (K runs
 * per GPU; one run per core), and chooses between them (backend/auto-choice.ts). The timing is
 * runs-per-gpu.ts's: children training together, their tokens/s summed.
 */
import os from 'node:os';
import { chooseByMeasurement, type BackendChoice } from '../backend/auto-choice.ts';
import type { ActiveBackend } from '../backend/select.ts';
import type { RunConfig } from '../train/run-config.ts';
import { measureConcurrency, type ConcurrencyPoint, type RunsPerGpu } from './runs-per-gpu.ts';

export type MeasureConcurrency = (run: RunConfig, backend: string, k: number, seconds: number) => Promise<ConcurrencyPoint>;

export interface ChoiceInputs {
  run: RunConfig;
  gpu: ActiveBackend;
  /** What runs-per-gpu measured for this GPU: its best K and that K's tokens/s. */
  runsPerGpu: RunsPerGpu;
  /** GPUs the sweep would spread runs over (webgpu: the one adapter Dawn picks). */
  gpus: number;
  /** Runs wasm would train at once: one per core, unless --workers says otherwise. */
  wasmWorkers?: number;
  seconds?: number;
  measure?: MeasureConcurrency;
}

export async function measureBackendChoice({ run, gpu, runsPerGpu, gpus, wasmWorkers = os.availableParallelism(), seconds = 3, measure = measureConcurrency }: ChoiceInputs): Promise<BackendChoice> {
  if (gpu.parallelRuns !== 'per-gpu' || gpu.adapter?.fallback) throw new Error(`measureBackendChoice: ${gpu.name} (${gpu.device}) is not a hardware GPU backend`);
  const best = runsPerGpu.points.find((p) => p.k === runsPerGpu.chosen) ?? (await measure(run, gpu.name, runsPerGpu.chosen, seconds));
  const wasm = await measure(run, 'wasm', wasmWorkers, seconds);
  return chooseByMeasurement(
    run.runId,
    { backend: gpu.name, device: gpu.device, tokensPerSecond: best.tokensPerSecond * gpus, runsAtOnce: runsPerGpu.chosen * gpus },
    { backend: 'wasm', device: `${os.cpus()[0]?.model.trim() ?? 'CPU'}`, tokensPerSecond: wasm.tokensPerSecond, runsAtOnce: wasmWorkers },
  );
}
