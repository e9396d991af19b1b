/**
 * Chinchilla approach 3 (Hoffmann et al. 2022 §3.3; Besiroglu et al. 2024):
 *   L(N, D) = E + A/N^alpha + B/D^beta
 * fitted by minimising Σ Huber_δ(LSE(a − alpha·log N, b − beta·log D, e) − log L), δ = 1e-3,
 * with a = log A, b = log B, e = log E, by L-BFGS from every start of the paper's grid; the best
 * optimum wins.
 */
import { jointCount } from '../design-count.ts';
import { defineLaw } from '../law-record.ts';
import { lossCoreFit, type CoreFit, type Law } from '../law.ts';
import { bestNatural, scanAndPolish } from '../multistart.ts';
import { HUBER_DELTA } from '../robust.ts';
import { jointPicks } from '../sweep-data.ts';
import type { FitOptions } from '../types.ts';
import { distinct, requireDistinct, requirePoints, type Pt } from '../validate.ts';

export interface StartGrid {
  alpha: number[];
  beta: number[];
  e: number[];
  a: number[];
  b: number[];
}

/** The paper's grid: 5·5·5·6·6 = 4,500 starts. */
export const FULL_GRID: StartGrid = {
  alpha: [0, 0.5, 1, 1.5, 2],
  beta: [0, 0.5, 1, 1.5, 2],
  e: [-1, -0.5, 0, 0.5, 1],
  a: [0, 5, 10, 15, 20, 25],
  b: [0, 5, 10, 15, 20, 25],
};

/** A 32-start subset of the full grid for quick looks and tests. */
export const COARSE_GRID: StartGrid = {
  alpha: [0.5, 1],
  beta: [0.5, 1],
  e: [0, 0.5],
  a: [5, 15],
  b: [5, 15],
};

/** Natural parameter vector [a, b, e, alpha, beta]. */
export function gridStarts(grid: StartGrid): Float64Array[] {
  const out: Float64Array[] = [];
  for (const al of grid.alpha)
    for (const be of grid.beta)
      for (const e of grid.e) for (const a of grid.a) for (const b of grid.b) out.push(Float64Array.of(a, b, e, al, be));
  return out;
}

/**
 * The objective over one data set. Internally the optimiser sees a' = a − alpha·mean(log N) (and
 * likewise b'): the same function, exactly, but without the strong a–alpha correlation that
 * log N ≈ 20 creates, so L-BFGS needs far fewer iterations. Starts and results are mapped back.
 */
export class Chinchilla3Objective {
  readonly n: number;
  private readonly xN: Float64Array;
  private readonly xD: Float64Array;
  private readonly y: Float64Array;
  readonly mN: number;
  readonly mD: number;

  constructor(
    points: readonly Pt[],
    private readonly delta = HUBER_DELTA,
  ) {
    this.n = points.length;
    const lnN = points.map((p) => Math.log(p.N));
    const lnD = points.map((p) => Math.log(p.D));
    this.mN = lnN.reduce((s, v) => s + v, 0) / this.n;
    this.mD = lnD.reduce((s, v) => s + v, 0) / this.n;
    this.xN = Float64Array.from(lnN, (v) => v - this.mN);
    this.xD = Float64Array.from(lnD, (v) => v - this.mD);
    this.y = Float64Array.from(points, (p) => Math.log(p.loss));
  }

  toInternal(v: ArrayLike<number>): Float64Array {
    return Float64Array.of(v[0] - v[3] * this.mN, v[1] - v[4] * this.mD, v[2], v[3], v[4]);
  }

  toNatural(t: ArrayLike<number>): Float64Array {
    return Float64Array.of(t[0] + t[3] * this.mN, t[1] + t[4] * this.mD, t[2], t[3], t[4]);
  }

  /** Objective and gradient in internal coordinates. */
  readonly fg = (t: Float64Array, g: Float64Array): number => {
    const a = t[0];
    const b = t[1];
    const e = t[2];
    const al = t[3];
    const be = t[4];
    const { xN, xD, y, n, delta } = this;
    let f = 0;
    let ga = 0;
    let gb = 0;
    let ge = 0;
    let gal = 0;
    let gbe = 0;
    for (let i = 0; i < n; i++) {
      const u = a - al * xN[i];
      const v = b - be * xD[i];
      // Log-sum-exp of (u, v, e), shifted by the largest term so nothing overflows.
      const m = u > v ? (u > e ? u : e) : v > e ? v : e;
      const pu = Math.exp(u - m);
      const pv = Math.exp(v - m);
      const pe = Math.exp(e - m);
      const s = pu + pv + pe;
      const r = m + Math.log(s) - y[i];
      let w: number;
      if (r > delta) {
        f += delta * (r - 0.5 * delta);
        w = delta;
      } else if (r < -delta) {
        f += delta * (-r - 0.5 * delta);
        w = -delta;
      } else {
        f += 0.5 * r * r;
        w = r;
      }
      const ws = w / s;
      const wu = ws * pu;
      const wv = ws * pv;
      ga += wu;
      gal -= wu * xN[i];
      gb += wv;
      gbe -= wv * xD[i];
      ge += ws * pe;
    }
    g[0] = ga;
    g[1] = gb;
    g[2] = ge;
    g[3] = gal;
    g[4] = gbe;
    return f;
  };
}

export const CHINCHILLA3_PARAMS = ['E', 'A', 'B', 'alpha', 'beta'] as const;

export function naturalToParams(v: ArrayLike<number>): Record<string, number> {
  return { E: Math.exp(v[2]), A: Math.exp(v[0]), B: Math.exp(v[1]), alpha: v[3], beta: v[4] };
}

export function predictChinchilla(params: Record<string, number>, N: number, D: number): number {
  return params.E + params.A / N ** params.alpha + params.B / D ** params.beta;
}

export function chinchilla3Law(options: FitOptions): Law {
  const grid = options.grid === 'coarse' ? COARSE_GRID : FULL_GRID;
  return {
    law: 'chinchilla-3',
    label: 'chinchilla-3',
    formula: 'L = E + A/N^alpha + B/D^beta',
    paramNames: CHINCHILLA3_PARAMS,
    resample: 'point',
    holdoutAxis: 'N',
    check(points) {
      requirePoints('chinchilla-3', points, 6);
      requireDistinct('chinchilla-3', points, 'N', 2);
      requireDistinct('chinchilla-3', points, 'D', 2);
    },
    predict: (params, p) => predictChinchilla(params, p.N, p.D),
    // N_opt ∝ C^a, D_opt ∝ C^b with a = beta/(alpha+beta): comparable with approaches 1 and 2.
    derive: (p) => ({ a: p.beta / (p.alpha + p.beta), b: p.alpha / (p.alpha + p.beta) }),
    fit(points, warm): CoreFit {
      const obj = new Chinchilla3Objective(points);
      const starts = (warm ?? gridStarts(grid)).map((v) => obj.toInternal(v));
      const found = bestNatural('chinchilla-3', scanAndPolish(obj.fg, starts, 5), (x) => obj.toNatural(x));
      const params = naturalToParams(found.v);
      const warnings: string[] = [];
      if (params.alpha <= 0 || params.beta <= 0) {
        warnings.push(`chinchilla-3: non-positive exponent (alpha=${params.alpha.toFixed(3)}, beta=${params.beta.toFixed(3)}); the data may not span enough N or D`);
      }
      if (distinct(points.map((p) => p.N)).length < 3 || distinct(points.map((p) => p.D)).length < 3) {
        warnings.push('chinchilla-3: fewer than 3 distinct N or D; E, A, alpha (or B, beta) are barely identified');
      }
      return lossCoreFit(points, params, (p) => predictChinchilla(params, p.N, p.D), found, warnings);
    },
  };
}

/** Besiroglu et al. 2024's refit of approach 3. */
const BESIROGLU = { alpha: 0.3478, beta: 0.3658 };

export const chinchilla3 = defineLaw({
  name: 'chinchilla-3',
  formula: 'L = E + A/N^alpha + B/D^beta: Hoffmann et al. 2022 approach 3 (eq. 10), Huber on log loss from the 4,500-start grid',
  params: { E: 'floor', A: 'coefficient', B: 'coefficient', alpha: 'exponent', beta: 'exponent' },
  derived: { a: 'exponent', b: 'exponent' },
  published: {
    hoffmann: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28, a: 0.46, b: 0.54 },
    besiroglu: { E: 1.82, A: 482.01, B: 2085.43, ...BESIROGLU, a: BESIROGLU.beta / (BESIROGLU.alpha + BESIROGLU.beta), b: BESIROGLU.alpha / (BESIROGLU.alpha + BESIROGLU.beta) },
  },
  holdoutAxis: 'N',
  make: (options) => chinchilla3Law(options),
  sweep: { order: 40, select: jointPicks },
  design: { count: jointCount },
  compare: [
    { symbol: 'E', param: 'E', owner: true },
    { symbol: 'A', param: 'A', owner: true },
    { symbol: 'B', param: 'B', owner: true },
    { symbol: 'α', param: 'alpha', owner: true },
    { symbol: 'β', param: 'beta', owner: true },
    { symbol: 'a (N_opt ∝ C^a)', param: 'a', derived: true },
    { symbol: 'b (D_opt ∝ C^b)', param: 'b', derived: true },
  ],
});
