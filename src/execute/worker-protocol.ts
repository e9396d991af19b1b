/**
 * What a worker tells its sweep: IPC messages and exit codes. A module of its own because
 * importing a value from worker.ts would run a worker.
 */
import type { BackendName } from '../backend/names.ts';
import type { ProbeResult } from '../backend/resolve.ts';

export type WorkerMessage =
  | { type: 'started'; runId: string; backend: string; device: string }
  | { type: 'progress'; runId: string; step: number; steps: number; tokens: number; evalLoss: number | null; seconds: number }
  | { type: 'busy'; runId: string; why: string }
  /** A standby worker's backend, selected (or why none could be): the sweep's probe. */
  | { type: 'ready'; probe: ProbeResult };

/** What the sweep tells a standby worker: the run it is to train. */
export type SweepMessage = { type: 'run'; dir: string; backend: BackendName };

/** Another live sweep holds the run's lock (EX_TEMPFAIL). */
export const EXIT_BUSY = 75;
/** The worker's sweep died; it stopped without writing. */
export const EXIT_ORPHAN = 3;

/**
 * Starts the line of stderr where a worker says why it failed. The sweep takes a failure's reason
 * only from such a line: anything else a worker's libraries print (a Dawn or TensorFlow warning)
 * is context, never the reason.
 */
export const REASON_PREFIX = 'toyscale worker failed: ';
