/** The files of one run directory (DESIGN.md: config.json, curve.csv, summary.json last). */
import fs from 'node:fs';
import path from 'node:path';
import { readErrorReason } from '../io/formats/error-file.ts';
import { readJsonFile, type FileRead } from '../io/formats/read-json.ts';
import { runConfigSchema } from '../io/formats/run-config.ts';
import { runSummarySchema, type RunSummary } from '../io/formats/run-summary.ts';
import { isAlive } from './process-identity.ts';
import type { RunConfig } from '../train/run-config.ts';

export { CURVE_COLUMNS } from '../io/formats/columns.ts';
export type { RunSummary } from '../io/formats/run-summary.ts';

export const runsDir = (sweepDir: string): string => path.join(sweepDir, 'runs');
export const runDir = (sweepDir: string, runId: string): string => path.join(runsDir(sweepDir), runId);
export const configPath = (dir: string): string => path.join(dir, 'config.json');
export const curvePath = (dir: string): string => path.join(dir, 'curve.csv');
export const summaryPath = (dir: string): string => path.join(dir, 'summary.json');
export const errorPath = (dir: string): string => path.join(dir, 'error.txt');

/**
 * Finished means a summary that fits its schema, names this run, and was written after the whole
 * curve: a summary beside a curve of another size (a curve rewritten after the summary) does not
 * count, and the run is trained again. An unreadable summary (`{}`, cut JSON) is not finished.
 */
export function isFinished(dir: string): boolean {
  return finishedSummary(dir).state === 'ok';
}

/** The summary of a finished run, or why the run does not count as finished. */
export function finishedSummary(dir: string): FileRead<RunSummary> {
  const read = readSummary(dir);
  if (read.state !== 'ok') return read;
  const summary = read.value;
  if (summary.runId !== path.basename(dir)) return { state: 'invalid', problem: `${summaryPath(dir)}: runId "${summary.runId}" is another run's` };
  if (summary.curveBytes === undefined) return read;
  let size: number;
  try {
    size = fs.statSync(curvePath(dir)).size;
  } catch {
    return { state: 'invalid', problem: `${curvePath(dir)}: missing beside summary.json` };
  }
  if (size !== summary.curveBytes) return { state: 'invalid', problem: `${curvePath(dir)}: ${size} bytes, summary.json was written after ${summary.curveBytes}` };
  return read;
}

export function readSummary(dir: string): FileRead<RunSummary> {
  return readJsonFile(summaryPath(dir), runSummarySchema);
}

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

/** error.txt's first line, or null. */
export function readRunError(dir: string): string | null {
  return readErrorReason(errorPath(dir));
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
