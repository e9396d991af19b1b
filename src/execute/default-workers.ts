/**
 * How many runs to train at once, as the backend's record says: wasm and cpu are single-threaded,
 * so one per core; GPU backends take K runs per GPU (see runs-per-gpu.ts), K = 1 unless measured
 * or given.
 */
import type { WorkerPlan } from '../backend/record.ts';
import { backendRecord } from '../backend/registry.ts';
import type { ActiveBackend } from '../backend/select.ts';

export type { WorkerPlan } from '../backend/record.ts';

export function defaultWorkers(backend: ActiveBackend, runsPerGpu = 1): WorkerPlan {
  return backendRecord(backend.name).workers(backend, runsPerGpu);
}

/** An explicit --workers K on GPUs still pins workers round-robin to the GPUs. */
export function workersFor(backend: ActiveBackend, requested: number | undefined, runsPerGpu = 1): WorkerPlan {
  const plan = defaultWorkers(backend, runsPerGpu);
  return requested === undefined ? plan : { ...plan, workers: requested };
}
