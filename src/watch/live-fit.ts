/**
 * A provisional kaplan-n while a sweep trains, before its fits.json exists: the same selection
 * (selectSweepFits: the D with the most distinct N) and the same fit (fitLaw) as `toyscale fit`,
 * on the runs done so far, without the bootstrap or the hold-out (so no intervals). Refitted only
 * when the set of done runs changes.
 */
import { fitLaw, FitInputError, predictPower, selectSweepFits, type FitPoint } from '../fit/index.ts';
import { logGrid } from '../report/plots/style.ts';

export interface ProvisionalFit {
  label: string;
  formula: string;
  params: Record<string, number>;
  points: number;
  subset: string;
  lineN: { N: number; loss: number }[];
}

export interface DoneRun {
  id: string;
  N: number;
  D: number;
  loss: number;
}

let cache: { key: string; fits: ProvisionalFit[] } | null = null;

export function provisionalKaplanN(done: readonly DoneRun[]): ProvisionalFit[] {
  const key = JSON.stringify(done);
  if (cache?.key === key) return cache.fits;
  const points: FitPoint[] = done.map((r) => ({ N: r.N, D: r.D, loss: r.loss, run: r.id }));
  const fits: ProvisionalFit[] = [];
  for (const job of selectSweepFits(points, null, 'kaplan-n').jobs) {
    try {
      const result = fitLaw(job.law, job.points, { ...job.options, bootstrap: 0 });
      const ns = job.points.map((p) => p.N);
      fits.push({
        label: job.options.irreducible ? `${job.law}+E` : job.law,
        formula: result.formula,
        params: result.params,
        points: job.points.length,
        subset: job.subset,
        lineN: logGrid(Math.min(...ns), Math.max(...ns), 40).map((N) => ({ N, loss: predictPower(result.params, 'N', N) })),
      });
    } catch (error) {
      if (!(error instanceof FitInputError)) throw error;
    }
  }
  cache = { key, fits };
  return fits;
}
