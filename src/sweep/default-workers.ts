/** How many runs to train at once, by backend: wasm and cpu are single-threaded, so one per core. */
import os from 'node:os';
import { listGpus, type ActiveBackend } from '../backend/select.ts';

export interface WorkerPlan {
  workers: number;
  /** CUDA_VISIBLE_DEVICES per worker slot, on GPUs. */
  gpuIds?: string[];
}

export function defaultWorkers(backend: ActiveBackend): WorkerPlan {
  switch (backend.parallelRuns) {
    case 'per-core':
      return { workers: os.availableParallelism() };
    case 'per-gpu': {
      const gpus = listGpus();
      return { workers: Math.max(1, gpus.length), gpuIds: gpus.map((_, i) => String(i)) };
    }
    case 'one':
      return { workers: 1 };
  }
}

/** An explicit --workers K on GPUs still pins workers round-robin to the GPUs. */
export function workersFor(backend: ActiveBackend, requested: number | undefined): WorkerPlan {
  const plan = defaultWorkers(backend);
  return requested === undefined ? plan : { ...plan, workers: requested };
}
