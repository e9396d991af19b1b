/**
 * Time estimate for a plan, from measured step and evaluation times (see calibrate.ts): per run,
 * process start-up + steps × step time + evaluations × evaluation time, each time interpolated in
 * the counted FLOPs of one step between the smallest and largest model measured. Pure arithmetic,
 * so it is tested without training.
 */
import { evalSteps } from '../train/schedule.ts';
import type { RunConfig } from '../train/run-config.ts';

export interface CalibrationPoint {
  runId: string;
  nNonembed: number;
  /** Counted training FLOPs of one optimizer step. */
  flopsPerStep: number;
  stepSeconds: number;
  /** One evaluation over the spec's held-out tokens. */
  evalSeconds: number;
  /** Steps timed (after a warm-up run). */
  stepsTimed: number;
}

export interface Calibration {
  backend: string;
  device: string;
  /** Node start, backend and dataset load: paid once per run, since each run is its own process. */
  startupSeconds: number;
  points: CalibrationPoint[];
}

export const flopsPerStep = (run: RunConfig): number => run.tokensPerStep * run.counts.flopsPerTokenCounted;

/**
 * Seconds at F FLOPs per step, interpolated as a power law through the cheapest and dearest
 * models measured (exact at both; the plan never goes outside them). One point: proportional to F.
 */
function interpolate(points: CalibrationPoint[], pick: (p: CalibrationPoint) => number): (flops: number) => number {
  const sorted = [...points].sort((a, b) => a.flopsPerStep - b.flopsPerStep);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (hi.flopsPerStep <= lo.flopsPerStep * 1.01) return (f) => (pick(lo) * f) / lo.flopsPerStep;
  // A bigger model timed faster: overhead (data, dispatch), not FLOPs, sets the pace, plus noise.
  if (pick(hi) <= pick(lo)) return () => (pick(lo) + pick(hi)) / 2;
  const exponent = Math.log(pick(hi) / pick(lo)) / Math.log(hi.flopsPerStep / lo.flopsPerStep);
  return (f) => pick(lo) * (f / lo.flopsPerStep) ** exponent;
}

/** Estimated seconds per run on one worker that has a core (or GPU) to itself. */
export function runSeconds(runs: RunConfig[], calibration: Calibration): number[] {
  const step = interpolate(calibration.points, (p) => p.stepSeconds);
  const evaluation = interpolate(calibration.points, (p) => p.evalSeconds);
  return runs.map((run) => {
    const f = flopsPerStep(run);
    return calibration.startupSeconds + run.steps * step(f) + evalSteps(run.steps, run.train.evalPoints).length * evaluation(f);
  });
}

/** Wall time of running the given durations in this order on K workers, each taking the next when free. */
export function makespan(durations: number[], workers: number): number {
  const free = new Array<number>(Math.max(1, workers)).fill(0);
  for (const d of durations) {
    let slot = 0;
    for (let i = 1; i < free.length; i++) if (free[i] < free[slot]) slot = i;
    free[slot] += d;
  }
  return Math.max(...free);
}
