/** Every training curve of the sweep: held-out loss against tokens seen, log–log, coloured by N. */
import { si } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import type { FigurePlan } from './figure.ts';
import { xEnc, yEnc, type Axes } from './layers.ts';
import { logDomain, ORDERED_SCHEME, specHead, unitsFor } from './style.ts';

export function curvesFigure(inputs: ReportInputs): FigurePlan {
  const name = 'curves';
  const title = 'Training curves';
  const units = unitsFor(inputs.runs);
  const status = new Map(inputs.runs.map((r) => [r.run_id, r.status]));
  // Every run curves.csv holds (collect writes finished runs only), diverged ones included: a
  // curve that blew up is worth seeing.
  const points = inputs.curves.filter((p) => p.tokens > 0 && p.eval_loss !== null && p.eval_loss > 0);
  const runs = new Set(points.map((p) => p.run_id));
  if (runs.size === 0) return { name, title, skipped: 'curves.csv has no eval points after the first step' };
  const sizes = [...new Set(points.map((p) => p.n_nonembed))].sort((a, b) => a - b);
  const order = sizes.map((n) => `N = ${si(n)}`);
  const axes: Axes = {
    x: { title: `${units.item}s seen (log scale)`, domain: logDomain(points.map((p) => p.tokens), 1.1) },
    y: { title: `${units.loss} (log scale)`, domain: logDomain(points.map((p) => p.eval_loss ?? 1), 1.03) },
  };
  const diverged = [...runs].filter((id) => status.get(id) === 'diverged');
  axes.y.title = `${units.loss.replace(/^held-out /, '')} (log scale)`;
  // Train loss beside the held-out loss, dashed: where they part, the run is overfitting or repeating data.
  const train = inputs.curves.filter((p) => runs.has(p.run_id) && p.tokens > 0 && p.train_loss !== null && p.train_loss > 0 && p.train_loss >= axes.y.domain[0] && p.train_loss <= axes.y.domain[1]);
  const kinds = train.length > 0 ? ['held-out', 'train'] : ['held-out'];
  const rows = [
    ...points.map((p) => ({ x: p.tokens, y: p.eval_loss, run: `${p.run_id}|held-out`, kind: 'held-out', group: `N = ${si(p.n_nonembed)}` })),
    ...train.map((p) => ({ x: p.tokens, y: p.train_loss, run: `${p.run_id}|train`, kind: 'train', group: `N = ${si(p.n_nonembed)}` })),
  ];
  return {
    name,
    title,
    caption:
      `Held-out loss at each evaluation (solid) against ${units.item}s seen, one line per run (${runs.size} runs), coloured by N` +
      (train.length > 0 ? '; dashed: the training loss of the same run (where the two part, the run is fitting its training data better than new data)' : '') +
      `. Each run's learning rate decays to its own last step, so a run's end is not a point on a longer run's curve.` +
      (diverged.length > 0 ? ` Diverged: ${diverged.join(', ')}.` : ''),
    sources: `curves.csv run_id, n_nonembed, tokens, eval_loss${train.length > 0 ? ', train_loss' : ''} (tokens > 0)`,
    spec: {
      ...specHead(`${title} (${inputs.name})`, `${train.length > 0 ? 'solid: held-out loss; dashed: train loss' : 'held-out loss during training'}; ${runs.size} runs`),
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.4, opacity: 0.85, clip: true },
      encoding: {
        x: xEnc(axes),
        y: yEnc(axes),
        detail: { field: 'run' },
        strokeDash: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: [[1, 0], [4, 3]].slice(0, kinds.length) }, legend: { title: 'loss', symbolType: 'stroke', symbolStrokeColor: '#333', symbolSize: 400 } },
        // Past six sizes viridis shades blur together; turbo keeps ten or more apart, still in order.
        color: { field: 'group', type: 'ordinal', sort: order, scale: { domain: order, scheme: order.length > 6 ? { name: 'turbo', extent: [0.05, 0.95] } : ORDERED_SCHEME }, legend: { title: units.N, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } },
      },
    },
  };
}
