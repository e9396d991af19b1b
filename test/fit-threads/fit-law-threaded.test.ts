/**
 * fitLawThreaded against fitLaw on one thread: the same result to the bit (parameters, CIs,
 * residuals, every bootstrap row in order, the hold-out), for laws with a grid scan, with run
 * resampling and with none; and a refused input fails the same way.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FitInputError, fitLaw, type FitOptions, type FitPoint, type LawName } from '../../src/fit/index.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';
import { makeLaw } from '../../src/fit/fit-law.ts';
import { runNextScanWith, runStartsInTurn, type Optimum } from '../../src/fit/multistart.ts';
import { preparePoints } from '../../src/fit/validate.ts';
import { fitLawThreaded, scanOnPool } from '../../src/fit-threads/fit-law-threaded.ts';
import { FitPool } from '../../src/fit-threads/pool.ts';
import { gridPoints, HOFFMANN, linePoints, logspace, lossC3 } from '../fit/synth.ts';

const truth = HOFFMANN;

/** Training curves, one run per N, for the envelope law (whole runs are resampled). */
function curves(): FitPoint[] {
  const rng = mulberry32(3);
  const pts: FitPoint[] = [];
  for (const N of logspace(1e6, 1e9, 6)) {
    for (const D of logspace(N, 1e4 * N, 20)) pts.push({ N, D, loss: lossC3(truth, N, D) * Math.exp(0.005 * randNormal(rng)), run: `n${N.toFixed(0)}` });
  }
  return pts;
}

let pool: FitPool;
beforeAll(() => {
  // Two workers even on one core: the shares must be put back together in order either way.
  pool = new FitPool(2);
});
afterAll(() => pool.close());

const cases: [string, LawName, () => FitPoint[], FitOptions][] = [
  ['chinchilla-3, full 4,500-start grid', 'chinchilla-3', () => gridPoints((N, D) => lossC3(truth, N, D), logspace(1e7, 1e9, 5), logspace(1e9, 1e11, 5), 0.01, 7), { bootstrap: 30, seed: 5, holdout: true }],
  ['bnsl-1', 'bnsl-1', () => linePoints((x) => 2 + 30 * x ** -0.3, logspace(1e6, 1e9, 12), 0.01, 9, 'N'), { bootstrap: 20, seed: 2, holdout: true }],
  ['kaplan-nd', 'kaplan-nd', () => gridPoints((N, D) => lossC3(truth, N, D), logspace(1e7, 1e9, 4), logspace(1e9, 1e11, 4), 0.01, 4), { bootstrap: 20, seed: 3 }],
  ['kaplan-nd with its hold-out refit', 'kaplan-nd', () => gridPoints((N, D) => lossC3(truth, N, D), logspace(1e7, 1e9, 4), logspace(1e9, 1e11, 4), 0.01, 4), { bootstrap: 0, holdout: true }],
  ['chinchilla-1, runs resampled, no scan, its own hold-out', 'chinchilla-1', curves, { bootstrap: 20, seed: 1, holdout: true }],
  // Enough draws for the hold-out's prediction interval: its refit's bootstrap runs on the pool.
  ['kaplan-n+E with the hold-out prediction interval', 'kaplan-n', () => linePoints((x) => 2 + 30 * x ** -0.3, logspace(1e6, 1e9, 12), 0.01, 9, 'N'), { bootstrap: 60, seed: 4, holdout: true, irreducible: true }],
];

describe('fitLawThreaded', () => {
  it.each(cases)('%s: bit-identical to fitLaw on one thread', async (_name, law, points, options) => {
    const pts = points();
    const one = fitLaw(law, pts, options);
    const threaded = await fitLawThreaded(law, pts, options, pool);
    expect(threaded.bootstrapSamples?.length, 'bootstrap rows').toBe(one.bootstrapSamples?.length);
    if ((options.bootstrap ?? 0) >= 40 && options.holdout) expect(one.holdout?.interval, 'a prediction interval to compare').toBeDefined();
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(one));
  });

  it("runs the hold-out's refit scan on the pool, on the points below the largest N", async () => {
    const pts = gridPoints((N, D) => lossC3(truth, N, D), logspace(1e7, 1e9, 4), logspace(1e9, 1e11, 4), 0.01, 6);
    const run = vi.spyOn(pool, 'run');
    try {
      await fitLawThreaded('chinchilla-3', pts, { bootstrap: 0, holdout: true }, pool);
      const subsets = run.mock.calls.map(([task]) => (task.kind === 'scan' ? task.subset : undefined)).filter((s) => s !== undefined);
      expect(subsets.length).toBeGreaterThan(0);
      expect(subsets[0].length).toBe(12); // 3 of the 4 sizes
      expect(Math.max(...subsets[0].map((p) => p.N))).toBeLessThan(1e9);
    } finally {
      run.mockRestore();
    }
  });

  it("puts the workers' shares of a scan back in start order: each start's optimum, as in turn", async () => {
    const pts = preparePoints(gridPoints((N, D) => lossC3(truth, N, D), logspace(1e7, 1e9, 3), logspace(1e9, 1e11, 3), 0.01, 8));
    const options: FitOptions = { grid: 'full' };
    let inTurn: Optimum[] = [];
    const stop = new Error('scan done');
    expect(() =>
      runNextScanWith(
        (fg, starts, lbfgs) => {
          inTurn = runStartsInTurn(fg, starts, lbfgs);
          throw stop;
        },
        () => makeLaw('chinchilla-3', options, pts).fit(pts),
      ),
    ).toThrow(stop);
    const onPool = await scanOnPool({ law: 'chinchilla-3', options, pts }, inTurn.length, pool);
    expect(onPool.length).toBe(4500);
    // Start by start: the same optimum, to the bit (Float64Arrays compare element by element).
    expect(onPool.map((o) => [o.f, [...o.x], o.iterations])).toEqual(inTurn.map((o) => [o.f, [...o.x], o.iterations]));
  });

  it('refuses what fitLaw refuses, with the same FitInputError', async () => {
    const few = [{ N: 1e6, D: 1e9, loss: 3 }, { N: 2e6, D: 1e9, loss: 2.9 }];
    expect(() => fitLaw('chinchilla-3', few)).toThrow(FitInputError);
    await expect(fitLawThreaded('chinchilla-3', few, {}, pool)).rejects.toThrow(FitInputError);
  });
});
