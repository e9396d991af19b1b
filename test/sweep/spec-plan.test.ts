import { describe, expect, it } from 'vitest';
import { parseSweepSpec, SpecError } from '../../src/spec/spec.ts';
import { PlanError, planSweep } from '../../src/plan/plan.ts';
import { trainingBytes } from '../../src/plan/memory.ts';

const base = {
  name: 'unit',
  task: { kind: 'brown' },
  family: { kind: 'gpt' },
  design: { kind: 'grid', n: [5000, 20000], d: [50000, 100000] },
};
const data = { kind: 'sequence' as const, vocabSize: 85 };

describe('spec validation', () => {
  it('names the field and the bad value', () => {
    const bad = { ...base, design: { kind: 'grid', n: [5000, -3], d: [1000] } };
    expect(() => parseSweepSpec(bad, 'bad.ts')).toThrow(SpecError);
    expect(() => parseSweepSpec(bad, 'bad.ts')).toThrow(/bad\.ts.*design\.n\.1.*-3/);
  });
  it('rejects unknown keys (typos) and unknown task kinds', () => {
    expect(() => parseSweepSpec({ ...base, seeds: [0], sedes: [1] }, 's.ts')).toThrow(/sedes/);
    expect(() => parseSweepSpec({ ...base, task: { kind: 'brwn' } }, 's.ts')).toThrow(/task\.kind.*brwn/);
  });
  it('rejects unknown keys at every depth, naming the path and the field it was probably meant to be', () => {
    const cases: Array<[object, RegExp]> = [
      [{ ...base, train: { learningrate: 1e-2 } }, /train: unknown field "learningrate" \(did you mean "learningRate"\?\)/],
      [{ ...base, design: { kind: 'grid', nn: [1], n: [1], d: [1] } }, /design: unknown field "nn" \(did you mean "n"\?\)/],
      [{ ...base, task: { kind: 'brown', tokeniser: 'char' } }, /task: unknown field "tokeniser" \(did you mean "tokenizer"\?\)/],
      [{ ...base, family: { kind: 'mlp', width: 3 } }, /family: unknown field "width"$/],
      [{ ...base, seed: [1] }, /\(root\): unknown field "seed" \(did you mean "seeds"\?\)/],
    ];
    for (const [spec, message] of cases) expect(() => parseSweepSpec(spec, 's.ts')).toThrow(message);
  });
  it('fills defaults', () => {
    const spec = parseSweepSpec(base, 'ok.ts');
    expect(spec.train.batchSize).toBe(16);
    expect(spec.seeds).toEqual([0]);
  });
});

describe('plan', () => {
  it('is a pure function: same spec, same runs and ids', () => {
    const spec = parseSweepSpec(base, 'a.ts');
    expect(planSweep(spec, data)).toEqual(planSweep(spec, data));
    expect(planSweep(spec, data)).toHaveLength(4);
  });
  it('editing one size leaves the other runs\' ids unchanged', () => {
    const before = planSweep(parseSweepSpec(base, 'a.ts'), data).map((r) => r.runId);
    const edited = planSweep(parseSweepSpec({ ...base, design: { kind: 'grid', n: [5000, 80000], d: [50000, 100000] } }, 'a.ts'), data).map((r) => r.runId);
    expect(edited.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(edited.slice(2)).not.toContain(before[2]);
    expect(new Set(before).size).toBe(4);
  });
  it('derives steps from D and the batch, and records the tokens actually trained', () => {
    const [run] = planSweep(parseSweepSpec(base, 'a.ts'), data);
    expect(run.tokensPerStep).toBe(16 * 64);
    expect(run.tokens).toBe(run.steps * run.tokensPerStep);
    expect(Math.abs(run.tokens - 50000)).toBeLessThanOrEqual(run.tokensPerStep / 2);
  });
  it('plans a model once when two targets round to the same shape', () => {
    const spec = parseSweepSpec({ ...base, design: { kind: 'grid', n: [3300, 3400, 20000], d: [50000] } }, 'dup.ts');
    const runs = planSweep(spec, data);
    expect(runs).toHaveLength(2);
    expect(runs[0].target.n).toBe(3300); // the first target keeps its id
  });
  it('IsoFLOP designs put each run on its budget', () => {
    const spec = parseSweepSpec({ ...base, design: { kind: 'isoflop', budgets: [1e11, 1e12], pointsPerBudget: 4, nMin: 5000, nMax: 200000 } }, 'iso.ts');
    const runs = planSweep(spec, data);
    expect(runs).toHaveLength(8);
    for (const run of runs) {
      const c = 6 * run.counts.nNonembed * run.tokens;
      expect(Math.abs(Math.log(c / run.budget!))).toBeLessThan(0.05);
    }
  });
});

describe('plan refuses what cannot train, before training', () => {
  const GiB = 2 ** 30;
  it('a 1e12-parameter model, from the memory estimate, in one line', () => {
    const spec = parseSweepSpec({ ...base, design: { kind: 'grid', n: [5000, 1e12], d: [50000] } }, 'big.ts');
    expect(() => planSweep(spec, data, { memoryBytes: 16 * GiB })).toThrow(PlanError);
    expect(() => planSweep(spec, data, { memoryBytes: 16 * GiB })).toThrow(/N = 1\.00e\+12 needs at least 14\.6 TiB .* more than the 16\.0 GiB available/);
    const iso = parseSweepSpec({ ...base, design: { kind: 'isoflop', budgets: [1e20], nMin: 5000, nMax: 1e12 } }, 'iso.ts');
    expect(() => planSweep(iso, data, { memoryBytes: 16 * GiB })).toThrow(PlanError);
  });
  it('a model whose activations alone exceed memory (a huge batch)', () => {
    const spec = parseSweepSpec({ ...base, design: { kind: 'grid', n: [5000], d: [1e9] }, train: { batchSize: 1_000_000, contextLength: 256 } }, 'batch.ts');
    expect(() => planSweep(spec, data, { memoryBytes: 16 * GiB })).toThrow(/batch 1000000 needs about .* to train/);
    expect(planSweep(parseSweepSpec(base, 'ok.ts'), data, { memoryBytes: 16 * GiB })).toHaveLength(4);
  });
  it('an MLP of depth 1 and N = 1e12 plans in milliseconds (the shape search does not scan)', () => {
    const spec = parseSweepSpec({ ...base, task: { kind: 'teacher-student' }, family: { kind: 'mlp', depth: 1 }, design: { kind: 'grid', n: [1e12], d: [1e6] } }, 'mlp.ts');
    const started = performance.now();
    const [run] = planSweep(spec, { kind: 'regression', inputDim: 16, outputDim: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Math.abs(Math.log(run.counts.nParams / 1e12))).toBeLessThan(0.01);
    expect(trainingBytes(run)).toBeGreaterThan(16e12);
  });
});
