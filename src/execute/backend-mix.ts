/**
 * Two backends give different bits, so a run trained on one is not the run another would train:
 * resuming a sweep folder on a different backend must not count those runs as finished.
 */
import type { RunConfig } from '../train/run-config.ts';
import { finishedSummary, runDir } from './run-files.ts';

export interface ForeignRun {
  runId: string;
  backend: string;
}

/** Finished runs of this plan whose summary names another backend than the one about to train. */
export function runsOfAnotherBackend(sweepDir: string, runs: readonly RunConfig[], backend: string): ForeignRun[] {
  return runs.flatMap((run) => {
    const read = finishedSummary(runDir(sweepDir, run.runId));
    return read.state === 'ok' && read.value.backend !== backend ? [{ runId: run.runId, backend: read.value.backend }] : [];
  });
}
