/** Hyperparameter axes, per-size LR rules, the tune stage's plan, and refusals at plan time. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { learningRateGrid, lrFromRule, MIN_STEPS, PlanError, planSweep, planTuneRuns } from '../../src/plan/plan.ts';
import { loadSpec } from '../../src/spec/load-spec.ts';

const base = {
  name: 'axes',
  task: { kind: 'brown' },
  family: { kind: 'gpt' },
  design: { kind: 'grid', n: [5000, 20000], d: [500_000] },
};
const data = { kind: 'sequence' as const, vocabSize: 85 };

describe('hyperparameter axes', () => {
  it('trains every combination of the lists, once per seed, sharing everything else', () => {
    const spec = parseSweepSpec({ ...base, train: { learningRate: [1e-3, 3e-3, 1e-2], batchSize: [8, 16] }, seeds: [0, 1] }, 'a.ts');
    const runs = planSweep(spec, data);
    expect(runs).toHaveLength(2 * 3 * 2 * 2);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
    const at5k = runs.filter((r) => r.target.n === 5000 && r.seed === 0);
    expect(at5k.map((r) => [r.train.learningRate, r.train.batchSize])).toEqual([[1e-3, 8], [1e-3, 16], [3e-3, 8], [3e-3, 16], [1e-2, 8], [1e-2, 16]]);
    // Runs differing only in the learning rate have the same model, steps and data.
    const [a, b] = at5k.filter((r) => r.train.batchSize === 8);
    expect({ ...a, runId: '', train: { ...a.train, learningRate: 0 } }).toEqual({ ...b, runId: '', train: { ...b.train, learningRate: 0 } });
  });

  it('an aspect-ratio list gives other shapes at the same target N', () => {
    const runs = planSweep(parseSweepSpec({ ...base, family: { kind: 'gpt', aspectRatio: [16, 64] }, design: { kind: 'grid', n: [200_000], d: [500_000] } }, 'r.ts'), data);
    expect(runs).toHaveLength(2);
    const [deep, wide] = runs.map((r) => (r.model.family === 'gpt' ? r.model : null));
    expect(deep!.nLayer).toBeGreaterThan(wide!.nLayer);
  });

  it('a per-size power-law rule sets each size’s learning rate', () => {
    const rule = { perSize: 'power-law' as const, n0: 5000, lr0: 1e-2, exponent: -0.5 };
    const runs = planSweep(parseSweepSpec({ ...base, train: { learningRate: rule } }, 'rule.ts'), data);
    expect(runs.map((r) => r.train.learningRate)).toEqual([1e-2, Number(lrFromRule(rule, 20000).toPrecision(4))]);
    expect(runs[1].train.learningRate).toBeCloseTo(5e-3, 10);
  });

  it('a spec without lists plans the same run ids as the committed reference sweeps', async () => {
    const spec = await loadSpec('experiments/kaplan-d.ts');
    const planned = planSweep(spec, data).map((r) => r.runId).sort();
    const committed = fs.readdirSync(path.join('results', 'kaplan-d', 'runs')).sort();
    expect(planned).toEqual(committed);
  });
});

describe('tune stage plan', () => {
  const tune = { learningRates: { min: 1e-3, max: 1e-2, points: 3 }, tokens: 100_000 };
  it('a log-spaced grid per size on tune.tokens, in its own sweep name', () => {
    expect(learningRateGrid({ min: 1e-3, max: 1e-1, points: 3 })).toEqual([1e-3, 1e-2, 1e-1]);
    const spec = parseSweepSpec({ ...base, tune, seeds: [0, 1, 2] }, 't.ts');
    const runs = planTuneRuns(spec, data);
    expect(runs).toHaveLength(2 * 3 * 2); // sizes × grid × the two default tune seeds
    expect(runs.every((r) => r.sweep === 'axes.tune' && r.seed <= 1 && r.target.d === 100_000)).toBe(true);
    expect(runs.filter((r) => r.target.n === 5000 && r.seed === 0).map((r) => r.train.learningRate)).toEqual(learningRateGrid(tune.learningRates));
    const main = planSweep(spec, data, {}, { lrFor: (n) => (n === 5000 ? 0.02 : 0.01) });
    expect(main.map((r) => r.train.learningRate)).toEqual([0.02, 0.02, 0.02, 0.01, 0.01, 0.01]);
    expect(planTuneRuns(parseSweepSpec(base, 'none.ts'), data)).toEqual([]);
  });

  it('several horizons: every size at every horizon, and main runs ask for the LR of their own D', () => {
    const spec = parseSweepSpec({ ...base, tune: { ...tune, tokens: [100_000, 400_000], seeds: [0] } }, 't.ts');
    const runs = planTuneRuns(spec, data);
    expect(runs).toHaveLength(2 * 2 * 3);
    expect([...new Set(runs.map((r) => r.target.d))]).toEqual([100_000, 400_000]);
    const asked: Array<[number, number]> = [];
    planSweep(spec, data, {}, { lrFor: (n, d) => (asked.push([n, d]), 0.01) });
    expect(asked.map(([n, d]) => `${n}@${d}`)).toEqual(['5000@500000', '20000@500000']);
  });

  it('two targets that round to one model train once, at the first target’s learning rate', () => {
    const iso = parseSweepSpec({ ...base, design: { kind: 'isoflop', budgets: [1e12], pointsPerBudget: 8, nMin: 2_000, nMax: 120_000 }, tune }, 'iso.ts');
    const fixed = planSweep(iso, data);
    const tuned = planSweep(iso, data, {}, { lrFor: (n) => 1e-3 * (n / 1000) ** -0.5 });
    expect(tuned.map((r) => r.counts.nNonembed)).toEqual(fixed.map((r) => r.counts.nNonembed));
    expect(new Set(tuned.map((r) => r.counts.nNonembed)).size).toBe(tuned.length);
    expect(tuned[0].train.learningRate).toBe(Number((1e-3 * 2 ** -0.5).toPrecision(4)));
  });

  it('tune.batchSizes: every grid point at each batch size; the main runs at the one chosen', () => {
    const spec = parseSweepSpec({ ...base, tune: { ...tune, seeds: [0], batchSizes: [8, 32] }, seeds: [0, 1] }, 't.ts');
    const runs = planTuneRuns(spec, data);
    expect(runs).toHaveLength(2 * 3 * 2); // sizes × grid × batch sizes
    for (const n of [5000, 20000]) {
      for (const lr of learningRateGrid(tune.learningRates)) {
        expect(runs.filter((r) => r.target.n === n && r.train.learningRate === lr).map((r) => r.train.batchSize).sort((a, b) => a - b)).toEqual([8, 32]);
      }
    }
    expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
    const main = planSweep(spec, data, {}, { lrFor: () => 0.01, batchSize: 32 });
    expect(main).toHaveLength(4);
    expect(main.every((r) => r.train.batchSize === 32 && r.train.learningRate === 0.01)).toBe(true);
    // A listed batch size equal to train.batchSize gives the very runs a tune stage without the list trains.
    const plain = planTuneRuns(parseSweepSpec({ ...base, tune: { ...tune, seeds: [0] } }, 't.ts'), data);
    const with16 = planTuneRuns(parseSweepSpec({ ...base, tune: { ...tune, seeds: [0], batchSizes: [16, 64] } }, 't.ts'), data);
    expect(plain.every((r) => r.train.batchSize === 16)).toBe(true);
    expect(with16.filter((r) => r.train.batchSize === 16).map((r) => r.runId)).toEqual(plain.map((r) => r.runId));
  });

  it('refuses a batch-size axis beside a tune block, and a batch size listed twice', () => {
    expect(() => parseSweepSpec({ ...base, tune, train: { batchSize: [8, 16] } }, 't.ts')).toThrow(/train.batchSize: with a tune stage, list the batch sizes to try as tune.batchSizes/);
    expect(() => parseSweepSpec({ ...base, tune: { ...tune, batchSizes: [8, 8] } }, 't.ts')).toThrow(/tune.batchSizes: each batch size once \(got 8, 8\)/);
    expect(() => parseSweepSpec({ ...base, tune: { ...tune, batchSizes: [8] } }, 't.ts')).toThrow(/tune.batchSizes/);
  });

  it('refuses a learning-rate list beside a tune block, and an empty range', () => {
    expect(() => parseSweepSpec({ ...base, tune, train: { learningRate: [1e-3, 1e-2] } }, 't.ts')).toThrow(/a tune stage chooses the learning rate/);
    expect(() => parseSweepSpec({ ...base, tune: { ...tune, learningRates: { min: 1e-2, max: 1e-3 } } }, 't.ts')).toThrow(/min .* must be below max/);
    expect(() => parseSweepSpec({ ...base, tune: { ...tune, learningRate: { min: 1e-3, max: 1e-2 } } }, 't.ts')).toThrow(/tune: unknown field "learningRate" \(did you mean "learningRates"\?\)/);
  });
});

describe('impossible specs are refused at plan time, in one line', () => {
  it('nMin above nMax', () => {
    expect(() => parseSweepSpec({ ...base, design: { kind: 'isoflop', budgets: [1e12], nMin: 50_000, nMax: 5_000 } }, 'iso.ts')).toThrow(/nMin \(50000\) must be below nMax \(5000\)/);
  });
  it(`a run with fewer than ${MIN_STEPS} optimizer steps`, () => {
    const spec = parseSweepSpec({ ...base, design: { kind: 'grid', n: [5000], d: [10_000] } }, 'short.ts');
    expect(() => planSweep(spec, data)).toThrow(PlanError);
    expect(() => planSweep(spec, data)).toThrow(/has 10 optimizer step\(s\) of 1024 tokens; at least 20/);
  });
});
