/** Messages between fit-threads' pool and its worker threads (fit-worker.ts). */
import type { Optimum } from '../fit/multistart.ts';
import type { FitOptions, LawName } from '../fit/types.ts';
import type { Pt } from '../fit/validate.ts';

/** Which law, on which points: a worker rebuilds the same law from it (makeLaw is deterministic). */
export interface FitJob {
  law: LawName;
  options: FitOptions;
  pts: Pt[];
}

/**
 * A resample as sent to a worker: an index into the job's points where the resample reuses one
 * (most do), else the point itself (run resampling renames runs).
 */
export type SentResample = (number | Pt)[];

export type FitTask =
  /** The starts i ≡ part (mod parts) of the law's first scan over the full points, or over `subset` (a hold-out's training part). */
  | { kind: 'scan'; job: FitJob; part: number; parts: number; subset?: Pt[] }
  /** Refit each resample from the warm starts. */
  | { kind: 'bootstrap'; job: FitJob; resamples: SentResample[]; warm: Float64Array[] | undefined };

export type FitTaskResult =
  | { kind: 'scan'; starts: number; optima: Optimum[] }
  | { kind: 'bootstrap'; rows: (number[] | null)[] };

export type WorkerReply = { id: number; ok: true; result: FitTaskResult } | { id: number; ok: false; error: string };
