/**
 * The lower envelope of loss against compute (Hoffmann et al. 2022 approach 1; Kaplan's C_min):
 * at each of `gridSize` log-spaced FLOP values, the run with the lowest loss, its loss linearly
 * interpolated in (log C, log loss) along its own curve, and its N.
 *
 * Points are grouped into curves by `run` (points without one are grouped by N, which turns
 * final losses at several D per model size into pseudo-curves). A FLOP value is sampled only
 * where at least two curves reach it: where one curve alone is present, "the best run" is just
 * "the only run", which says nothing about the optimal size. When no curve has two points, the
 * envelope is the Pareto frontier of the points themselves.
 */
import type { Pt } from './validate.ts';

export interface EnvelopeSample {
  C: number;
  loss: number;
  N: number;
  D: number;
  run: string;
}

interface Curve {
  run: string;
  N: number;
  lnC: number[];
  lnL: number[];
  lnD: number[];
}

export function runKey(p: Pt): string {
  return p.run ?? `N=${p.N}`;
}

export function lowerEnvelope(points: readonly Pt[], gridSize = 1500): EnvelopeSample[] {
  const curves = buildCurves(points).filter((c) => c.lnC.length >= 2);
  if (curves.length === 0) return paretoFrontier(points);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    lo = Math.min(lo, c.lnC[0]);
    hi = Math.max(hi, c.lnC[c.lnC.length - 1]);
  }
  const out: EnvelopeSample[] = [];
  for (let k = 0; k < gridSize; k++) {
    const lnc = gridSize === 1 ? lo : lo + ((hi - lo) * k) / (gridSize - 1);
    let best: Curve | null = null;
    let bestL = Infinity;
    let bestD = 0;
    let present = 0;
    for (const c of curves) {
      const at = interpolate(c, lnc);
      if (!at) continue;
      present++;
      if (at[0] < bestL) {
        bestL = at[0];
        bestD = at[1];
        best = c;
      }
    }
    if (best && present >= 2) out.push({ C: Math.exp(lnc), loss: Math.exp(bestL), N: best.N, D: Math.exp(bestD), run: best.run });
  }
  return out;
}

/**
 * The envelope of training curves without the stretches led by the smallest or the largest model
 * trained (when two other sizes still lead somewhere). There the optimum may lie beyond the sizes tried: "the
 * smallest is best" is a censored value, its loss sits above the true envelope, and keeping it
 * flattens both the N_opt slope (approach 1) and the loss slope (kaplan-c).
 */
export function trimCensored(points: readonly Pt[], env: EnvelopeSample[]): EnvelopeSample[] {
  // A Pareto frontier of final points has no stretches to trim: each point is its own sample.
  if (!buildCurves(points).some((c) => c.lnC.length >= 2)) return env;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.N);
    hi = Math.max(hi, p.N);
  }
  const inner = env.filter((s) => s.N !== lo && s.N !== hi);
  return new Set(inner.map((s) => s.N)).size >= 2 ? inner : env;
}

/** Points with a lower loss than every point of smaller C. */
export function paretoFrontier(points: readonly Pt[]): EnvelopeSample[] {
  const sorted = [...points].sort((a, b) => a.C - b.C || a.loss - b.loss);
  const out: EnvelopeSample[] = [];
  let best = Infinity;
  for (const p of sorted) {
    if (p.loss < best) {
      best = p.loss;
      out.push({ C: p.C, loss: p.loss, N: p.N, D: p.D, run: runKey(p) });
    }
  }
  return out;
}

function buildCurves(points: readonly Pt[]): Curve[] {
  const groups = new Map<string, Pt[]>();
  for (const p of points) {
    const k = runKey(p);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const curves: Curve[] = [];
  for (const [run, ps] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    ps.sort((a, b) => a.C - b.C);
    const c: Curve = { run, N: ps[0].N, lnC: [], lnL: [], lnD: [] };
    // Points at the same C (replicates, or a bootstrap drawing a run twice) are averaged in log.
    for (let i = 0; i < ps.length; ) {
      let j = i;
      let sL = 0;
      let sD = 0;
      while (j < ps.length && ps[j].C === ps[i].C) {
        sL += Math.log(ps[j].loss);
        sD += Math.log(ps[j].D);
        j++;
      }
      c.lnC.push(Math.log(ps[i].C));
      c.lnL.push(sL / (j - i));
      c.lnD.push(sD / (j - i));
      i = j;
    }
    curves.push(c);
  }
  return curves;
}

/** [log loss, log D] of a curve at log C, or null outside its range. */
function interpolate(c: Curve, lnc: number): [number, number] | null {
  const xs = c.lnC;
  const n = xs.length;
  // Tolerance so that grid end points equal to a curve's end (up to rounding) count as inside.
  const eps = 1e-12 * Math.max(1, Math.abs(lnc));
  if (lnc < xs[0] - eps || lnc > xs[n - 1] + eps) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= lnc) lo = mid;
    else hi = mid;
  }
  const w = Math.min(1, Math.max(0, (lnc - xs[lo]) / (xs[hi] - xs[lo])));
  return [c.lnL[lo] + w * (c.lnL[hi] - c.lnL[lo]), c.lnD[lo] + w * (c.lnD[hi] - c.lnD[lo])];
}
