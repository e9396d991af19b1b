/**
 * `toyscale compare`'s figure: one panel per quantity (symbol · law), one mark per sweep with its
 * 95% bootstrap interval, and the published values as dashed reference lines. Values a trust flag
 * marks not determined are not drawn (the caption names them).
 */
import { PUBLISHED } from '../../fit/index.ts';
import { SOURCES } from '../compare.ts';
import type { QuantityComparison } from '../sweep-compare.ts';
import type { FigurePlan } from './figure.ts';
import { CONFIG } from './style.ts';

const PUBLISHED_COLOURS: Record<string, string> = {
  [PUBLISHED.kaplan.citation]: '#1b9e77',
  [PUBLISHED.hoffmann.citation]: '#d95f02',
  [PUBLISHED.besiroglu.citation]: '#7570b3',
};
/** Colour-blind-safe, distinct for up to eight sweeps (Okabe–Ito without the yellow). */
const SWEEP_COLOURS = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#999999'];

export function compareFigure(rows: readonly QuantityComparison[], sweeps: readonly string[]): FigurePlan {
  const name = 'compare';
  const title = `Fitted values: ${sweeps.join(' vs ')}`;
  const panel = (r: QuantityComparison) => `${r.symbol.split(' ')[0]} · ${r.label}`;
  const drawn = rows.filter((r) => r.values.some((v) => v !== null && v.flags.length === 0));
  if (drawn.length === 0) return { name, title, skipped: 'no quantity is determined in any of the sweeps' };
  const marks = drawn.flatMap((r) =>
    r.values.flatMap((v) => (v === null || v.flags.length > 0 ? [] : [{ panel: panel(r), sweep: v.sweep, value: v.value, lo: v.ci?.[0] ?? v.value, hi: v.ci?.[1] ?? v.value }])),
  );
  const refs = drawn.flatMap((r) => SOURCES.flatMap((s) => (r.published[s] === null ? [] : [{ panel: panel(r), value: r.published[s], source: PUBLISHED[s].citation }])));
  const notDrawn = rows.flatMap((r) => r.values.filter((v) => v !== null && v.flags.length > 0).map((v) => `${panel(r)} in ${v?.sweep}`));
  const order = drawn.map(panel);
  const colours = sweeps.map((_, i) => SWEEP_COLOURS[i % SWEEP_COLOURS.length]);
  // One definition for fill and stroke, so vega-lite merges them into one legend.
  const sweepChannel = { field: 'sweep', type: 'nominal' as const, scale: { domain: [...sweeps], range: colours }, legend: { title: 'sweep', orient: 'bottom' as const } };
  const refSources = SOURCES.map((s) => PUBLISHED[s].citation).filter((c) => refs.some((r) => r.source === c));
  return {
    name,
    title,
    caption:
      'One panel per quantity (symbol · law), one mark per sweep with its 95% bootstrap interval; dashed lines are the published values. Each panel has its own y scale. ' +
      (notDrawn.length > 0 ? `Not drawn, not determined (trust flags): ${notDrawn.join('; ')}.` : ''),
    sources: 'each sweep\'s fits.json params, ci and derived; published values from src/fit/published.ts',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      config: CONFIG,
      title: { text: title, subtitle: 'bars: 95% bootstrap intervals; dashed lines: published values' },
      data: { values: [...marks.map((m) => ({ ...m, kind: 'ours' })), ...refs.map((r) => ({ ...r, kind: 'published' }))] },
      facet: { field: 'panel', type: 'nominal', sort: order, title: null, header: { labelFontSize: 13, labelLimit: 260 } },
      columns: Math.min(3, order.length),
      // Each panel its own y scale, and its own x axis, so no axis hangs under an empty cell.
      resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
      spec: {
        width: 170,
        height: 170,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'published'" }],
            mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 2 },
            encoding: {
              y: { field: 'value', type: 'quantitative', scale: { zero: false } },
              color: { field: 'source', type: 'nominal', scale: { domain: refSources, range: refSources.map((c) => PUBLISHED_COLOURS[c]) }, legend: { title: 'published', orient: 'bottom' } },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'ours'" }],
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              x: { field: 'sweep', type: 'nominal', sort: [...sweeps], axis: { title: null, labelAngle: -30 } },
              y: { field: 'lo', type: 'quantitative', scale: { zero: false }, axis: { title: null } },
              y2: { field: 'hi' },
              stroke: sweepChannel,
            },
          },
          {
            transform: [{ filter: "datum.kind === 'ours'" }],
            mark: { type: 'point', filled: true, size: 80, opacity: 1 },
            encoding: {
              x: { field: 'sweep', type: 'nominal', sort: [...sweeps] },
              y: { field: 'value', type: 'quantitative', scale: { zero: false } },
              fill: sweepChannel,
              stroke: sweepChannel,
            },
          },
        ],
      },
    },
  };
}
