/**
 * Two sweeps compared where they trained the same thing: at each design point both share (target
 * N and D, or target N and budget), the difference of their final losses, and its mean over the
 * shared points with a paired bootstrap interval (points resampled, then each sweep's seeds within
 * each point). This answers "at matched (N, D), is B's loss lower than A's?" (tied against untied
 * embeddings, a new optimizer) without going through two fitted laws. Pure: rows in, numbers out.
 */
import { mulberry32 } from '../fit/index.ts';

/** The runs.csv columns this reads. */
export interface MatchedRun {
  target_n: string;
  target_d: string;
  budget?: string;
  status: string;
  final_eval_loss: string;
  regime?: string;
}

export interface MatchedPoint {
  /** "N = 25k, D = 2.5M" (or "budget = 1e12"). */
  label: string;
  a: number[];
  b: number[];
  /** mean(b) − mean(a), nats. */
  diff: number;
}

export interface MatchedComparison {
  points: MatchedPoint[];
  /** Mean over points of mean(b) − mean(a), in nats, and relative to mean(a). */
  meanDiff: number;
  meanRelDiff: number;
  /** 95% percentile interval of meanDiff over the paired bootstrap; null with fewer than 2 points. */
  ci: [number, number] | null;
  draws: number;
}

const DRAWS = 2000;

function keyOf(r: MatchedRun): string {
  return r.budget ? `N = ${r.target_n}, budget = ${r.budget}` : `N = ${r.target_n}, D = ${r.target_d}`;
}

/** Done runs in the regime a law describes, by design point: their final losses. */
function lossesByPoint(runs: readonly MatchedRun[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of runs) {
    const loss = Number(r.final_eval_loss);
    if (r.status !== 'done' || (r.regime ?? '') !== '' || r.final_eval_loss === '' || !Number.isFinite(loss)) continue;
    out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), loss]);
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The comparison of b against a at their shared design points; null when they share none. */
export function compareAtMatchedPoints(a: readonly MatchedRun[], b: readonly MatchedRun[], seed = 0): MatchedComparison | null {
  const la = lossesByPoint(a);
  const lb = lossesByPoint(b);
  // Design order: by N, then D or budget, as numbers ("N = 100000" after "N = 25500").
  const order = (label: string) => [...label.matchAll(/= ([\d.e+]+)/g)].map((m) => Number(m[1]));
  const byDesign = (x: string, y: string) => {
    const [ox, oy] = [order(x), order(y)];
    return ox[0] - oy[0] || ox[1] - oy[1];
  };
  const points = [...la.keys()]
    .filter((k) => lb.has(k))
    .sort(byDesign)
    .map((label) => {
      const xa = la.get(label) as number[];
      const xb = lb.get(label) as number[];
      return { label, a: xa, b: xb, diff: mean(xb) - mean(xa) };
    });
  if (points.length === 0) return null;
  const meanDiff = mean(points.map((p) => p.diff));
  const meanRelDiff = mean(points.map((p) => p.diff / mean(p.a)));
  if (points.length < 2) return { points, meanDiff, meanRelDiff, ci: null, draws: 0 };
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const resample = (xs: readonly number[]) => mean(xs.map(() => pick(xs)));
  const stats: number[] = [];
  for (let i = 0; i < DRAWS; i++) {
    const drawn = points.map(() => pick(points));
    stats.push(mean(drawn.map((p) => resample(p.b) - resample(p.a))));
  }
  stats.sort((x, y) => x - y);
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(p * (stats.length - 1))))];
  return { points, meanDiff, meanRelDiff, ci: [q(0.025), q(0.975)], draws: DRAWS };
}
