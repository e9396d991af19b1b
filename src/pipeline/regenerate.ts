/**
 * `npm run regenerate`: rebuild every sweep under results/ from its run folders (collect → fit →
 * report) without training, or with --retrain, train the named sweeps again from scratch.
 *
 * Rebuilding reads only runs/<id>/{config,curve,summary}; fits are seeded and collect sorts its
 * rows, so running it twice on the same run folders writes the same bytes (tested).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitCommand } from '../cli/fit.ts';
import { sweepCommand } from '../cli/sweep.ts';
import { UserError } from '../base/user-error.ts';
import { collectSweep } from '../execute/collect.ts';
import { writeReport } from '../report/report.ts';
import { writeResultsIndex } from '../report/results-index.ts';

/** Folders under resultsDir that hold a sweep (a runs/ folder), sorted by name. */
export function listSweeps(resultsDir: string): string[] {
  if (!fs.existsSync(resultsDir)) return [];
  return fs
    .readdirSync(resultsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(resultsDir, e.name, 'runs')))
    .map((e) => e.name)
    .sort();
}

/** collect → fit → report for one sweep folder; returns the report's path. */
export async function rebuildSweep(sweepDir: string): Promise<string> {
  // Nothing is deleted first: fit replaces fits.csv and fits.json whole, atomically, and removes
  // them only when nothing can be fitted, so no stale law survives either.
  const collected = collectSweep(sweepDir);
  for (const problem of collected.problems) console.error(`regenerate: ${problem} (its run counts as unfinished)`);
  if (collected.unfinished.length > 0) console.error(`regenerate: ${sweepDir}: ${collected.unfinished.length} unfinished run(s), not fitted`);
  await fitCommand([sweepDir]);
  return writeReport(sweepDir);
}

export interface RetrainOptions {
  resultsDir: string;
  experimentsDir: string;
  /** Where the previous results/<name> is moved before retraining, so nothing is lost by accident. */
  backupDir: string;
  backend?: string;
  workers?: string;
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
  const args = [spec, '--out', o.resultsDir, '--progress', 'lines'];
  if (o.backend) args.push('--backend', o.backend);
  if (o.workers) args.push('--workers', o.workers);
  await sweepCommand(args);
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
  const reports: string[] = [];
  for (const name of sweeps) {
    console.error(`regenerate: ${name}`);
    reports.push(await rebuildSweep(path.join(o.resultsDir, name)));
  }
  await writeResultsIndex(o.resultsDir, sweeps, o.readme);
  return reports;
}
