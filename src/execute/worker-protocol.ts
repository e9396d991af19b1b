/**
 * What a worker tells its sweep: IPC messages and exit codes. A module of its own because
 * importing a value from worker.ts would run a worker.
 */
export type WorkerMessage =
  | { type: 'started'; runId: string; backend: string; device: string }
  | { type: 'progress'; runId: string; step: number; steps: number; tokens: number; evalLoss: number | null; seconds: number }
  | { type: 'busy'; runId: string; why: string };

/** Another live sweep holds the run's lock (EX_TEMPFAIL). */
export const EXIT_BUSY = 75;
/** The worker's sweep died; it stopped without writing. */
export const EXIT_ORPHAN = 3;
