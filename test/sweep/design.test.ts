/** Experiment designs: fixed-depth shape families, centred IsoFLOP sizes, and the plan-time design checks. */
import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { expectedNopt, isoflopSizes, planSweep } from '../../src/plan/plan.ts';
import { designChecks, lawVerdicts, type DesignFacts } from '../../src/plan/design-checks.ts';
import { MIN_FIT_STEPS, regimeOf } from '../../src/plan/regime.ts';
import type { RunConfig } from '../../src/train/run-config.ts';

const data = { kind: 'sequence' as const, vocabSize: 85 };
const grid = (n: number[], d: number[], extra: object = {}) =>
  parseSweepSpec({ name: 'design', task: { kind: 'brown' }, family: { kind: 'gpt', headDim: 8 }, design: { kind: 'grid', n, d }, ...extra }, 'd.ts');
/** Plenty of unique data and a full evaluation, unless a test says otherwise. */
const facts = (over: Partial<DesignFacts> = {}): DesignFacts => ({ trainUnique: 5.7e6, evalTaken: (r) => r.train.evalTokens, ...over });

describe('shape families', () => {
  it('holds depth fixed with family.nLayer: width alone follows N', () => {
    const spec = parseSweepSpec({ name: 'w', task: { kind: 'brown' }, family: { kind: 'gpt', nLayer: 2, headDim: 8 }, design: { kind: 'grid', n: [3_000, 20_000, 100_000, 400_000], d: [1e6] } }, 'w.ts');
    const runs = planSweep(spec, data);
    expect(runs.map((r) => (r.model.family === 'gpt' ? r.model.nLayer : 0))).toEqual([2, 2, 2, 2]);
    const widths = runs.map((r) => (r.model.family === 'gpt' ? r.model.dModel : 0));
    expect([...widths].sort((a, b) => a - b)).toEqual(widths);
    expect(new Set(widths).size).toBe(4);
  });
  it('without nLayer, depth grows with N at the aspect ratio (and the design check says the depths mix)', () => {
    const runs = planSweep(grid([3_000, 100_000, 400_000], [1e6]), data);
    const depths = runs.map((r) => (r.model.family === 'gpt' ? r.model.nLayer : 0));
    expect(new Set(depths).size).toBeGreaterThan(1);
    expect(designChecks(runs, facts()).join('\n')).toMatch(/mixes depths \(1, 2.*family\.nLayer/);
  });
  it('refuses an aspect-ratio axis beside a fixed depth', () => {
    expect(() => parseSweepSpec({ name: 'x', task: { kind: 'brown' }, family: { kind: 'gpt', nLayer: 2, aspectRatio: [16, 32] }, design: { kind: 'grid', n: [1e4], d: [1e6] } }, 'x.ts')).toThrow(/aspectRatio cannot be an axis with a fixed nLayer/);
  });
});

describe('centred IsoFLOP designs', () => {
  const iso = (design: object) => parseSweepSpec({ name: 'iso', task: { kind: 'brown' }, family: { kind: 'gpt', nLayer: 2, headDim: 8 }, design: { kind: 'isoflop', ...design } }, 'i.ts');

  it('spreads each budget\'s sizes log-evenly from N_opt/span to N_opt·span', () => {
    const spec = iso({ budgets: [1e12, 1e13], pointsPerBudget: 5, centre: { tokensPerParameter: 100 }, span: 4 });
    if (spec.design.kind !== 'isoflop') throw new Error('isoflop');
    for (const c of [1e12, 1e13]) {
      const nOpt = Math.sqrt(c / 600);
      const sizes = isoflopSizes(spec.design, c);
      expect(sizes[0]).toBeCloseTo(nOpt / 4, -1);
      expect(sizes[4]).toBeCloseTo(nOpt * 4, -1);
      expect(sizes[2]).toBeCloseTo(nOpt, -1); // the middle size is the expected optimum
      const ratios = sizes.slice(1).map((s, i) => s / sizes[i]);
      for (const r of ratios) expect(r).toBeCloseTo(2, 1);
    }
  });
  it('centres by a power law or by Hoffmann et al.\'s 20 tokens per parameter', () => {
    expect(expectedNopt('hoffmann', 1.2e13)).toBeCloseTo(Math.sqrt(1.2e13 / 120), 6);
    expect(expectedNopt({ n0: 1e4, c0: 1e11, exponent: 0.5 }, 1e13)).toBeCloseTo(1e5, 6);
  });
  it('gives every budget its own sizes, and D = C / 6N per run', () => {
    const runs = planSweep(iso({ budgets: [3e11, 3e12], pointsPerBudget: 3, centre: { tokensPerParameter: 100 } }), data);
    const byBudget = (b: number) => runs.filter((r) => r.budget === b).map((r) => r.counts.nNonembed);
    expect(Math.min(...byBudget(3e12))).toBeGreaterThan(Math.min(...byBudget(3e11)));
    for (const r of runs) expect(6 * r.counts.nNonembed * r.target.d).toBeCloseTo(r.budget as number, -9);
  });
  it('needs either a size range or a centre, not both', () => {
    expect(() => iso({ budgets: [1e12], nMin: 1e3, nMax: 1e5, centre: 'hoffmann' })).toThrow(/either nMin and nMax.*or centre/);
    expect(() => iso({ budgets: [1e12] })).toThrow(/needs nMin and nMax, or centre/);
    expect(() => iso({ budgets: [1e12], centre: { tokensPerParam: 20 } })).toThrow(/design\.centre/);
  });
  it('plans a range design exactly as before a centre existed (run ids unchanged)', () => {
    const spec = iso({ budgets: [1e11, 1e12], pointsPerBudget: 4, nMin: 2_000, nMax: 60_000 });
    if (spec.design.kind !== 'isoflop') throw new Error('isoflop');
    expect(isoflopSizes(spec.design, 1e11)).toEqual([2000, 6214, 19310, 60000]);
  });
});

describe('design checks', () => {
  it('counts distinct design points, not seeds: 3 sizes × 3 seeds cannot determine kaplan-n', () => {
    const runs = planSweep(grid([5_000, 20_000, 80_000], [2e6], { seeds: [0, 1, 2] }), data);
    expect(runs).toHaveLength(9);
    const kaplanN = lawVerdicts(runs).find((v) => v.law === 'kaplan-n');
    expect(kaplanN?.determinable).toBe(false);
    expect(kaplanN?.line).toMatch(/3 distinct N .* for 2 parameters, 1 degree\(s\) of freedom \(9 runs: the 6 that repeat a design point with another seed or setting measure noise/);
  });
  it('says which laws a grid can determine: 5 sizes for kaplan-n, not 3 D for kaplan-d, and 5 N × 3 D for approach 3', () => {
    const runs = planSweep(grid([4_000, 8_000, 16_000, 32_000, 64_000], [1e6, 2e6, 4e6]), data);
    const ok = Object.fromEntries(lawVerdicts(runs).map((v) => [v.law, v.determinable]));
    expect(ok).toMatchObject({ 'kaplan-n': true, 'kaplan-n+E': false, 'kaplan-d': false, 'kaplan-nd': true, 'chinchilla-3': true });
  });
  it('does not count runs too short to fit', () => {
    // D = 100k at 1,024 tokens a step: 98 steps, below MIN_FIT_STEPS, so no law sees them.
    const runs = planSweep(grid([4_000, 8_000, 16_000, 32_000, 64_000], [1e5]), data);
    const lines = designChecks(runs, facts());
    expect(lines.find((l) => l.startsWith('kaplan-n '))).toMatch(/cannot be determined: 0 distinct N/);
    expect(lines.join('\n')).toMatch(new RegExp(`5 run\\(s\\) train fewer than ${MIN_FIT_STEPS} optimizer steps \\(fewest 98\\)`));
  });
  it('names runs that repeat data and an evaluation smaller than asked', () => {
    const runs = planSweep(grid([4_000], [2e6, 8e6]), data);
    const lines = designChecks(runs, facts({ trainUnique: 4e6, evalTaken: () => 4096 })).join('\n');
    expect(lines).toMatch(/1 run\(s\) repeat data, up to 2\.0 epochs of 4,000,000 unique train tokens.*not fitted: 1 repetition count/);
    expect(lines).toMatch(/evaluation smaller than asked: train\.evalTokens is 8,192, the held-out split gives 4,096/);
  });
  it('approach 2: 3 budgets leave one degree of freedom, 5 leave three', () => {
    const iso = (budgets: number[]) =>
      planSweep(parseSweepSpec({ name: 'i', task: { kind: 'brown' }, family: { kind: 'gpt', nLayer: 2, headDim: 8 }, design: { kind: 'isoflop', budgets, pointsPerBudget: 5, centre: { tokensPerParameter: 100 } } }, 'i.ts'), data);
    const verdict = (runs: RunConfig[]) => lawVerdicts(runs).find((v) => v.law === 'chinchilla-2');
    expect(verdict(iso([1e12, 3e12, 1e13]))?.determinable).toBe(false);
    expect(verdict(iso([1e12, 3e12, 1e13, 3e13, 1e14]))?.determinable).toBe(true);
  });
});

describe('a family and a task that do not fit', () => {
  it('names the tasks each family takes', () => {
    const mlpOnText = parseSweepSpec({ name: 'm', task: { kind: 'brown' }, family: { kind: 'mlp' }, design: { kind: 'grid', n: [1e3], d: [1e6] } }, 'm.ts');
    expect(() => planSweep(mlpOnText, data)).toThrow(/family mlp needs a regression task \(teacher-student or sparse-parity\), but brown gives tokens: use family gpt/);
    const gptOnRegression = parseSweepSpec({ name: 'g', task: { kind: 'teacher-student' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [1e3], d: [1e6] } }, 'g.ts');
    expect(() => planSweep(gptOnRegression, { kind: 'regression', inputDim: 16, outputDim: 1 })).toThrow(/family gpt needs a token task \(brown, text, nanogpt-bin or markov\)/);
  });
});

describe('regime of a finished run', () => {
  it('short below the step minimum, plateau within 5% of the unigram entropy, otherwise none', () => {
    expect(regimeOf({ steps: 24, finalEvalLoss: 2.1, unigramEntropy: 3.08 })?.regime).toBe('short');
    expect(regimeOf({ steps: 1000, finalEvalLoss: 3.0, unigramEntropy: 3.08 })).toMatchObject({ regime: 'plateau', reason: expect.stringMatching(/3\.000 is within 5% of the unigram entropy 3\.080/) });
    expect(regimeOf({ steps: 1000, finalEvalLoss: 2.5, unigramEntropy: 3.08 })).toBeNull();
    expect(regimeOf({ steps: 1000, finalEvalLoss: 0.9, unigramEntropy: null })).toBeNull(); // regression: no unigram entropy
  });
});
