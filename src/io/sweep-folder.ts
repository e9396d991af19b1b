/**
 * The sweep folder, the interface every stage shares: the one place in src/ that names its files.
 * A stage asks `sweepPaths(sweepDir)` or `runPaths(runDir)` for a path and never joins a file name
 * itself, so a file is renamed, added or moved here alone (DESIGN.md, "The sweep folder").
 *
 * ```
 * <sweep>/
 *   sweep.json  shards/<I>-of-<N>.json  plan.json  tuned-lr.json  runs-per-gpu.json  backend-choice.json
 *   runs/<runId>/  config.json  curve.csv  summary.json  error.txt  lock
 *   tune/          a sweep folder of its own (the tune stage's runs)
 *   runs.csv  curves.csv  stale-runs.txt      (collect)
 *   fits.csv  fits.json                       (fit)
 *   report.md  plots/                         (report)
 * ```
 */
import path from 'node:path';

/** File and folder names directly in a sweep folder. */
export const SWEEP_FILES = {
  sweepJson: 'sweep.json',
  shards: 'shards',
  planJson: 'plan.json',
  tunedLr: 'tuned-lr.json',
  runsPerGpu: 'runs-per-gpu.json',
  backendChoice: 'backend-choice.json',
  runs: 'runs',
  tune: 'tune',
  runsCsv: 'runs.csv',
  curvesCsv: 'curves.csv',
  staleRuns: 'stale-runs.txt',
  fitsCsv: 'fits.csv',
  fitsJson: 'fits.json',
  reportMd: 'report.md',
  plots: 'plots',
} as const;

/** File names in a run folder (`runs/<runId>/`). */
export const RUN_FILES = {
  config: 'config.json',
  curve: 'curve.csv',
  summary: 'summary.json',
  error: 'error.txt',
  lock: 'lock',
} as const;

export type SweepPaths = { readonly dir: string } & { readonly [K in keyof typeof SWEEP_FILES]: string };
export type RunPaths = { readonly dir: string } & { readonly [K in keyof typeof RUN_FILES]: string };

/** Every path of a sweep folder (`dir` as given, joined, not resolved). */
export function sweepPaths(sweepDir: string): SweepPaths {
  return { dir: sweepDir, ...joinAll(sweepDir, SWEEP_FILES) };
}

/** Every path of one run folder. */
export function runPaths(runDir: string): RunPaths {
  return { dir: runDir, ...joinAll(runDir, RUN_FILES) };
}

/** `<sweep>/runs`. */
export const runsDir = (sweepDir: string): string => path.join(sweepDir, SWEEP_FILES.runs);

/** `<sweep>/runs/<runId>`. */
export const runDir = (sweepDir: string, runId: string): string => path.join(runsDir(sweepDir), runId);

/** `<sweep>/tune`: the tune stage's own sweep folder. */
export const tuneDir = (sweepDir: string): string => path.join(sweepDir, SWEEP_FILES.tune);

/** A shard's own sweep.json: `<sweep>/shards/<I>-of-<N>.json` (1-based I). */
export const shardMetaPath = (sweepDir: string, index: number, count: number): string => path.join(sweepDir, SWEEP_FILES.shards, `${index + 1}-of-${count}.json`);

function joinAll<K extends string>(dir: string, names: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(names).map(([key, name]) => [key, path.join(dir, name)])) as Record<K, string>;
}
