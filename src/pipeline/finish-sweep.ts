/**
 * The end of every sweep: collect → fit → report on one sweep folder. `toyscale sweep` calls it
 * after training, `npm run regenerate` on every committed sweep; each says what it likes through
 * the hooks (the CLI and regenerate word their lines differently).
 */
import fs from 'node:fs';
import { collectSweep, type CollectResult } from '../execute/collect.ts';
import { runsDir, tuneDir as tuneDirOf } from '../io/sweep-folder.ts';
import type { FitPool } from '../fit-threads/pool.ts';
import { writeReport } from '../report/report.ts';
import { fitSweep, type SweepFit, type SweepFitOptions } from './fit-sweep.ts';

export interface FinishOptions {
  fit: SweepFitOptions;
  /** The command's one fit pool. */
  pool: FitPool;
  onCollected?: (collected: CollectResult) => void;
  onFitted?: (fit: SweepFit) => void;
}

/** runs.csv and curves.csv, fits.csv and fits.json, report.md and plots/; returns the report's path. */
export async function finishSweep(sweepDir: string, o: FinishOptions): Promise<string> {
  // Nothing is deleted first: fit replaces fits.csv and fits.json whole, atomically, and removes
  // them only when nothing can be fitted, so no stale law survives either.
  o.onCollected?.(collectSweep(sweepDir));
  // A tune stage's folder gets its runs.csv too (its results are in tuned-lr.json already).
  if (fs.existsSync(runsDir(tuneDirOf(sweepDir)))) collectSweep(tuneDirOf(sweepDir));
  o.onFitted?.(await fitSweep(sweepDir, o.fit, o.pool));
  return writeReport(sweepDir);
}
