/** Every analytic gradient the optimiser relies on, against central finite differences. */
import { describe, expect, it } from 'vitest';
import type { Objective } from '../../src/fit/lbfgs.ts';
import { bnslObjective } from '../../src/fit/laws/bnsl.ts';
import { Chinchilla3Objective } from '../../src/fit/laws/chinchilla3.ts';
import { kaplanNDObjective } from '../../src/fit/laws/kaplan-nd.ts';
import { powerObjective } from '../../src/fit/laws/power1.ts';
import { mulberry32 } from '../../src/fit/rng.ts';
import { preparePoints } from '../../src/fit/validate.ts';
import { gridPoints, logspace, lossC3 } from './synth.ts';

function checkGradient(fg: Objective, x0: number[], h = 1e-6): void {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const scratch = new Float64Array(x.length);
  fg(x, g);
  for (let i = 0; i < x.length; i++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    const step = h * Math.max(1, Math.abs(x[i]));
    xp[i] += step;
    xm[i] -= step;
    const fd = (fg(xp, scratch) - fg(xm, scratch)) / (2 * step);
    const tol = 1e-5 * Math.max(1, Math.abs(fd), Math.abs(g[i]));
    expect(Math.abs(g[i] - fd), `component ${i}: analytic ${g[i]} vs finite difference ${fd}`).toBeLessThan(tol);
  }
}

const rng = mulberry32(7);
const rand = (lo: number, hi: number) => lo + (hi - lo) * rng();
const logs = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, () => rand(lo, hi));

describe('analytic gradients match finite differences', () => {
  it('chinchilla-3 Huber objective (quadratic and linear regions)', () => {
    const pts = preparePoints(gridPoints((N, D) => lossC3({ E: 1.7, A: 400, B: 400, alpha: 0.34, beta: 0.28 }, N, D), logspace(1e7, 1e10, 5), logspace(1e9, 1e11, 5), 0.02, 1));
    // A wide Huber delta puts residuals in the quadratic zone; the paper's 1e-3 puts most in the linear one.
    for (const delta of [1e-3, 10]) {
      const obj = new Chinchilla3Objective(pts, delta);
      for (let k = 0; k < 5; k++) checkGradient(obj.fg, [rand(-3, 3), rand(-3, 3), rand(-1, 1), rand(0.1, 1), rand(0.1, 1)]);
    }
  });

  it('Kaplan one-variable law with E', () => {
    const x = logs(12, -3, 3);
    const y = Float64Array.from(x, (v) => Math.log(1.5 + Math.exp(0.5 - 0.3 * v)) + 0.01 * rand(-1, 1));
    for (let k = 0; k < 5; k++) checkGradient(powerObjective(x, y), [rand(-1, 1), rand(-1, 1), rand(0.05, 1)]);
  });

  it('Kaplan L(N, D), with and without E', () => {
    const xN = logs(20, -3, 3);
    const xD = logs(20, -3, 3);
    const y = logs(20, 0.5, 1.5);
    for (const E of [false, true]) {
      for (let k = 0; k < 5; k++) {
        const x = [rand(-1, 1), rand(0.05, 0.5), rand(-1, 1), rand(0.05, 0.5)];
        if (E) x.push(rand(-1, 0.5));
        checkGradient(kaplanNDObjective(xN, xD, y, E), x);
      }
    }
  });

  it('broken power law with one and two breaks', () => {
    const xs = logs(25, -4, 4);
    const y = logs(25, 0, 2);
    for (const breaks of [1, 2]) {
      for (let k = 0; k < 5; k++) {
        const x = [rand(-2, 0.5), rand(-1, 1), rand(0, 0.5)];
        for (let j = 0; j < breaks; j++) x.push(rand(-0.5, 1), rand(-3, 3), rand(-1.5, 0.5));
        checkGradient(bnslObjective(xs, y, breaks), x);
      }
    }
  });
});
