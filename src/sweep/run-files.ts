/** The files of one run directory (DESIGN.md: config.json, curve.csv, summary.json last). */
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from './process-identity.ts';
import type { RunConfig } from './run-config.ts';

export const CURVE_COLUMNS = ['step', 'tokens', 'flops_6nd', 'flops', 'train_loss', 'eval_loss', 'lr', 'seconds'];

export interface RunSummary {
  runId: string;
  status: 'done' | 'diverged';
  reason?: string;
  finalEvalLoss: number | null;
  bestEvalLoss: number | null;
  stepsCompleted: number;
  tokensTrained: number;
  /** tokens trained / unique train tokens: above 1 the run saw repeated data. */
  epochs: number;
  seconds: number;
  tokensPerSecond: number;
  backend: string;
  device: string;
  unigramEntropy?: number;
  trueEntropyRate?: number;
  noiseFloor?: number;
  finishedAt: string;
  /** Size of curve.csv when the summary was written: a curve of another size is not this run's. */
  curveBytes?: number;
}

export const runsDir = (sweepDir: string): string => path.join(sweepDir, 'runs');
export const runDir = (sweepDir: string, runId: string): string => path.join(runsDir(sweepDir), runId);
export const configPath = (dir: string): string => path.join(dir, 'config.json');
export const curvePath = (dir: string): string => path.join(dir, 'curve.csv');
export const summaryPath = (dir: string): string => path.join(dir, 'summary.json');
export const errorPath = (dir: string): string => path.join(dir, 'error.txt');

/**
 * Finished means a summary whose curve is whole: a summary beside a curve of another size (a
 * curve rewritten after the summary) does not count, and the run is trained again.
 */
export function isFinished(dir: string): boolean {
  const summary = readSummary(dir);
  if (!summary) return false;
  if (summary.curveBytes === undefined) return true;
  try {
    return fs.statSync(curvePath(dir)).size === summary.curveBytes;
  } catch {
    return false;
  }
}

export function readSummary(dir: string): RunSummary | null {
  try {
    return JSON.parse(fs.readFileSync(summaryPath(dir), 'utf8')) as RunSummary;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The pid a temp file name carries: `.name.<pid>.tmp` (atomic writes), `name.tmp-<pid>`, `lock.<pid>.new|stale`. */
export function tempFileOwner(name: string): number | null {
  const pid = /^\..+\.(\d+)\.tmp$/.exec(name)?.[1] ?? /\.tmp-(\d+)$/.exec(name)?.[1] ?? /^lock\.(\d+)\.(new|stale)$/.exec(name)?.[1];
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

export function readConfig(dir: string): RunConfig {
  return JSON.parse(fs.readFileSync(configPath(dir), 'utf8')) as RunConfig;
}
