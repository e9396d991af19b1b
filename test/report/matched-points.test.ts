/** compare at matched design points: per-point loss differences, their mean, a paired bootstrap interval. */
import { describe, expect, it } from 'vitest';
import { compareAtMatchedPoints, type MatchedRun } from '../../src/report/matched-points.ts';

const run = (n: number, d: number, loss: number, extra: Partial<MatchedRun> = {}): MatchedRun => ({ target_n: String(n), target_d: String(d), status: 'done', final_eval_loss: String(loss), regime: '', ...extra });

describe('compare at matched design points', () => {
  const sizes = [5e3, 1e4, 2e4, 4e4];
  const seeds = [0.000, 0.004, -0.004];
  const a = sizes.flatMap((n) => seeds.map((s) => run(n, 1e6, 2.5 - 0.1 * Math.log10(n) + s)));

  it('finds a real improvement: b 0.02 nats lower at every point, interval below 0', () => {
    const b = sizes.flatMap((n) => seeds.map((s) => run(n, 1e6, 2.48 - 0.1 * Math.log10(n) - s)));
    const r = compareAtMatchedPoints(a, b);
    expect(r?.points.map((p) => p.label)).toEqual(['N = 5000, D = 1000000', 'N = 10000, D = 1000000', 'N = 20000, D = 1000000', 'N = 40000, D = 1000000']);
    expect(r?.meanDiff).toBeCloseTo(-0.02, 10);
    expect(r?.ci?.[1]).toBeLessThan(0);
    expect(r?.ci?.[0]).toBeGreaterThan(-0.03);
  });

  it('no difference: the interval holds 0', () => {
    const b = sizes.flatMap((n) => seeds.map((s) => run(n, 1e6, 2.5 - 0.1 * Math.log10(n) - s)));
    const r = compareAtMatchedPoints(a, b);
    expect(r?.meanDiff).toBeCloseTo(0, 10);
    expect(r?.ci?.[0]).toBeLessThan(0);
    expect(r?.ci?.[1]).toBeGreaterThan(0);
  });

  it('uses shared points only, leaves out failed, short and plateau runs, and finds none to compare across designs', () => {
    const b = [run(5e3, 1e6, 2.1), run(1e4, 1e6, 2.0, { regime: 'short' }), run(2e4, 1e6, 1.9, { status: 'failed' }), run(9e9, 1e6, 1.0)];
    const r = compareAtMatchedPoints(a, b);
    expect(r?.points.map((p) => p.label)).toEqual(['N = 5000, D = 1000000']);
    expect(r?.ci).toBeNull();
    expect(compareAtMatchedPoints(a, [run(1, 2, 3)])).toBeNull();
  });
});
