/**
 * `npm run regenerate`: rebuild every sweep under results/ from its run folders (collect → fit →
 * report) without training, or with --retrain, train the named sweeps again from scratch.
 *
 * Rebuilding reads only runs/<id>/{config,curve,summary}; fits are seeded and collect sorts its
 * rows, so running it twice on the same run folders writes the same bytes (tested).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BackendRequest } from '../backend/names.ts';
import { UserError } from '../base/user-error.ts';
import { runsDir } from '../io/sweep-folder.ts';
import { FitPool, withFitPool } from '../fit-threads/pool.ts';
import { writeResultsIndex } from '../report/results-index.ts';
import { readRunRecords, staleRunsLine } from '../execute/collect.ts';
import { finishSweep } from './finish-sweep.ts';
import { SWEEP_FIT_DEFAULTS, sweepFitText } from './fit-sweep.ts';
import { runSweep } from './run-sweep.ts';

/** Folders under resultsDir that hold a sweep (a runs/ folder), sorted by name. */
export function listSweeps(resultsDir: string): string[] {
  if (!fs.existsSync(resultsDir)) return [];
  return fs
    .readdirSync(resultsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(runsDir(path.join(resultsDir, e.name))))
    .map((e) => e.name)
    .sort();
}

/**
 * collect → fit → report for one sweep folder, on the command's fit pool; returns the report's path.
 * A committed sweep whose run became unreadable or unfinished (a corrupt summary.json) is not
 * rebuilt: refitting without it would replace, or delete, a committed fit. It fails first, with one
 * line naming the run, and writes nothing.
 */
export async function rebuildSweep(sweepDir: string, pool: FitPool): Promise<string> {
  checkRebuildable(sweepDir);
  return finishSweep(sweepDir, {
    pool,
    fit: SWEEP_FIT_DEFAULTS,
    onCollected: (collected) => {
      for (const problem of collected.problems) console.error(`regenerate: ${problem} (its run counts as unfinished)`);
      if (collected.unfinished.length > 0) console.error(`regenerate: ${sweepDir}: ${collected.unfinished.length} unfinished run(s), not fitted`);
      const stale = staleRunsLine(collected);
      if (stale) console.error(`regenerate: ${sweepDir}: ${stale}`);
    },
    onFitted: (fit) => process.stdout.write(`${sweepFitText(fit, false)}\n`),
  });
}

/** Throws a UserError naming the first run that is unreadable or has not ended; writes nothing. */
export function checkRebuildable(sweepDir: string): void {
  const { records, problems } = readRunRecords(sweepDir);
  const unfinished = records.filter((r) => r.status === 'unfinished');
  if (problems.length > 0 || unfinished.length > 0) {
    const first = problems[0] ?? `${unfinished[0].dir}: ${unfinished[0].reason ?? 'unfinished'}`;
    const count = problems.length + unfinished.filter((r) => !problems.some((p) => p.startsWith(r.dir))).length;
    throw new UserError(`${sweepDir}: ${first}${count > 1 ? ` (and ${count - 1} more)` : ''}; a committed sweep is rebuilt only from runs that are all readable and ended: restore the run's files (git checkout) or retrain it (--retrain); nothing was written`);
  }
}

export interface RetrainOptions {
  resultsDir: string;
  experimentsDir: string;
  /** Where the previous results/<name> is moved before retraining, so nothing is lost by accident. */
  backupDir: string;
  backend?: BackendRequest;
  workers?: number;
}

/** results/<name> ← experiments/<name>.ts, trained from scratch (sweep also collects, fits, reports). */
export async function retrainSweep(name: string, o: RetrainOptions): Promise<void> {
  const spec = path.join(o.experimentsDir, `${name}.ts`);
  if (!fs.existsSync(spec)) throw new UserError(`regenerate --retrain ${name}: no spec ${spec} (results/<name> is trained from experiments/<name>.ts)`);
  const sweepDir = path.join(o.resultsDir, name);
  if (fs.existsSync(sweepDir)) {
    const backup = path.join(o.backupDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(o.backupDir, { recursive: true });
    fs.renameSync(sweepDir, backup);
    console.error(`regenerate: moved the previous ${sweepDir} to ${backup}`);
  }
  await runSweep({ specFile: spec, backend: o.backend ?? 'auto', workers: o.workers, out: o.resultsDir, progress: 'lines', shard: null });
}

export interface RegenerateOptions extends RetrainOptions {
  /** Sweeps to retrain; [] with retrain = every sweep under results/ that has a spec. */
  retrain: string[] | null;
  /** The project README whose results block to refresh; null to leave it alone. */
  readme: string | null;
}

export async function regenerate(o: RegenerateOptions): Promise<string[]> {
  if (o.retrain !== null) {
    const names = o.retrain.length > 0 ? o.retrain : listSweeps(o.resultsDir).filter((n) => fs.existsSync(path.join(o.experimentsDir, `${n}.ts`)));
    if (names.length === 0) throw new UserError(`regenerate --retrain: no sweep to retrain (name them, e.g. --retrain kaplan-n)`);
    for (const name of names) await retrainSweep(name, o);
  }
  const sweeps = listSweeps(o.resultsDir);
  if (sweeps.length === 0) throw new UserError(`regenerate: no sweep folders (with runs/) under ${o.resultsDir}`);
  for (const name of sweeps) checkRebuildable(path.join(o.resultsDir, name)); // all or none
  const reports = await withFitPool(async (pool) => {
    const written: string[] = [];
    for (const name of sweeps) {
      console.error(`regenerate: ${name}`);
      written.push(await rebuildSweep(path.join(o.resultsDir, name), pool));
    }
    return written;
  });
  await writeResultsIndex(o.resultsDir, sweeps, o.readme);
  return reports;
}
