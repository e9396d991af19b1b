/** What `toyscale sweep` (or `regenerate --retrain`) asks of a sweep: the spec and how to train it. */
import type { BackendRequest } from '../backend/names.ts';
import type { ProgressMode } from '../execute/progress.ts';
import type { Shard } from '../execute/shard.ts';

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

/** A line of the sweep's own progress on stderr (none with --progress json: stderr carries events). */
export function sweepLog(req: SweepRequest): (line: string) => void {
  return (line) => {
    if (req.progress !== 'json') console.error(line);
  };
}
