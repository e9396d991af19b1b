/**
 * Loss against training compute: every eval point of every done run's curve, the lower envelope
 * over them (Hoffmann et al.'s approach 1; Kaplan's C_min), and kaplan-c fitted to that envelope.
 */
import { lowerEnvelope, predictPower } from '../../fit/index.ts';
import { num, si } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import { curveWithBand, drawsOf } from './bands.ts';
import { fitCurvePoints } from './curve-points.ts';
import type { FigurePlan, Layer } from './figure.ts';
import { dashScale, fitLayers, fitLegend, hiddenFits, xEnc, yEnc, type Axes, type FitLine, type GroupScale } from './layers.ts';
import { logDomain, logGrid, ORDERED_SCHEME, specHead, unitsFor } from './style.ts';

export function lossVsFlops(inputs: ReportInputs): FigurePlan {
  const name = 'loss-vs-flops';
  const title = 'Loss vs training compute';
  const units = unitsFor(inputs.runs);
  const points = fitCurvePoints(inputs);
  const runs = new Set(points.map((p) => p.run));
  if (runs.size < 2) return { name, title, skipped: `needs eval points from 2 or more done runs in curves.csv, got ${runs.size}` };

  const sizes = [...new Set(points.map((p) => p.N))].sort((a, b) => a - b);
  const groupOf = (n: number) => `N = ${si(n)}`;
  const groups: GroupScale = { title: units.N, order: sizes.map(groupOf) };
  const envelope = lowerEnvelope(points, 300);
  const lines: FitLine[] = [];
  if (envelope.length >= 2) {
    lines.push({ fit: 'envelope (lowest loss at each C)', samples: envelope.map((s) => ({ x: s.C, y: s.loss, lo: null, hi: null })) });
  }
  const range = envelope.length >= 2 ? envelope.map((s) => s.C) : points.map((p) => p.C);
  for (const fit of inputs.fits.fits.filter((f) => f.law === 'kaplan-c')) {
    lines.push({
      fit: fitLegend(fit, 'α_C', 'alpha_C'),
      samples: curveWithBand(fit, logGrid(Math.min(...range), Math.max(...range)), (p, c) => predictPower(p, 'C', c), drawsOf(fit)),
    });
  }

  const axes: Axes = {
    x: { title: `${units.C} (log scale)`, domain: logDomain(points.map((p) => p.C), 1.1) },
    y: { title: `${units.loss} (log scale)`, domain: logDomain(points.map((p) => p.loss), 1.03) },
  };
  const curveLayer: Layer = {
    data: { values: points.map((p) => ({ x: p.C, y: p.loss, run: p.run, group: groupOf(p.N) })) },
    mark: { type: 'line', point: { size: 18, filled: true }, strokeWidth: 1.2, opacity: 0.75, clip: true },
    encoding: {
      x: xEnc(axes),
      y: yEnc(axes),
      detail: { field: 'run' },
      color: { field: 'group', type: 'ordinal', sort: groups.order, scale: { domain: groups.order, scheme: ORDERED_SCHEME }, legend: { title: groups.title, symbolType: 'circle', symbolOpacity: 1 } },
    },
  };
  const hasFit = lines.some((l) => l.fit.startsWith('kaplan-c'));
  return {
    name,
    title,
    caption:
      'Held-out loss at every evaluation of every done run, against the compute spent so far, one line per run coloured by N. ' +
      'The black line is the lower envelope: at each C, the lowest loss any run reached (approach 1 reads the compute-optimal N off it)' +
      (hasFit ? '; dashed lines are kaplan-c fitted to the envelope, without the stretches led by the smallest or largest model.' : '; no kaplan-c fit was recorded.') +
      (hiddenFits(lines, axes).length > 0 ? ` Outside the axes, not drawn: ${hiddenFits(lines, axes).join('; ')}.` : ''),
    sources: 'curves: curves.csv flops_6nd, eval_loss (tokens > 0, runs with status = done); envelope: recomputed from those points with src/fit lowerEnvelope; lines: fits.json params of kaplan-c',
    spec: {
      ...specHead(`${title} (${inputs.name})`, 'thin lines: training curves; black: lower envelope; dashed: fits'),
      layer: [curveLayer, ...fitLayers(lines, axes, null, dashScale(lines, axes), 'envelope and fits')],
    },
  };
}
