/**
 * The learning rate per model size from a tune stage's grid (Porian et al. 2024: tuning the LR
 * per size is what moves a small-scale exponent). Pure: points in, choices out.
 *
 * Per size: the grid point with the lowest held-out loss (mean over seeds), then a parabola in
 * log LR through it and its two neighbours; its vertex, kept between those neighbours, is the
 * tuned LR. A minimum at either end of the grid is flagged: the best LR may lie outside it, and
 * the end value is used. Across sizes: log lr* = log c + k·log N by least squares, the law the
 * main sweep can train every size at (smoother than per-size vertices, whose noise would land in
 * L(N)). Tuned at several horizons (token budgets), each (size, horizon) is tuned alone and the law
 * is log lr* = log c + k_N·log N + k_D·log D, so a main run gets the LR for its own D: the best LR
 * falls as runs grow longer, and one short horizon overstates it for the long runs of a sweep.
 */
import { fitLine, fitParabola } from './linreg.ts';

export interface TunePoint {
  /** The size tuned (the design's target N). */
  n: number;
  /** The horizon: tokens (or examples) the tuning run trained on. */
  d: number;
  learningRate: number;
  /** Final held-out loss; null when the run diverged or failed (treated as worse than any loss). */
  loss: number | null;
}

export interface TunedSize {
  n: number;
  /** The horizon it was tuned at. */
  d: number;
  /** The tuned LR: the parabola vertex, or the grid minimum when no parabola applies. */
  learningRate: number;
  /** The grid LR with the lowest mean loss, and that loss. */
  gridBest: number;
  gridBestLoss: number;
  /** 'vertex' (parabola through three points), 'edge' (minimum at an end of the grid), 'grid' (the three points are not convex). */
  method: 'vertex' | 'edge' | 'grid';
  /** Mean loss per grid LR (null: every seed diverged or failed), in grid order. */
  losses: Array<{ learningRate: number; loss: number | null; runs: number }>;
}

export interface LrLaw {
  /** lr*(N) = c · N^exponent (· D^dExponent, tuned at several horizons). */
  c: number;
  exponent: number;
  /** The horizon's exponent k_D; absent when every size was tuned at one horizon. */
  dExponent?: number;
  /** Sizes the law was fitted on (those whose minimum is not at a grid end, if 2 or more are). */
  sizes: number[];
}

export interface TunedLearningRates {
  sizes: TunedSize[];
  law: LrLaw | null;
  warnings: string[];
}

export class TuneError extends Error {}

export function tuneLearningRates(points: readonly TunePoint[]): TunedLearningRates {
  const byCell = new Map<string, TunePoint[]>();
  for (const p of points) byCell.set(`${p.n}|${p.d}`, [...(byCell.get(`${p.n}|${p.d}`) ?? []), p]);
  const warnings: string[] = [];
  const horizons = new Set(points.map((p) => p.d)).size;
  const cells = [...byCell.values()].sort((a, b) => a[0].n - b[0].n || a[0].d - b[0].d);
  const sizes = cells.map((cell) => tuneOneSize(cell[0].n, cell[0].d, cell, warnings, horizons > 1));
  return { sizes, law: horizons > 1 ? lrLawWithHorizon(sizes, warnings) : lrLaw(sizes, warnings), warnings };
}

function tuneOneSize(n: number, d: number, points: TunePoint[], warnings: string[], namesHorizon: boolean): TunedSize {
  const where = namesHorizon ? `N = ${n} at D = ${d}` : `N = ${n}`;
  const grid = [...new Set(points.map((p) => p.learningRate))].sort((a, b) => a - b);
  const losses = grid.map((learningRate) => {
    const at = points.filter((p) => p.learningRate === learningRate);
    const finite = at.map((p) => p.loss).filter((l): l is number => l !== null && Number.isFinite(l));
    // A seed that diverged makes the LR unusable: its mean would hide a run that blew up.
    const loss = finite.length === at.length && finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
    return { learningRate, loss, runs: at.length };
  });
  let best = -1;
  losses.forEach((l, i) => {
    if (l.loss !== null && (best < 0 || l.loss < (losses[best].loss as number))) best = i;
  });
  if (best < 0) throw new TuneError(`${where}: every learning rate of the tune grid diverged or failed; lower tune.learningRates`);
  const gridBest = losses[best].learningRate;
  const gridBestLoss = losses[best].loss as number;
  const base = { n, d, gridBest, gridBestLoss, losses };
  if (best === 0 || best === grid.length - 1) {
    warnings.push(`${where}: the best learning rate ${gridBest} is at the ${best === 0 ? 'low' : 'high'} end of the tune grid; the optimum may lie outside it (widen tune.learningRates)`);
    return { ...base, learningRate: gridBest, method: 'edge' };
  }
  const three = losses.slice(best - 1, best + 2);
  if (three.some((l) => l.loss === null)) return { ...base, learningRate: gridBest, method: 'grid' };
  const x = three.map((l) => Math.log(l.learningRate));
  const coef = fitParabola(x, three.map((l) => l.loss as number));
  if (!coef || !(coef[2] > 0)) return { ...base, learningRate: gridBest, method: 'grid' };
  const vertex = Math.min(x[2], Math.max(x[0], -coef[1] / (2 * coef[2])));
  return { ...base, learningRate: Math.exp(vertex), method: 'vertex' };
}

function lrLaw(sizes: TunedSize[], warnings: string[]): LrLaw | null {
  const inside = sizes.filter((s) => s.method !== 'edge');
  const used = inside.length >= 2 ? inside : sizes;
  if (used.length < 2) {
    warnings.push('fewer than 2 tuned sizes: no lr(N) law; each size keeps its own tuned LR');
    return null;
  }
  if (used !== inside) warnings.push('fewer than 2 sizes have their minimum inside the grid: the lr(N) law is fitted on grid-end values too');
  const line = fitLine(used.map((s) => Math.log(s.n)), used.map((s) => Math.log(s.learningRate)));
  if (!line) return null;
  return { c: Math.exp(line.intercept), exponent: line.slope, sizes: used.map((s) => s.n) };
}

/** log lr* = log c + k_N·log N + k_D·log D through every tuned (size, horizon) inside the grid. */
function lrLawWithHorizon(cells: TunedSize[], warnings: string[]): LrLaw | null {
  const inside = cells.filter((s) => s.method !== 'edge');
  const enough = (xs: TunedSize[]) => xs.length >= 3 && new Set(xs.map((s) => s.n)).size >= 2 && new Set(xs.map((s) => s.d)).size >= 2;
  const used = enough(inside) ? inside : cells;
  if (!enough(used)) {
    warnings.push('fewer than 2 sizes or 2 horizons tuned: no lr(N, D) law; each size keeps its own tuned LR');
    return null;
  }
  if (used !== inside) warnings.push('too few (size, horizon) cells have their minimum inside the grid: the lr(N, D) law is fitted on grid-end values too');
  const coef = leastSquares3(used.map((s) => [1, Math.log(s.n), Math.log(s.d)]), used.map((s) => Math.log(s.learningRate)));
  if (!coef) return null;
  return { c: Math.exp(coef[0]), exponent: coef[1], dExponent: coef[2], sizes: [...new Set(used.map((s) => s.n))] };
}

/** Least squares for 3 coefficients by the normal equations (Gaussian elimination); null when singular. */
function leastSquares3(rows: number[][], y: number[]): [number, number, number] | null {
  const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((sum, r) => sum + r[i] * r[j], 0)));
  const b = [0, 1, 2].map((i) => rows.reduce((sum, r, k) => sum + r[i] * y[k], 0));
  for (let col = 0; col < 3; col++) {
    const pivot = [col, col + 1, col + 2].filter((r) => r < 3).reduce((p, r) => (Math.abs(a[r][col]) > Math.abs(a[p][col]) ? r : p), col);
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < 3; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c < 3; c++) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) x[r] = (b[r] - (r < 2 ? a[r][r + 1] * x[r + 1] : 0) - (r < 1 ? a[r][r + 2] * x[r + 2] : 0)) / a[r][r];
  return [x[0], x[1], x[2]];
}

/**
 * The LR a main-sweep size trains at: the law at N ('power-law'; without a law, the nearest tuned
 * size's LR), or the tuned LR of that size ('per-size', which needs N to have been tuned). Clamped
 * to the grid's range: the tune stage says nothing outside it.
 */
export function learningRateFor(tuned: TunedLearningRates, n: number, use: 'power-law' | 'per-size', d?: number): number {
  const grid = tuned.sizes.flatMap((s) => s.losses.map((l) => l.learningRate));
  const clamp = (lr: number) => Math.min(Math.max(...grid), Math.max(Math.min(...grid), lr));
  const kD = tuned.law?.dExponent;
  // Tuned at several horizons: a size's own LR is carried from its nearest horizon to D by k_D.
  const toHorizon = (s: TunedSize) => (kD !== undefined && d !== undefined ? clamp(s.learningRate * (d / s.d) ** kD) : s.learningRate);
  const nearestHorizon = (cells: TunedSize[]) => (d === undefined ? cells[cells.length - 1] : [...cells].sort((a, b) => Math.abs(Math.log(a.d / d)) - Math.abs(Math.log(b.d / d)))[0]);
  if (use === 'per-size' || !tuned.law) {
    const exact = tuned.sizes.filter((s) => s.n === n);
    if (exact.length > 0) return toHorizon(nearestHorizon(exact));
    if (use === 'per-size') throw new TuneError(`N = ${n} was not tuned (tuned: ${[...new Set(tuned.sizes.map((s) => s.n))].join(', ')}); tune every size or use 'power-law'`);
    const nearest = [...tuned.sizes].sort((a, b) => Math.abs(Math.log(a.n / n)) - Math.abs(Math.log(b.n / n)))[0];
    return toHorizon(nearestHorizon(tuned.sizes.filter((s) => s.n === nearest.n)));
  }
  return clamp(tuned.law.c * n ** tuned.law.exponent * (kD !== undefined && d !== undefined ? d ** kD : 1));
}
