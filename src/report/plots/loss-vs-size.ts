/**
 * Final loss against N (or D), log–log: every done run, the Kaplan law fitted on one slice of the
 * grid, and approach 3's L(N, D) cut along each group of runs, with 95% bands. Runs are grouped by
 * the other variable on a grid, by budget on an IsoFLOP design (where approach 3 is drawn along
 * C = 6ND, the curve an IsoFLOP profile should follow).
 */
import { predictChinchilla, predictPower } from '../../fit/index.ts';
import { lossFloor } from '../floor.ts';
import { num, si } from '../../base/format.ts';
import type { FitRecord } from '../../io/formats/fits-file.ts';
import type { ReportInputs } from '../inputs.ts';
import { doneRuns, type RunRow } from '../rows.ts';
import { curveWithBand, drawsOf, type Predict } from './bands.ts';
import type { FigurePlan, Layer } from './figure.ts';
import { dashScale, fitLayers, fitLegend, floorLayers, hiddenFits, pointLayer, xEnc, yEnc, type Axes, type FitLine, type GroupScale } from './layers.ts';
import { logDomain, logGrid, specHead, unitsFor } from './style.ts';

/** More groups than this and colours stop being told apart. */
const MAX_GROUPS = 8;

interface Grouping {
  scale: GroupScale;
  of: (r: RunRow) => string;
  /** Approach 3's loss along the group, as a function of this plot's x. */
  predict: (value: number) => Predict;
  values: number[];
  label: (v: number) => string;
  what: string;
}

export function lossVsSize(inputs: ReportInputs, axis: 'N' | 'D'): FigurePlan {
  const name = axis === 'N' ? 'loss-vs-n' : 'loss-vs-d';
  const units = unitsFor(inputs.runs);
  const title = axis === 'N' ? 'Loss vs model size N' : 'Loss vs data D';
  const runs = doneRuns(inputs.runs);
  const xOf = (r: RunRow) => (axis === 'N' ? r.n_nonembed : r.tokens);
  const xs = new Set(runs.map(xOf));
  if (xs.size < 2) return { name, title, skipped: `every done run has the same ${axis} (${xs.size === 0 ? 'no done runs' : num([...xs][0])}); nothing to plot against ${axis}` };

  const grouping = groupRuns(runs, axis, units.D, units.N);
  const points = runs.map((r) => ({ x: xOf(r), y: r.final_eval_loss, ...(grouping ? { group: grouping.of(r) } : {}) }));
  const lines: FitLine[] = [];
  const notes: string[] = [];
  const kaplanLaw = axis === 'N' ? 'kaplan-n' : 'kaplan-d';
  for (const fit of inputs.fits.fits.filter((f) => f.law === kaplanLaw)) {
    const fitted = fit.residuals.map((r) => (axis === 'N' ? r.N : r.D));
    const range = fitted.length > 0 ? fitted : [...xs];
    const draws = drawsOf(fit);
    if (!draws) notes.push(`no band for ${fit.label}: no bootstrap draws`);
    // The law was fitted on one slice of the other variable: draw it in that slice's colour.
    const slice = new Set(fit.residuals.map((r) => (axis === 'N' ? r.D : r.N)));
    const sliceGroup = grouping && grouping.what !== 'budget' && slice.size === 1 ? grouping.label([...slice][0]) : undefined;
    lines.push({
      fit: fitLegend(fit, `α_${axis}`, `alpha_${axis}`),
      group: sliceGroup && grouping?.scale.order.includes(sliceGroup) ? sliceGroup : undefined,
      samples: curveWithBand(fit, logGrid(Math.min(...range), Math.max(...range)), (p, x) => predictPower(p, axis, x), draws),
    });
  }
  const c3 = inputs.fits.fits.find((f) => f.law === 'chinchilla-3');
  if (c3 && grouping) {
    const draws = drawsOf(c3);
    const label = `chinchilla-3: α = ${num(c3.params.alpha, 3)}, β = ${num(c3.params.beta, 3)}`;
    for (const v of grouping.values) {
      const members = runs.filter((r) => grouping.of(r) === grouping.label(v)).map(xOf);
      lines.push({ fit: label, group: grouping.label(v), samples: curveWithBand(c3, logGrid(Math.min(...members), Math.max(...members)), grouping.predict(v), draws) });
    }
  }

  const floor = lossFloor(inputs.runs);
  const heldFit = heldOutFit(inputs, axis, kaplanLaw);
  const predicted = heldFit?.holdout?.predictions.map((p) => p.predicted) ?? [];
  const axes: Axes = {
    x: { title: `${axis === 'N' ? units.N : units.D} (log scale)`, domain: logDomain([...xs]) },
    y: { title: `${units.loss} (log scale)`, domain: logDomain([...points.map((p) => p.y), ...predicted, ...(floor ? [floor.value] : [])], 1.03) },
  };
  const hidden = hiddenFits(lines, axes);
  const drawn = lines.length > hidden.length;
  const held = heldFit ? heldOut(heldFit, axes) : null;
  return {
    name,
    title,
    caption:
      `Final held-out loss of every done run against ${axis}` +
      (grouping ? `, coloured by ${grouping.what}` : '') +
      (lines.length > 0
        ? `; lines are the fitted laws${c3 && grouping ? ` (approach 3 drawn along each group of runs${grouping.what === 'budget' ? ', at fixed C = 6ND' : ''})` : ''}, shaded bands their 95% bootstrap intervals`
        : '; no law in fits.json describes loss against this variable alone') +
      (floor ? `; the dotted red line is the task's ${floor.label} (runs.csv ${floor.column})` : '') +
      (notes.length > 0 ? ` (${notes.join('; ')})` : '') +
      (hidden.length > 0 ? `; outside the axes, not drawn: ${hidden.join('; ')}` : '') +
      (held ? `; ringed: the largest ${axis}, held out, and ×: the loss ${held.label} predicted for it when fitted without it (hold-out error ${held.error})` : '') +
      '.',
    sources: `points: runs.csv ${axis === 'N' ? 'n_nonembed' : 'tokens'}, final_eval_loss (status = done)${grouping ? `, coloured by ${grouping.what === 'budget' ? 'budget' : axis === 'N' ? 'tokens' : 'n_nonembed'}` : ''}; lines: fits.json params of ${kaplanLaw} and chinchilla-3; bands: their bootstrap draws`,
    spec: {
      ...specHead(`${title} (${inputs.name})`, `${drawn ? 'points: runs; lines: fits; shaded: 95% bootstrap band' : 'points: runs'}${held ? '; ring: held out, ×: its prediction' : ''}`),
      layer: [
        ...fitLayers(lines, axes, grouping?.scale ?? null, dashScale(lines, axes)),
        pointLayer(points, axes, grouping?.scale ?? null),
        ...(held?.layers ?? []),
        ...(floor ? floorLayers(floor.value, `${floor.label} ${num(floor.value, 3)}`, axes) : []),
      ],
    },
  };
}

/**
 * The hold-out of the plot's own law (or else approach 3's, which holds out the largest N): a ring
 * around each held-out run and a × at the loss the law predicted for it; null when none was scored.
 */
function heldOutFit(inputs: ReportInputs, axis: 'N' | 'D', kaplanLaw: string): FitRecord | undefined {
  return [...inputs.fits.fits.filter((f) => f.label === kaplanLaw), ...inputs.fits.fits.filter((f) => f.law === 'chinchilla-3')].find(
    (f) => f.holdout?.axis === axis && f.holdout.quantity === 'loss' && f.holdout.relError !== null && f.holdout.predictions.length > 0,
  );
}

function heldOut(fit: FitRecord, a: Axes): { label: string; error: string; layers: Layer[] } | null {
  const h = fit.holdout;
  if (!h || h.relError === null) return null;
  const inside = h.predictions.filter((p) => p.x >= a.x.domain[0] && p.x <= a.x.domain[1]);
  const rows = (y: 'observed' | 'predicted') => inside.flatMap((p) => (p[y] >= a.y.domain[0] && p[y] <= a.y.domain[1] ? [{ x: p.x, y: p[y] }] : []));
  return {
    label: fit.label,
    error: `${(100 * h.relError).toFixed(1)}%`,
    layers: [
      { data: { values: rows('observed') }, mark: { type: 'point', filled: false, size: 380, strokeWidth: 1.8, color: '#111' }, encoding: { x: xEnc(a), y: yEnc(a) } },
      { data: { values: rows('predicted') }, mark: { type: 'point', shape: 'cross', filled: true, size: 140, color: '#111', angle: 45 }, encoding: { x: xEnc(a), y: yEnc(a) } },
    ],
  };
}

/** By the other variable when it takes 2 to 8 values; else by IsoFLOP budget; else none. */
function groupRuns(runs: readonly RunRow[], axis: 'N' | 'D', dTitle: string, nTitle: string): Grouping | null {
  const other = axis === 'N' ? 'D' : 'N';
  const otherOf = (r: RunRow) => (axis === 'N' ? r.tokens : r.n_nonembed);
  const others = [...new Set(runs.map(otherOf))].sort((a, b) => a - b);
  if (others.length >= 2 && others.length <= MAX_GROUPS) {
    const label = (v: number) => `${other} = ${si(v)}`;
    return {
      scale: { title: axis === 'N' ? dTitle : nTitle, order: others.map(label) },
      of: (r) => label(otherOf(r)),
      predict: (v) => (p, x) => (axis === 'N' ? predictChinchilla(p, x, v) : predictChinchilla(p, v, x)),
      values: others,
      label,
      what: other,
    };
  }
  const budgets = [...new Set(runs.map((r) => r.budget).filter((b): b is number => b !== null))].sort((a, b) => a - b);
  if (budgets.length >= 1 && budgets.length <= MAX_GROUPS && runs.every((r) => r.budget !== null)) {
    const label = (v: number) => `C = ${num(v, 2)}`;
    return {
      scale: { title: 'budget (FLOPs)', order: budgets.map(label) },
      of: (r) => label(r.budget ?? 0),
      // On a budget C = 6·N·D, the other variable is C / (6·x).
      predict: (C) => (p, x) => predictChinchilla(p, axis === 'N' ? x : C / (6 * x), axis === 'N' ? C / (6 * x) : x),
      values: budgets,
      label,
      what: 'budget',
    };
  }
  return null;
}
