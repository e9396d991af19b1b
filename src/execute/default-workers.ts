/**
 * How many runs to train at once, by backend: wasm and cpu are single-threaded, so one per core;
 * GPU backends take K runs per GPU (see runs-per-gpu.ts), K = 1 unless measured or given.
 */
import os from 'node:os';
import { listGpus, type ActiveBackend } from '../backend/select.ts';

export interface WorkerPlan {
  workers: number;
  /** CUDA_VISIBLE_DEVICES per worker slot, on GPUs: slot i takes gpuIds[i mod length]. */
  gpuIds?: string[];
}

export function defaultWorkers(backend: ActiveBackend, runsPerGpu = 1): WorkerPlan {
  switch (backend.parallelRuns) {
    case 'per-core':
      return { workers: os.availableParallelism() };
    case 'per-gpu': {
      // webgpu trains on the one adapter Dawn picks (see README: several GPUs), so K runs in all.
      if (backend.name === 'webgpu') return { workers: runsPerGpu };
      const gpus = listGpus();
      return { workers: Math.max(1, gpus.length) * runsPerGpu, gpuIds: gpus.map((_, i) => String(i)) };
    }
    case 'one':
      return { workers: 1 };
  }
}

/** An explicit --workers K on GPUs still pins workers round-robin to the GPUs. */
export function workersFor(backend: ActiveBackend, requested: number | undefined, runsPerGpu = 1): WorkerPlan {
  const plan = defaultWorkers(backend, runsPerGpu);
  return requested === undefined ? plan : { ...plan, workers: requested };
}
