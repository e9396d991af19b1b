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
  // A law with its own bootstrap (approach 2's residual bootstrap) draws and fits its resamples itself.
  if (law.bootstrap) return law.bootstrap(points, draws, rng);
  return fitResamples(law, drawResamples(law, points, draws, rng), bootstrapWarmStarts(core, starts));
}

/**
 * The resamples, drawn in order from `rng`. Drawing is cheap and fitting dear, so src/fit-threads
 * draws them all here and fits slices of them on worker threads: the same draws in the same order.
 */
export function drawResamples(law: Law, points: Pt[], draws: number, rng: Rng): Pt[][] {
  const draw = resampler(law, points);
  return Array.from({ length: draws }, () => draw(rng));
}

/** The full-data optima a resample's refit starts from (undefined: the law's own starts). */
export function bootstrapWarmStarts(core: CoreFit, starts: number): Float64Array[] | undefined {
  return core.warm.length > 0 ? core.warm.slice(0, Math.max(1, starts)) : undefined;
}

/** One refit per resample, in order: a row in law.paramNames order, or null where the fit failed. */
export function fitEachResample(law: Law, resamples: Pt[][], warm: Float64Array[] | undefined): (number[] | null)[] {
  return resamples.map((sample) => {
    try {
      const p = law.fit(sample, warm).params;
      const row = law.paramNames.map((n) => p[n]);
      return row.every(Number.isFinite) ? row : null;
    } catch (e) {
      if (!(e instanceof FitInputError)) throw e;
      return null;
    }
  });
}

/** The outcome of refits in resample order (each a row, or null for a failed one). */
export function bootstrapOutcome(rows: readonly (number[] | null)[]): BootstrapOutcome {
  const samples = rows.filter((row): row is number[] => row !== null);
  return { samples, failed: rows.length - samples.length };
}

function fitResamples(law: Law, resamples: Pt[][], warm: Float64Array[] | undefined): BootstrapOutcome {
  return bootstrapOutcome(fitEachResample(law, resamples, warm));
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
  const groups = replicateGroups(points);
  if (groups.length === points.length) return (rng) => points.map(() => points[randInt(rng, points.length)]);
  // Replicates (seeds) at one (N, D): draw the points, then within each drawn point its seeds,
  // so the interval holds both the spread between sizes and the spread between seeds.
  return (rng) =>
    groups.flatMap(() => {
      const group = groups[randInt(rng, groups.length)];
      return group.map(() => group[randInt(rng, group.length)]);
    });
}

/** Points grouped by everything but the loss (N, D, C, budget): one group per design point. */
function replicateGroups(points: Pt[]): Pt[][] {
  const groups = new Map<string, Pt[]>();
  for (const p of points) {
    const key = `${p.N}|${p.D}|${p.C}|${p.budget ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
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
