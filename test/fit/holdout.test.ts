/** Every law reports a hold-out extrapolation error, and on data from the law itself it is small. */
import { describe, expect, it } from 'vitest';
import { fitLaw, predictBnsl, type FitOptions, type FitPoint, type LawName } from '../../src/fit/index.ts';
import { gridPoints, linePoints, logspace, lossC3 } from './synth.ts';

const truth = { E: 1.2, A: 30, B: 150, alpha: 0.4, beta: 0.3 };
const curves: FitPoint[] = [];
for (const N of logspace(1e3, 1e7, 12)) for (const D of logspace(N, 1e5 * N, 30)) curves.push({ N, D, loss: lossC3(truth, N, D), run: `n${N}` });
const G = ((truth.alpha * truth.A) / (truth.beta * truth.B)) ** (1 / (truth.alpha + truth.beta));
const iso: FitPoint[] = [1e12, 1e13, 1e14, 1e15].flatMap((C) =>
  [-2, -1, 0, 1, 2].map((k) => {
    const N = G * (C / 6) ** (3 / 7) * 2 ** k;
    return { N, D: C / 6 / N, loss: lossC3(truth, N, C / 6 / N), budget: C };
  }),
);

const cases: [string, LawName, FitPoint[], FitOptions, number][] = [
  ['kaplan-n', 'kaplan-n', linePoints((N) => (1e13 / N) ** 0.08, logspace(1e4, 1e8, 6), 0.002, 1, 'N'), {}, 0.01],
  ['kaplan-d+E', 'kaplan-d', linePoints((D) => 2 + (1e8 / D) ** 0.3, logspace(1e5, 1e10, 8), 0.002, 1, 'D'), { irreducible: true }, 0.01],
  ['kaplan-nd', 'kaplan-nd', gridPoints((N, D) => ((1e13 / N) ** (0.08 / 0.1) + 1e13 / D) ** 0.1, logspace(1e4, 1e8, 5), logspace(1e6, 1e10, 5), 0.002, 1), {}, 0.01],
  ['kaplan-c+E', 'kaplan-c', curves, { irreducible: true }, 0.05],
  ['chinchilla-1', 'chinchilla-1', curves, {}, 0.5],
  ['chinchilla-2', 'chinchilla-2', iso, {}, 0.1],
  ['chinchilla-3', 'chinchilla-3', gridPoints((N, D) => lossC3(truth, N, D), logspace(1e4, 1e7, 5), logspace(1e6, 1e9, 5), 0.002, 1), { grid: 'coarse' }, 0.01],
  ['bnsl-1', 'bnsl-1', linePoints((x) => predictBnsl({ a: 1, b: 50, c0: 0.1, c1: 0.4, d1: 1e6, f1: 0.5 }, x, 1), logspace(1e3, 1e10, 20), 0.002, 1, 'N'), {}, 0.01],
];

describe('hold-out extrapolation', () => {
  it.each(cases)('%s', (_name, law, pts, options, tol) => {
    const f = fitLaw(law, pts, { ...options, bootstrap: 0, holdout: true });
    const h = f.holdout;
    expect(h, 'holdout present').toBeDefined();
    expect(h?.relError, h?.note).not.toBeNull();
    expect(h?.relError as number).toBeLessThan(tol);
    expect(h?.predictions.length).toBeGreaterThan(0);
    expect(h?.trainPoints).toBeLessThan(pts.length);
  });

  it('reports why when the reduced data cannot be fitted, instead of failing', () => {
    const pts = linePoints((N) => (1e13 / N) ** 0.08, logspace(1e4, 1e8, 2), 0.002, 1, 'N');
    const f = fitLaw('kaplan-n', pts, { bootstrap: 0, holdout: true });
    expect(f.holdout?.relError).toBeNull();
    expect(f.holdout?.note).toMatch(/without the largest N failed/);
  });
});
