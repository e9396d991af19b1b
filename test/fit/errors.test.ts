import { describe, expect, it } from 'vitest';
import { FitInputError, fitLaw, type FitPoint, type LawName } from '../../src/fit/index.ts';
import { linePoints, logspace } from './synth.ts';

const good = (): FitPoint[] => linePoints((N) => (1e13 / N) ** 0.07, logspace(1e5, 1e9, 6), 0.01, 1, 'N');

function expectFitError(law: LawName, pts: FitPoint[], pattern: RegExp, options = {}) {
  let err: unknown;
  try {
    fitLaw(law, pts, { bootstrap: 0, ...options });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(FitInputError);
  expect((err as Error).message).toMatch(pattern);
}

describe('bad input gives a clear FitInputError, never NaN', () => {
  it('duplicated point', () => {
    const pts = good();
    pts.push({ ...pts[2] });
    expectFitError('kaplan-n', pts, /duplicated point N=/);
  });

  it('replicates at one (N, D) with different losses are fine', () => {
    const pts = good();
    pts.push({ ...pts[2], loss: pts[2].loss * 1.01 });
    const r = fitLaw('kaplan-n', pts, { bootstrap: 0 });
    expect(r.stats.points).toBe(pts.length); // both replicates are fitted, none dropped
    expect(r.params.alpha_N).toBeCloseTo(0.07, 2);
  });

  it.each([
    ['N', 0, /N must be positive/],
    ['N', -5, /N must be positive/],
    ['D', 0, /D must be positive/],
    ['loss', -1, /loss must be positive/],
    ['loss', Number.POSITIVE_INFINITY, /loss must be positive and finite/],
    ['loss', Number.NaN, /loss is not a number/],
    ['C', 0, /C must be positive/],
  ] as const)('%s = %s', (key, value, pattern) => {
    const pts = good();
    (pts[3] as unknown as Record<string, number>)[key] = value;
    expectFitError('kaplan-n', pts, pattern);
  });

  it('names the offending point', () => {
    const pts = good();
    pts[4].N = Number.NaN;
    expectFitError('kaplan-n', pts, /point 5: N/);
  });

  it.each([
    ['kaplan-n', 1, /at least 2/],
    ['chinchilla-3', 5, /at least 6 points/],
    ['kaplan-nd', 4, /at least 5 points/],
    ['bnsl-1', 6, /at least 7 distinct values of N/],
    ['bnsl-2', 9, /at least 10 distinct values/],
  ] as const)('too few points for %s', (law, n, pattern) => {
    const pts = linePoints((N) => 2 + (1e6 / N) ** 0.3, logspace(1e4, 1e8, n), 0.01, 2, 'N');
    // Give chinchilla-3 / kaplan-nd points that vary in D too, so only the count is short.
    if (law === 'chinchilla-3' || law === 'kaplan-nd') pts.forEach((p, i) => (p.D = 1e9 * (1 + i)));
    expectFitError(law, pts, pattern);
  });

  it('kaplan-n+E needs 3 distinct N', () => {
    const pts = good().slice(0, 2);
    pts.push({ N: pts[0].N, D: 1e9, loss: pts[0].loss * 1.01 }, { N: pts[1].N, D: 1e9, loss: pts[1].loss * 1.01 });
    expectFitError('kaplan-n', pts, /at least 3 distinct values of N/, { irreducible: true });
  });

  it('chinchilla-2 without usable budgets', () => {
    const pts = good().map((p, i) => ({ ...p, budget: i < 3 ? 1e15 : 1e16 }));
    // Loss falls monotonically with N in every budget, so each parabola's vertex lies outside the
    // sizes sampled: such budgets are left out of the line, and none is left.
    expectFitError('chinchilla-2', pts, /only 0 budget\(s\) have a parabola minimum inside the sampled N/);
    expectFitError('chinchilla-2', pts.slice(0, 4), /at least 2 FLOP budgets/);
  });

  it('a flat loss gives an error, not N_c = NaN', () => {
    const pts = logspace(1e5, 1e9, 5).map((N) => ({ N, D: 1e9, loss: 3 }));
    expectFitError('kaplan-n', pts, /not finite/);
  });

  it('unknown law', () => {
    expectFitError('kaplan-x' as LawName, good(), /unknown law/);
  });

  it('results never contain NaN', () => {
    const f = fitLaw('kaplan-n', good(), { bootstrap: 50, holdout: true });
    const walk = (v: unknown): void => {
      if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(f);
  });
});
