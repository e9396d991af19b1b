/**
 * The tune stage's result (tuned-lr.json): each tuned size's best learning rate against N, the
 * fitted lr(N) power law through them, and the learning rate each main-sweep size trained at.
 */
import { num } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import type { FigurePlan } from './figure.ts';
import { dashScale, fitLayers, pointLayer, type Axes, type FitLine } from './layers.ts';
import { COUNT_FORMAT, logDomain, logGrid, specHead } from './style.ts';

export function lrVsNFigure(inputs: ReportInputs): FigurePlan {
  const name = 'lr-vs-n';
  const title = 'Tuned learning rate against model size';
  const tuned = inputs.tuned;
  if (!tuned) return { name, title, skipped: 'no tune stage (tuned-lr.json)' };
  const ns = [...tuned.sizes.map((s) => s.n), ...tuned.trainedAt.map((t) => t.n)];
  const lrs = [...tuned.sizes.flatMap((s) => s.losses.map((l) => l.learningRate)), ...tuned.trainedAt.map((t) => t.learningRate)];
  const axes: Axes = {
    x: { title: 'N, target non-embedding parameters (log scale)', domain: logDomain(ns), format: COUNT_FORMAT },
    y: { title: 'learning rate (log scale)', domain: logDomain(lrs, 1.2), format: '.2~g' },
  };
  const law = tuned.law;
  const lines: FitLine[] = law
    ? [{ fit: `lr(N) = ${num(law.c, 3)}·N^${num(law.exponent, 3)}`, samples: logGrid(Math.min(...ns), Math.max(...ns)).map((x) => ({ x, y: law.c * x ** law.exponent, lo: null, hi: null })) }]
    : [];
  // The main sweep's points first, so each tuned point (a grid end above all) is drawn over the
  // trained-at point that often sits on it.
  const points = [
    ...tuned.trainedAt.map((t) => ({ x: t.n, y: t.learningRate, group: 'main sweep trains at' })),
    ...tuned.sizes.map((s) => ({ x: s.n, y: s.learningRate, group: s.method === 'edge' ? 'tuned (at a grid end)' : 'tuned (parabola vertex)' })),
  ];
  const order = [...new Set(points.map((p) => p.group))];
  return {
    name,
    title,
    caption:
      `Each tuned size's learning rate (the vertex of a parabola in log LR through the grid's best point and its neighbours, on ${(Array.isArray(tuned.tokens) ? tuned.tokens : [tuned.tokens]).map((d) => num(d, 3)).join(', ')} tokens per run)` +
      (law ? `, the power law fitted through them, and the learning rate each main-sweep size trained at (${tuned.use === 'power-law' ? 'the law at its N, clamped to the grid' : 'its own tuned value'})` : '') +
      `. The grid spans ${num(Math.min(...lrs), 3)}–${num(Math.max(...lrs), 3)}.`,
    sources: 'tuned-lr.json sizes[].learningRate, law, trainedAt (from tune/runs.csv final_eval_loss)',
    spec: {
      ...specHead(`${title} (${inputs.name})`, 'points: tuned LR per size; line: fitted lr(N)'),
      layer: [...fitLayers(lines, axes, null, dashScale(lines, axes)), pointLayer(points, axes, { title: 'learning rate', order })],
    },
  };
}
