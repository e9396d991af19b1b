/** Residuals and the log-space fit statistics computed from them. */
import type { Residual } from './types.ts';
import type { Pt } from './validate.ts';

export function residualsOf(points: readonly Pt[], predicted: readonly number[]): Residual[] {
  return points.map((p, i) => ({
    N: p.N,
    D: p.D,
    C: p.C,
    observed: p.loss,
    predicted: predicted[i],
    logResidual: Math.log(p.loss) - Math.log(predicted[i]),
  }));
}

export function residualStats(res: readonly Residual[]): { rmseLog: number; maeLog: number; maxAbsLog: number } {
  if (res.length === 0) return { rmseLog: 0, maeLog: 0, maxAbsLog: 0 };
  let ss = 0;
  let sa = 0;
  let mx = 0;
  for (const r of res) {
    const a = Math.abs(r.logResidual);
    ss += a * a;
    sa += a;
    mx = Math.max(mx, a);
  }
  return { rmseLog: Math.sqrt(ss / res.length), maeLog: sa / res.length, maxAbsLog: mx };
}
