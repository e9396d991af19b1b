/**
 * The finish stage of `toyscale sweep`: finishSweep (collect → fit → report) with the sweep's
 * lines: what collect found, the fit's summary on stdout (the full table with --verbose, JSON with
 * --progress json), where the report went, and the runs that failed.
 */
import { duration } from '../base/format.ts';
import { UserError } from '../base/user-error.ts';
import { staleRunsLine } from '../execute/collect.ts';
import { summaryTable } from '../fit/index.ts';
import type { LazyFitPool } from '../fit-threads/pool.ts';
import { runDir, runPaths, sweepPaths } from '../io/sweep-folder.ts';
import { finishSweep } from './finish-sweep.ts';
import { SWEEP_FIT_DEFAULTS, sweepFitText, type SweepFit } from './fit-sweep.ts';
import type { SweepClock } from './sweep-record.ts';
import { sweepLog, type SweepRequest } from './sweep-request.ts';

export async function finishStage(req: SweepRequest, sweepDir: string, fitPool: LazyFitPool, clock: SweepClock, failed: number): Promise<void> {
  const log = sweepLog(req);
  const json = req.progress === 'json'; // json: stdout stays JSON lines
  const report = await finishSweep(sweepDir, {
    pool: fitPool.start(),
    fit: {
      ...SWEEP_FIT_DEFAULTS,
      onFit: (label, subset) => {
        if (process.stderr.isTTY && !json) process.stderr.write(`fitting ${label} on ${subset}…\n`);
      },
    },
    onCollected: (collected) => {
      for (const problem of collected.problems) log(`toyscale: ${problem} (its run counts as unfinished)`);
      const stale = staleRunsLine(collected);
      if (stale) log(`toyscale: ${stale}`);
      log(`toyscale: ${collected.rows.length} runs → ${collected.runsCsv}, curves → ${collected.curvesCsv}`);
    },
    onFitted: (fit) => process.stdout.write(`${json || req.verbose ? sweepFitText(fit, json) : sweepSummaryText(fit, sweepDir)}\n`),
  });
  log(`toyscale: report → ${report} (wall time ${duration((performance.now() - clock.started) / 1000)})`);
  if (failed > 0) throw new UserError(`${failed} run(s) failed; see ${runPaths(runDir(sweepDir, '<id>')).error} and rerun to retry them`);
}

/** What a sweep prints when it ends: the determined values, a count of the rest and where they are. */
function sweepSummaryText(fit: SweepFit, sweepDir: string): string {
  if (!fit.fitted) return fit.message;
  return `${summaryTable(fit.results)}: every value and why in ${sweepPaths(sweepDir).reportMd}; toyscale fit ${sweepDir} (or sweep --verbose) prints them all`;
}
