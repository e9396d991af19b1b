/**
 * Measures how fast the chosen backend trains this plan's models, for `sweep --dry-run`: the
 * smallest and largest model (by counted FLOPs per step) are timed in a child process, exactly as
 * a worker would train them. Writes nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { childEntry } from '../backend/child-entry.ts';
import type { CalibrateRequest } from './calibrate-child.ts';
import { flopsPerStep, type Calibration } from '../plan/estimate.ts';
import type { RunConfig } from '../train/run-config.ts';

/** The runs worth timing: the cheapest and the dearest step (one if they are the same shape). */
export function calibrationRuns(runs: RunConfig[]): RunConfig[] {
  const sorted = [...runs].sort((a, b) => flopsPerStep(a) - flopsPerStep(b));
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  return flopsPerStep(hi) > flopsPerStep(lo) * 1.01 ? [lo, hi] : [lo];
}

/** A timing child (calibrate-child.ts), started as workers are, with the last of its stderr kept for errors. */
export function startTimingChild(env: NodeJS.ProcessEnv): { child: ChildProcess; lastError: () => string } {
  const entry = childEntry('calibrate', new URL('./calibrate-child.ts', import.meta.url));
  const child = fork(entry.script, entry.args, {
    execArgv: entry.execArgv,
    env: { TF_CPP_MIN_LOG_LEVEL: '2', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return { child, lastError: () => stderr.trim().split('\n').pop() ?? '' };
}

export function calibrate(runs: RunConfig[], backend: string, env: NodeJS.ProcessEnv = process.env): Promise<Calibration> {
  return new Promise((resolve, reject) => {
    const { child, lastError } = startTimingChild(env);
    let result: Calibration | null = null;
    child.on('message', (message) => {
      result = message as Calibration;
    });
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`timing the models on ${backend} failed (exit ${code}): ${lastError()}`));
    });
    const request: CalibrateRequest = { backend, runs: calibrationRuns(runs) };
    child.send(request);
  });
}
