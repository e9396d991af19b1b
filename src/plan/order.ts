/**
 * The order runs are started in: most counted training FLOPs first (longest-processing-time
 * first), so K workers end together instead of one worker finishing the biggest run alone.
 * Ties keep plan order. The dry-run estimate schedules runs in this same order.
 */
import type { RunConfig } from '../train/run-config.ts';

export const trainingFlops = (run: RunConfig): number => run.tokens * run.counts.flopsPerTokenCounted;

export function executionOrder<T extends RunConfig>(runs: T[]): T[] {
  return runs
    .map((run, i) => ({ run, i }))
    .sort((a, b) => trainingFlops(b.run) - trainingFlops(a.run) || a.i - b.i)
    .map(({ run }) => run);
}
