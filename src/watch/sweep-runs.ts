/**
 * Which folders under <sweep>/runs/ are the sweep's runs, for the watch page and the TensorBoard
 * export, by collect's rule: with plan.json, only the run ids it lists (folders of an earlier
 * version of the spec are stale); folders named in stale-runs.txt never; and only folders that
 * hold a config.json of their own (anything else under runs/ is not a run). Symlinked folders are
 * left out (plainSubdirs). Never throws: an unreadable plan.json is a note, and then every run
 * folder is taken, as for a sweep that predates plan.json.
 */
import path from 'node:path';
import { planFileSchema } from '../io/formats/plan-file.ts';
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
  const runsDir = path.join(sweepDir, 'runs');
  const notes: string[] = [];
  const planned = readPlanned(sweepDir, notes);
  const staleListed = readStaleList(sweepDir);
  const runs: SweepRunFolder[] = [];
  const stale: string[] = [];
  for (const id of plainSubdirs(runsDir)) {
    const dir = path.join(runsDir, id);
    if ((planned && !planned.has(id)) || staleListed.has(id)) {
      stale.push(id);
      continue;
    }
    if (o.requireConfig && !isPlainFile(path.join(dir, 'config.json'))) {
      notes.push(`${dir}: no config.json, not a run folder; left out`);
      continue;
    }
    runs.push({ id, dir });
  }
  if (stale.length > 0) notes.push(`${stale.length} run folder(s) not in the current plan (plan.json, stale-runs.txt) left out`);
  return { runs, planned: planned?.size ?? null, notes, stale };
}

function readPlanned(sweepDir: string, notes: string[]): Set<string> | null {
  const file = path.join(sweepDir, 'plan.json');
  const text = readFileSafe(file);
  if (text === null) return null;
  try {
    const parsed = planFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return new Set(parsed.data.runIds);
    notes.push(`${file}: not a plan (${parsed.error.issues[0].message}); every run folder taken`);
  } catch {
    notes.push(`${file}: not JSON; every run folder taken`);
  }
  return null;
}

/** Run ids from stale-runs.txt (one folder path per line, as collect writes it). */
function readStaleList(sweepDir: string): Set<string> {
  const text = readFileSafe(path.join(sweepDir, 'stale-runs.txt'));
  if (text === null) return new Set();
  return new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => path.basename(line)));
}
