/** IsoFLOP profiles (Hoffmann et al. 2022, Figure 3 left): loss against N at each fixed budget, the parabola fitted in log N, its minimum. */
import { SIZES_NEAR_MINIMUM } from '../../fit/index.ts';
import { num } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import type { ColorDef, FigurePlan, Layer, PositionDef } from './figure.ts';
import { isoflopBudgets } from './isoflop-data.ts';
import { type Axes, xEnc } from './layers.ts';
import { logDomain, logGrid, LOSS_FORMAT, ORDERED_SCHEME, specHead, unitsFor } from './style.ts';

/** Per-budget 95% intervals on N_opt that `toyscale fit` saved with chinchilla-2, if any. */
function isoflopIntervals(inputs: ReportInputs): { C: number; N_opt: [number, number] | null }[] {
  const raw = inputs.fits.fits.find((f) => f.law === 'chinchilla-2')?.details.isoflopCI;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r: unknown) => {
    const o = r as { C?: unknown; N_opt?: unknown };
    const ci = Array.isArray(o.N_opt) && o.N_opt.length === 2 && o.N_opt.every((v) => typeof v === 'number') ? (o.N_opt as [number, number]) : null;
    return typeof o.C === 'number' ? [{ C: o.C, N_opt: ci }] : [];
  });
}

export function isoflopFigure(inputs: ReportInputs): FigurePlan {
  const name = 'isoflop';
  const title = 'IsoFLOP profiles';
  const budgets = isoflopBudgets(inputs);
  if (budgets.length === 0) return { name, title, skipped: 'not an IsoFLOP sweep (runs.csv budget is empty for every done run)' };
  const units = unitsFor(inputs.runs);
  const label = (C: number) => `C = ${num(C, 2)}`;
  const order = budgets.map((b) => label(b.C));
  const color: ColorDef = { field: 'group', type: 'ordinal', sort: order, scale: { domain: order, scheme: ORDERED_SCHEME }, legend: { title: 'budget (FLOPs)', symbolType: 'circle', symbolOpacity: 1 } };
  // The axes span the sampled sizes; a minimum far outside them is named in the caption, not drawn.
  const allN = budgets.flatMap((b) => b.points.map((p) => p.N));
  const xDomain = logDomain(allN, 1.3);
  const inside = (n: number) => n >= xDomain[0] && n <= xDomain[1];
  const minima = budgets.flatMap((b) => (b.minimum && inside(b.minimum.N_opt) ? [{ x: b.minimum.N_opt, y: b.minimum.loss_min, group: label(b.C), used: !b.minimum.extrapolated }] : []));
  const leftOut = budgets.flatMap((b) => (b.minimum?.extrapolated ? [label(b.C)] : []));
  // Each minimum's 95% interval, from the fit's residual bootstrap (fits.json chinchilla-2 details.isoflopCI).
  const cis = isoflopIntervals(inputs);
  const bars = minima.flatMap((m, i) => {
    const b = budgets.filter((q) => q.minimum && inside(q.minimum.N_opt))[i];
    const ci = cis.find((c) => Math.abs(c.C - b.C) <= 1e-9 * b.C)?.N_opt;
    return ci ? [{ x: Math.max(ci[0], xDomain[0]), x2: Math.min(ci[1], xDomain[1]), y: m.y, group: m.group }] : [];
  });
  const outside = budgets.flatMap((b) => (b.minimum && !inside(b.minimum.N_opt) ? [`${label(b.C)}: N_opt = ${num(b.minimum.N_opt, 3)}, outside the sampled sizes`] : []));
  const axes: Axes = { x: { title: `${units.N} (log scale)`, domain: xDomain }, y: { title: units.loss, domain: [0, 1] } };
  // Each parabola is drawn over the sizes it was fitted to (and a little beyond), not the whole profile.
  const curves = budgets.flatMap((b) => {
    if (!b.parabola) return [];
    const { c, sizes: ns } = b.parabola;
    return logGrid(Math.max(xDomain[0], Math.min(...ns) / 1.3), Math.min(xDomain[1], Math.max(...ns) * 1.3), 50).map((x) => ({ x, y: c[0] + c[1] * Math.log(x) + c[2] * Math.log(x) ** 2, group: label(b.C) }));
  });
  const losses = budgets.flatMap((b) => b.points.map((p) => p.loss));
  const lo = Math.min(...losses, ...minima.map((m) => m.y));
  const hi = Math.max(...losses);
  const pad = (hi - lo) * 0.08 || 0.05;
  const y: PositionDef = { field: 'y', type: 'quantitative', scale: { domain: [lo - pad, hi + pad], zero: false, nice: false }, axis: { title: units.loss, format: LOSS_FORMAT } };
  // A run is "used" when its size is in the window its budget's parabola was fitted to.
  const runs = budgets.flatMap((b) => {
    const window = new Set(b.parabola?.sizes ?? []);
    return b.points.map((p) => ({ x: p.N, y: p.loss, group: label(b.C), used: window.has(p.N) }));
  });
  const layers: Layer[] = [
    { data: { values: curves }, mark: { type: 'line', strokeWidth: 1.6, clip: true }, encoding: { x: xEnc(axes), y, color, detail: { field: 'group' } } },
    { data: { values: bars }, mark: { type: 'rule', strokeWidth: 2.5, clip: true }, encoding: { x: xEnc(axes), x2: { field: 'x2' }, y, color } },
    { data: { values: runs.filter((r) => r.used) }, mark: { type: 'point', filled: true, size: 70, clip: true }, encoding: { x: xEnc(axes), y, color } },
    { data: { values: runs.filter((r) => !r.used) }, mark: { type: 'point', filled: false, strokeWidth: 1.5, size: 70, clip: true }, encoding: { x: xEnc(axes), y, color } },
    { data: { values: minima.filter((m) => m.used) }, mark: { type: 'point', shape: 'diamond', filled: true, size: 220, stroke: '#111', strokeWidth: 1.2, clip: true }, encoding: { x: xEnc(axes), y, color } },
    { data: { values: minima.filter((m) => !m.used) }, mark: { type: 'point', shape: 'diamond', filled: false, size: 220, strokeWidth: 2, clip: true }, encoding: { x: xEnc(axes), y, color } },
  ];
  const missing = [...budgets.filter((b) => !b.minimum).map((b) => `${label(b.C)}: ${b.why}`), ...outside];
  return {
    name,
    title,
    caption:
      `Final loss of each run of an IsoFLOP budget against its N, the parabola in log N fitted per budget to the ${SIZES_NEAR_MINIMUM} sizes nearest its lowest loss (filled points; hollow points are runs outside that window), and its minimum (diamond) with the 95% interval of the fit's residual bootstrap (bar): the compute-optimal N of that budget (approach 2).` +
      (leftOut.length > 0 ? ` Hollow diamonds lie outside the sizes their budget sampled and are left out of the N_opt(C) line: ${leftOut.join('; ')}.` : '') +
      (missing.length > 0 ? ` Not drawn: ${missing.join('; ')}.` : ''),
    sources: 'points: runs.csv n_nonembed, final_eval_loss, budget (status = done); parabolas, minima and the sizes each parabola was fitted to: fits.json chinchilla-2 details.isoflop',
    spec: {
      ...specHead(`${title} (${inputs.name})`, 'filled points: runs the parabola was fitted to; hollow: not used; diamonds and bars: minima with 95% intervals'),
      layer: layers,
    },
  };
}
