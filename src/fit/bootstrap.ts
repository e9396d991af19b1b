/**
 * Percentile-bootstrap CIs. Each resample is refitted by the law itself; a resample the law
 * cannot fit (too few distinct N, no parabola minimum…) counts as failed rather than as NaN.
 *
 * Laws with a multi-start search (approach 3, BNSL, Kaplan+E) refit each resample from the best
 * few distinct optima of the full-data fit instead of their whole start grid. A resample is a
 * small perturbation of the data, so its optimum lies in the basin of the full-data optimum; the
 * grid exists to find that basin once, not 1,000 times. Starting also from the runner-up optima
 * lets a resample switch basin when the data really are ambiguous. This is what makes 1,000
 * approach-3 bootstraps take about a second instead of an hour (bench/fit-speed.ts); the
 * CI-coverage tests check the intervals still cover the truth.
 */
import { runKey } from './envelope.ts';
import { FitInputError } from './errors.ts';
import type { CoreFit, Law } from './law.ts';
import { randInt, type Rng } from './rng.ts';
import type { Pt } from './validate.ts';

export interface BootstrapOutcome {
  /** One row per successful resample, columns in law.paramNames order. */
  samples: number[][];
  failed: number;
  /** What a law's own bootstrap adds to the fit's details (approach 2: an interval on each budget's N_opt). */
  details?: Record<string, unknown>;
}

export function runBootstrap(law: Law, points: Pt[], core: CoreFit, draws: number, rng: Rng, starts: number): BootstrapOutcome {
  if (law.bootstrap) return law.bootstrap(points, draws, rng);
  const draw = resampler(law, points);
  const warm = core.warm.length > 0 ? core.warm.slice(0, Math.max(1, starts)) : undefined;
  const samples: number[][] = [];
  let failed = 0;
  for (let k = 0; k < draws; k++) {
    const sample = draw(rng);
    try {
      const p = law.fit(sample, warm).params;
      const row = law.paramNames.map((n) => p[n]);
      if (row.every(Number.isFinite)) samples.push(row);
      else failed++;
    } catch (e) {
      if (!(e instanceof FitInputError)) throw e;
      failed++;
    }
  }
  return { samples, failed };
}

function resampler(law: Law, points: Pt[]): (rng: Rng) => Pt[] {
  if (law.resample === 'run') {
    const byRun = new Map<string, Pt[]>();
    for (const p of points) {
      const k = runKey(p);
      const g = byRun.get(k);
      if (g) g.push(p);
      else byRun.set(k, [p]);
    }
    const runs = [...byRun.values()];
    // A run drawn twice gets a distinct id, so the envelope treats it as one more (identical) curve.
    return (rng) => runs.flatMap((_, k) => runs[randInt(rng, runs.length)].map((p) => ({ ...p, run: `${runKey(p)}#${k}` })));
  }
  return (rng) => points.map(() => points[randInt(rng, points.length)]);
}

/** 2.5% and 97.5% quantiles (linear interpolation) of each column. */
export function percentileCI(samples: number[][], names: readonly string[], level = 0.95): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  names.forEach((name, j) => {
    const col = samples.map((r) => r[j]).sort((a, b) => a - b);
    out[name] = [quantile(col, (1 - level) / 2), quantile(col, 1 - (1 - level) / 2)];
  });
  return out;
}

export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
