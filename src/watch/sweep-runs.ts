/**
 * Which folders under <sweep>/runs/ are the sweep's runs, for the watch page and the TensorBoard
 * export, by collect's rule: with plan.json, only the run ids it lists (folders of an earlier
 * version of the spec are stale); folders named in stale-runs.txt never; and only folders that
 * hold a config.json of their own (anything else under runs/ is not a run). Symlinked folders are
 * left out (plainSubdirs). Never throws: an unreadable plan.json is a note, and then every run
 * folder is taken, as for a sweep that predates plan.json.
 */
import path from 'node:path';
import { readPlanFile, readStaleRuns } from '../io/sweep-files.ts';
import { runPaths, runsDir as runsDirOf } from '../io/sweep-folder.ts';
import { isPlainFile, plainSubdirs, readFileSafe } from './safe-read.ts';

export interface SweepRunFolder {
  id: string;
  dir: string;
}

export interface SweepRunFolders {
  runs: SweepRunFolder[];
  /** Runs the plan names; null without a readable plan.json. */
  planned: number | null;
  /** Folders left out, and why, in a line each. */
  notes: string[];
  /** Ids of folders left out as stale (not in plan.json, or listed in stale-runs.txt). */
  stale: string[];
}

/** `requireConfig`: leave out folders without config.json (export); the watch page shows them, as unfinished. */
export function sweepRunFolders(sweepDir: string, o: { requireConfig: boolean } = { requireConfig: true }): SweepRunFolders {
  const runsDir = runsDirOf(sweepDir);
  const notes: string[] = [];
  const planned = readPlanned(sweepDir, notes);
  const staleListed = readStaleRuns(sweepDir, readFileSafe);
  const runs: SweepRunFolder[] = [];
  const stale: string[] = [];
  for (const id of plainSubdirs(runsDir)) {
    const dir = path.join(runsDir, id);
    if ((planned && !planned.has(id)) || staleListed.has(id)) {
      stale.push(id);
      continue;
    }
    if (o.requireConfig && !isPlainFile(runPaths(dir).config)) {
      notes.push(`${dir}: no config.json, not a run folder; left out`);
      continue;
    }
    runs.push({ id, dir });
  }
  if (stale.length > 0) notes.push(`${stale.length} run folder(s) not in the current plan (plan.json, stale-runs.txt) left out`);
  return { runs, planned: planned?.size ?? null, notes, stale };
}

function readPlanned(sweepDir: string, notes: string[]): Set<string> | null {
  const read = readPlanFile(sweepDir, readFileSafe);
  if (read.state === 'ok') return new Set(read.value.runIds);
  if (read.state === 'invalid') notes.push(`${read.problem}; every run folder taken`);
  return null;
}
