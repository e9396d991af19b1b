/**
 * A run folder as execute uses it: its config against the plan's type, and the temp files a killed
 * worker leaves. The paths and the finished-run rule are src/io's (sweep-folder.ts, run-folder.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJsonFile, type FileRead } from '../io/formats/read-json.ts';
import { runConfigSchema } from '../io/formats/run-config.ts';
import { runPaths } from '../io/sweep-folder.ts';
import { isAlive } from './process-identity.ts';
import type { RunConfig } from '../train/run-config.ts';

export { CURVE_COLUMNS } from '../io/formats/columns.ts';
export type { RunSummary } from '../io/formats/run-summary.ts';

export { runDir, runsDir } from '../io/sweep-folder.ts';
export { finishedSummary, isFinished, readRunError, readSummary } from '../io/run-folder.ts';

export const configPath = (dir: string): string => runPaths(dir).config;
export const curvePath = (dir: string): string => runPaths(dir).curve;
export const summaryPath = (dir: string): string => runPaths(dir).summary;
export const errorPath = (dir: string): string => runPaths(dir).error;

/** config.json against its schema; the run's full type is what plan wrote and the schema checks. */
export function readRunConfig(dir: string): FileRead<RunConfig> {
  const read = readJsonFile(configPath(dir), runConfigSchema);
  if (read.state === 'ok' && read.value.runId !== path.basename(dir)) {
    return { state: 'invalid', problem: `${configPath(dir)}: runId "${read.value.runId}" does not match its folder` };
  }
  return read as FileRead<RunConfig>;
}

/** config.json, or an error naming the file and what is wrong with it. */
export function readConfig(dir: string): RunConfig {
  const read = readRunConfig(dir);
  if (read.state === 'ok') return read.value;
  throw new Error(read.state === 'missing' ? `${configPath(dir)}: missing` : read.problem);
}

/** The pid a temp file name carries: `.name.<pid>[-<random>].tmp` (atomic writes), `name.tmp-<pid>`, `lock.<pid>.new|stale`. */
export function tempFileOwner(name: string): number | null {
  const pid = /^\..+\.(\d+)(?:-[0-9a-f]+)?\.tmp$/.exec(name)?.[1] ?? /\.tmp-(\d+)$/.exec(name)?.[1] ?? /^lock\.(\d+)\.(new|stale)$/.exec(name)?.[1];
  return pid ? Number(pid) : null;
}

/**
 * Removes temp files left by processes now dead (killed mid-write). `minAgeMs` guards a folder
 * shared across hosts, where a pid says nothing: only files that old are touched there.
 */
export function removeStaleTemps(dir: string, minAgeMs = 0): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = tempFileOwner(name);
    if (pid === null || isAlive({ pid, start: null, host: '' })) continue;
    const file = path.join(dir, name);
    try {
      if (minAgeMs > 0 && Date.now() - fs.statSync(file).mtimeMs < minAgeMs) continue;
      fs.rmSync(file, { force: true });
    } catch {
      // gone already
    }
  }
}
