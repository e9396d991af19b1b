import { describe, expect, it } from 'vitest';
import { minimize } from '../../src/fit/lbfgs.ts';
import { multiStart } from '../../src/fit/multistart.ts';

describe('L-BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimize(
      (x, g) => {
        const a = 1 - x[0];
        const b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
      },
      [-1.2, 1],
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('solves a badly scaled quadratic', () => {
    const scales = [1, 1e2, 1e4, 1e-2];
    const r = minimize((x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        f += 0.5 * scales[i] * (x[i] - i) ** 2;
        g[i] = scales[i] * (x[i] - i);
      }
      return f;
    }, [10, 10, 10, 10]);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 5));
  });

  it('backs off from steps where the objective overflows', () => {
    // exp(x) overflows to Infinity for x > 709; the minimum of exp(x) − 2x is at log 2.
    const r = minimize((x, g) => {
      const e = Math.exp(x[0]);
      g[0] = e - 2;
      return e - 2 * x[0];
    }, [-50]);
    expect(r.x[0]).toBeCloseTo(Math.log(2), 6);
  });

  it('reports a non-finite start instead of returning NaN', () => {
    const r = minimize((_x, g) => {
      g[0] = 0;
      return NaN;
    }, [0]);
    expect(r.reason).toBe('nonFinite');
    expect(r.f).toBe(Infinity);
  });

  it('multi-start keeps distinct optima, best first', () => {
    // Double well (x² − 1)² + 0.1x: minima near −1 (lower) and +1.
    const fg = (x: Float64Array, g: Float64Array) => {
      const t = x[0] * x[0] - 1;
      g[0] = 4 * x[0] * t + 0.1;
      return t * t + 0.1 * x[0];
    };
    const r = multiStart(fg, [[2], [-2], [1.5], [-0.5]]);
    expect(r.optima).toHaveLength(2);
    expect(r.optima[0].x[0]).toBeCloseTo(-1.01, 1);
    expect(r.optima[1].x[0]).toBeCloseTo(0.99, 1);
  });
});
