import { describe, expect, it } from 'vitest';
import { makespan, runSeconds, type Calibration } from '../../src/plan/estimate.ts';
import { executionOrder } from '../../src/plan/order.ts';
import { planSweep } from '../../src/plan/plan.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { evalSteps } from '../../src/train/schedule.ts';

const spec = parseSweepSpec(
  { name: 'est', task: { kind: 'brown' }, family: { kind: 'gpt', headDim: 8 }, design: { kind: 'grid', n: [3_300, 56_000], d: [100_000, 400_000] } },
  'est.ts',
);
const runs = planSweep(spec, { kind: 'sequence', vocabSize: 85 });
const flops = (i: number) => runs[i].tokensPerStep * runs[i].counts.flopsPerTokenCounted;
const [small, big] = [runs[0], runs[runs.length - 1]];

describe('time estimate', () => {
  const calibration: Calibration = {
    backend: 'wasm',
    device: 'test',
    startupSeconds: 1,
    points: [
      { runId: small.runId, nNonembed: 0, flopsPerStep: flops(0), stepSeconds: 0.01, evalSeconds: 0.05, stepsTimed: 8 },
      { runId: big.runId, nNonembed: 0, flopsPerStep: flops(runs.length - 1), stepSeconds: 0.1, evalSeconds: 0.4, stepsTimed: 8 },
    ],
  };

  it('reproduces the measured models exactly and adds start-up and evaluations', () => {
    const seconds = runSeconds([small, big], calibration);
    expect(seconds[0]).toBeCloseTo(1 + small.steps * 0.01 + evalSteps(small.steps, small.train.evalPoints).length * 0.05, 6);
    expect(seconds[1]).toBeCloseTo(1 + big.steps * 0.1 + evalSteps(big.steps, big.train.evalPoints).length * 0.4, 6);
  });

  it('never goes below zero or decreases with FLOPs when a bigger model timed faster', () => {
    const noisy: Calibration = { ...calibration, points: [{ ...calibration.points[0], stepSeconds: 0.2 }, calibration.points[1]] };
    for (const cal of [calibration, noisy]) {
      const seconds = runSeconds(runs, cal);
      for (const s of seconds) expect(s).toBeGreaterThan(0);
      // A run with no fewer steps and no fewer FLOPs per step never takes less time.
      runs.forEach((a, i) =>
        runs.forEach((b, j) => {
          if (flops(i) <= flops(j) && a.steps <= b.steps) expect(seconds[i], `${a.runId} vs ${b.runId}`).toBeLessThanOrEqual(seconds[j]);
        }),
      );
    }
    // The plan holds runs that differ in FLOPs per step at equal steps, so the check above compares something.
    expect(new Set(runs.map((_, i) => flops(i))).size).toBeGreaterThan(1);
  });

  it('schedules biggest first on K workers', () => {
    expect(makespan([4, 3, 2, 1], 1)).toBe(10);
    expect(makespan([4, 3, 2, 1], 2)).toBe(5);
    expect(makespan([5, 1, 1, 1], 4)).toBe(5);
    const order = executionOrder(runs);
    const cost = order.map((r) => r.tokens * r.counts.flopsPerTokenCounted);
    expect(cost).toEqual([...cost].sort((a, b) => b - a));
  });
});
