/**
 * The learning rate per model size from a tune stage's grid (Porian et al. 2024: tuning the LR
 * per size is what moves a small-scale exponent). Pure: points in, choices out.
 *
 * Per size: the grid point with the lowest held-out loss (mean over seeds), then a parabola in
 * log LR through it and its two neighbours; its vertex, kept between those neighbours, is the
 * tuned LR. A minimum at either end of the grid is flagged: the best LR may lie outside it, and
 * the end value is used. Across sizes: log lr* = log c + k·log N by least squares, the law the
 * main sweep can train every size at (smoother than per-size vertices, whose noise would land in
 * L(N)).
 */
import { fitLine, fitParabola } from './linreg.ts';

export interface TunePoint {
  /** The size tuned (the design's target N). */
  n: number;
  learningRate: number;
  /** Final held-out loss; null when the run diverged or failed (treated as worse than any loss). */
  loss: number | null;
}

export interface TunedSize {
  n: number;
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
  /** lr*(N) = c · N^exponent. */
  c: number;
  exponent: number;
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
  const bySize = new Map<number, TunePoint[]>();
  for (const p of points) bySize.set(p.n, [...(bySize.get(p.n) ?? []), p]);
  const warnings: string[] = [];
  const sizes = [...bySize.keys()].sort((a, b) => a - b).map((n) => tuneOneSize(n, bySize.get(n) ?? [], warnings));
  return { sizes, law: lrLaw(sizes, warnings), warnings };
}

function tuneOneSize(n: number, points: TunePoint[], warnings: string[]): TunedSize {
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
  if (best < 0) throw new TuneError(`N = ${n}: every learning rate of the tune grid diverged or failed; lower tune.learningRates`);
  const gridBest = losses[best].learningRate;
  const gridBestLoss = losses[best].loss as number;
  const base = { n, gridBest, gridBestLoss, losses };
  if (best === 0 || best === grid.length - 1) {
    warnings.push(`N = ${n}: the best learning rate ${gridBest} is at the ${best === 0 ? 'low' : 'high'} end of the tune grid; the optimum may lie outside it (widen tune.learningRates)`);
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

/**
 * The LR a main-sweep size trains at: the law at N ('power-law'; without a law, the nearest tuned
 * size's LR), or the tuned LR of that size ('per-size', which needs N to have been tuned). Clamped
 * to the grid's range: the tune stage says nothing outside it.
 */
export function learningRateFor(tuned: TunedLearningRates, n: number, use: 'power-law' | 'per-size'): number {
  const grid = tuned.sizes.flatMap((s) => s.losses.map((l) => l.learningRate));
  const clamp = (lr: number) => Math.min(Math.max(...grid), Math.max(Math.min(...grid), lr));
  if (use === 'per-size' || !tuned.law) {
    const exact = tuned.sizes.find((s) => s.n === n);
    if (exact) return exact.learningRate;
    if (use === 'per-size') throw new TuneError(`N = ${n} was not tuned (tuned: ${tuned.sizes.map((s) => s.n).join(', ')}); tune every size or use 'power-law'`);
    const nearest = [...tuned.sizes].sort((a, b) => Math.abs(Math.log(a.n / n)) - Math.abs(Math.log(b.n / n)))[0];
    return nearest.learningRate;
  }
  return clamp(tuned.law.c * n ** tuned.law.exponent);
}
