/**
 * The points of training curves that the fit stage uses for approach 1 and kaplan-c: eval
 * losses of done runs after the first step (tokens > 0), with C = flops_6nd. Kept identical to
 * `toyscale fit`'s reading of curves.csv, so the envelope drawn is the envelope fitted.
 */
import type { FitPoint } from '../../fit/index.ts';
import type { ReportInputs } from '../inputs.ts';
import { doneRuns } from '../rows.ts';

export interface CurvePlotPoint extends FitPoint {
  run: string;
  C: number;
}

export function fitCurvePoints(inputs: ReportInputs): CurvePlotPoint[] {
  const done = new Set(doneRuns(inputs.runs).map((r) => r.run_id));
  const out: CurvePlotPoint[] = [];
  for (const p of inputs.curves) {
    if (!done.has(p.run_id) || p.eval_loss === null || !(p.eval_loss > 0) || !(p.tokens > 0)) continue;
    const C = p.flops_6nd ?? 6 * p.n_nonembed * p.tokens;
    if (!(C > 0)) continue;
    out.push({ N: p.n_nonembed, D: p.tokens, loss: p.eval_loss, C, run: p.run_id });
  }
  return out;
}
