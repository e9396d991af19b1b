/**
 * How many runs to train at once on one GPU. A toy model leaves a big GPU mostly idle, so several
 * runs side by side (one process and one device each) raise a sweep's throughput until the GPU is
 * busy. `sweep --dry-run` measures it: K children train the same model together for a few seconds,
 * started at one moment (a barrier after their warm-up), for K = 1, 2, 4, 8; the sweep's tokens/s
 * is the sum of theirs. The K where that stops rising by 10% or more becomes the sweep's default,
 * kept in <sweepDir>/runs-per-gpu.json for this backend and device.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import { SWEEP_FILES } from '../io/sweep-folder.ts';
import { startTimingChild } from './calibrate.ts';
import type { ThroughputRequest, ThroughputResult } from './calibrate-child.ts';
import type { RunConfig } from '../train/run-config.ts';

export const RUNS_PER_GPU_FILE = SWEEP_FILES.runsPerGpu;
export const CANDIDATE_K = [1, 2, 4, 8];
/** A K must add this much throughput over the one before it to be worth its memory. */
const MIN_GAIN = 1.1;

export interface ConcurrencyPoint {
  k: number;
  tokensPerSecond: number;
}

export interface RunsPerGpu {
  backend: string;
  device: string;
  runId: string;
  points: ConcurrencyPoint[];
  chosen: number;
}

/** The smallest K after which doubling adds less than 10%: where throughput stops rising. */
export function pickRunsPerGpu(points: ConcurrencyPoint[]): number {
  const sorted = [...points].sort((a, b) => a.k - b.k);
  let best = sorted[0];
  for (const point of sorted.slice(1)) {
    if (point.tokensPerSecond < best.tokensPerSecond * MIN_GAIN) break;
    best = point;
  }
  return best.k;
}

/** Sums K children's tokens/s while they train `run` together on `backend`. */
export async function measureConcurrency(run: RunConfig, backend: string, k: number, seconds: number, env: NodeJS.ProcessEnv = process.env): Promise<ConcurrencyPoint> {
  const children: ChildProcess[] = [];
  const ready: Array<Promise<void>> = [];
  const results: Array<Promise<ThroughputResult>> = [];
  for (let i = 0; i < k; i++) {
    const { child, lastError } = startTimingChild(env);
    children.push(child);
    let markReady: () => void = () => {};
    ready.push(new Promise((resolve) => (markReady = resolve)));
    results.push(
      new Promise((resolve, reject) => {
        child.on('message', (message: ThroughputResult | { type: 'ready' }) => {
          if (message.type === 'ready') markReady();
          else resolve(message);
        });
        child.on('exit', (code) => reject(new Error(`timing ${k} runs at once on ${backend} failed (exit ${code}): ${lastError()}`)));
      }),
    );
    const request: ThroughputRequest = { kind: 'throughput', backend, run, seconds };
    child.send(request);
  }
  try {
    await Promise.race([Promise.all(ready), Promise.all(results)]);
    for (const child of children) child.send({ type: 'go' });
    const measured = await Promise.all(results);
    return { k, tokensPerSecond: measured.reduce((sum, r) => sum + r.tokensPerSecond, 0) };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/** Measures every candidate K (stopping once throughput falls) and picks the default. */
export async function calibrateRunsPerGpu(run: RunConfig, backend: string, device: string, seconds = 3, env: NodeJS.ProcessEnv = process.env, candidates = CANDIDATE_K): Promise<RunsPerGpu> {
  const points: ConcurrencyPoint[] = [];
  for (const k of candidates) {
    const point = await measureConcurrency(run, backend, k, seconds, env);
    points.push(point);
    if (points.length > 1 && point.tokensPerSecond < points[points.length - 2].tokensPerSecond) break;
  }
  return { backend, device, runId: run.runId, points, chosen: pickRunsPerGpu(points) };
}

export function writeRunsPerGpu(sweepDir: string, value: RunsPerGpu): void {
  writeJsonAtomic(path.join(sweepDir, RUNS_PER_GPU_FILE), value);
}

/** The calibrated K for this backend and device, if `--dry-run` measured one here. */
export function readRunsPerGpu(sweepDir: string, backend: string, device: string): RunsPerGpu | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(sweepDir, RUNS_PER_GPU_FILE), 'utf8')) as RunsPerGpu;
    return value.backend === backend && value.device === device && Number.isInteger(value.chosen) && value.chosen >= 1 ? value : undefined;
  } catch {
    return undefined;
  }
}
