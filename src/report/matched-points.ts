/**
 * Two sweeps compared where they trained the same thing: at each design point both share (target
 * N and D, or target N and budget), the difference of their final losses, and its mean over the
 * shared points with a paired bootstrap interval (points resampled, then each sweep's seeds within
 * each point). This answers "at matched (N, D), is B's loss lower than A's?" (tied against untied
 * embeddings, a new optimizer) without going through two fitted laws. Pure: rows in, numbers out.
 */
import { mulberry32, quantile } from '../fit/index.ts';

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

/** A design point: its label, and N then D (or budget) as numbers to order by. */
interface Point {
  label: string;
  order: [number, number];
  losses: number[];
}

/** A run's design point as the comparison labels it: "N = 25000, D = 2500000" or "N = 25000, budget = 1e12". */
export function designPointLabel(r: Pick<MatchedRun, 'target_n' | 'target_d' | 'budget'>): string {
  return r.budget ? `N = ${r.target_n}, budget = ${r.budget}` : `N = ${r.target_n}, D = ${r.target_d}`;
}

/** A runs.csv row read as a record of strings, as the comparison reads it (absent columns empty). */
export function asMatchedRun(row: Readonly<Record<string, string>>): MatchedRun {
  const col = (k: string) => row[k] ?? '';
  return { target_n: col('target_n'), target_d: col('target_d'), budget: col('budget'), status: col('status'), final_eval_loss: col('final_eval_loss'), regime: col('regime') };
}

/** Done runs in the regime a law describes, by design point: their final losses. */
function lossesByPoint(runs: readonly MatchedRun[]): Map<string, Point> {
  const out = new Map<string, Point>();
  for (const r of runs) {
    const loss = Number(r.final_eval_loss);
    if (r.status !== 'done' || (r.regime ?? '') !== '' || r.final_eval_loss === '' || !Number.isFinite(loss)) continue;
    const label = designPointLabel(r);
    const point = out.get(label) ?? { label, order: [Number(r.target_n), Number(r.budget || r.target_d)], losses: [] };
    point.losses.push(loss);
    out.set(label, point);
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The comparison of b against a at their shared design points; null when they share none. */
export function compareAtMatchedPoints(a: readonly MatchedRun[], b: readonly MatchedRun[], seed = 0): MatchedComparison | null {
  const la = lossesByPoint(a);
  const lb = lossesByPoint(b);
  const points = [...la.values()]
    .filter((p) => lb.has(p.label))
    .sort((x, y) => x.order[0] - y.order[0] || x.order[1] - y.order[1]) // design order, as numbers
    .map(({ label, losses: xa }) => {
      const xb = (lb.get(label) as Point).losses;
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
  return { points, meanDiff, meanRelDiff, ci: [quantile(stats, 0.025), quantile(stats, 0.975)], draws: DRAWS };
}
