import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/index.ts';
import { SIZES_NEAR_MINIMUM } from '../../src/fit/laws/chinchilla2.ts';
import { fitParabola } from '../../src/fit/linreg.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';
import { logspace, lossC3, shuffle } from './synth.ts';

// For L = E + A/N^α + B/D^β under C = 6ND, N_opt ∝ C^(β/(α+β)) and D_opt ∝ C^(α/(α+β)).
const truth = { E: 1.2, A: 30, B: 150, alpha: 0.4, beta: 0.3 };
const a = truth.beta / (truth.alpha + truth.beta);
const G = ((truth.alpha * truth.A) / (truth.beta * truth.B)) ** (1 / (truth.alpha + truth.beta));
const nOpt = (C: number) => G * (C / 6) ** a;

function curves(sigma: number, seed: number) {
  const rng = mulberry32(seed);
  const pts = [];
  for (const N of logspace(1e3, 1e7, 16)) {
    for (const D of logspace(N, 1e5 * N, 40)) pts.push({ N, D, loss: lossC3(truth, N, D) * Math.exp(sigma * randNormal(rng)), run: `n${N.toFixed(0)}` });
  }
  return pts;
}

function isoflop(sigma: number, seed: number) {
  const rng = mulberry32(seed);
  const pts = [];
  for (const C of [1e12, 1e13, 1e14, 1e15, 1e16]) {
    for (const k of [-3, -2, -1, 0, 1, 2, 3]) {
      const N = nOpt(C) * 2 ** (k + 0.3); // off-centre: the parabola, not the grid, finds the minimum
      pts.push({ N, D: C / 6 / N, loss: lossC3(truth, N, C / 6 / N) * Math.exp(sigma * randNormal(rng)), budget: C });
    }
  }
  return pts;
}

describe('chinchilla-1 (envelope of training curves)', () => {
  it('recovers N_opt ∝ C^(β/(α+β)) and D_opt ∝ C^(α/(α+β))', () => {
    const f = fitLaw('chinchilla-1', curves(0, 1), { bootstrap: 0 });
    expect(Math.abs(f.params.a - a)).toBeLessThan(0.01);
    expect(Math.abs(f.params.b - (1 - a))).toBeLessThan(0.01);
    expect(Math.abs(Math.log(f.params.k_N * 1e15 ** f.params.a / nOpt(1e15)))).toBeLessThan(0.3);
  });

  it('with noisy curves, bootstraps whole runs and brackets the truth', () => {
    const f = fitLaw('chinchilla-1', curves(0.005, 2), { bootstrap: 40, seed: 1, holdout: true });
    expect(Math.abs(f.params.a - a)).toBeLessThan(0.05);
    expect(f.ci.a[0]).toBeLessThan(a);
    expect(f.ci.a[1]).toBeGreaterThan(a);
    expect(f.holdout?.quantity).toBe('N_opt');
  });
});

describe('chinchilla-2 (IsoFLOP parabolas)', () => {
  it('recovers a and b and each budget’s N_opt', () => {
    const f = fitLaw('chinchilla-2', isoflop(0, 1), { bootstrap: 0, holdout: true });
    expect(Math.abs(f.params.a - a)).toBeLessThan(0.02);
    expect(f.params.a + f.params.b).toBeCloseTo(1, 10);
    const minima = f.details?.isoflop as { C: number; N_opt: number }[];
    expect(minima).toHaveLength(5);
    for (const m of minima) expect(Math.abs(Math.log(m.N_opt / nOpt(m.C)))).toBeLessThan(0.15);
    expect(f.holdout?.relError as number).toBeLessThan(0.15);
  });

  it('groups by C when no budget is given, and resamples within budgets', () => {
    const pts = isoflop(0.005, 3).map(({ budget: _b, ...p }) => p);
    const f = fitLaw('chinchilla-2', shuffle(pts, 1), { bootstrap: 60, seed: 2 });
    expect((f.details?.isoflop as unknown[]).length).toBe(5);
    expect(Math.abs(f.params.a - a)).toBeLessThan(0.05);
    expect(f.ci.a[0]).toBeLessThan(f.params.a);
    expect(f.ci.a[1]).toBeGreaterThan(f.params.a);
  });

  it('finds N_opt on wide, lopsided profiles from the sizes near the lowest loss', () => {
    // 13 sizes from N_opt/64 to 64·N_opt: the profile is flat on one side and steep on the other.
    const pts: { N: number; D: number; loss: number; budget: number }[] = [];
    for (const C of [1e12, 1e14, 1e16]) {
      for (let k = -6; k <= 6; k++) {
        const N = nOpt(C) * 2 ** (k + 0.3);
        pts.push({ N, D: C / 6 / N, loss: lossC3(truth, N, C / 6 / N), budget: C });
      }
    }
    const f = fitLaw('chinchilla-2', pts, { bootstrap: 0 });
    const minima = f.details?.isoflop as { C: number; N_opt: number; points: number }[];
    const logError = (C: number, N: number) => Math.abs(Math.log(N / nOpt(C)));
    for (const m of minima) {
      expect(m.points).toBe(SIZES_NEAR_MINIMUM);
      expect(logError(m.C, m.N_opt)).toBeLessThan(0.1);
    }
    expect(Math.abs(f.params.a - a)).toBeLessThan(0.01);
    // A parabola through each whole profile, this lopsided, misses by several times more.
    for (const m of minima) {
      const ps = pts.filter((p) => p.budget === m.C);
      const c = fitParabola(ps.map((p) => Math.log(p.N)), ps.map((p) => p.loss))!;
      expect(logError(m.C, Math.exp(-c[1] / (2 * c[2])))).toBeGreaterThan(3 * logError(m.C, m.N_opt));
    }
  });

  it('skips a budget without a minimum and says so', () => {
    const pts = isoflop(0, 4);
    // Make the smallest budget monotone in N: no interior minimum.
    pts.filter((p) => p.budget === 1e12).forEach((p, i) => (p.loss = 5 - 0.1 * i));
    const f = fitLaw('chinchilla-2', pts, { bootstrap: 0 });
    expect(f.warnings.join(' ')).toMatch(/not convex/);
    expect((f.details?.isoflop as unknown[]).length).toBe(4);
  });
});
