/**
 * Residuals of every law fitted to losses: log(observed / predicted) against the law's own
 * variable, one panel per law. A law that fits shows noise around 0; a curve or a trend at the
 * largest sizes is the misfit its parameters hide.
 */
import { findLaw } from '../../fit/index.ts';
import type { FitRecord } from '../../io/formats/fits-file.ts';
import type { ReportInputs } from '../inputs.ts';
import type { FigurePlan } from './figure.ts';
import { CONFIG } from './style.ts';

/** The variable each law's residuals are drawn against: its record's hold-out axis (BNSL: the axis it was fitted in). */
function axisOf(f: FitRecord): 'N' | 'D' | 'C' {
  const axis = findLaw(f.law)?.holdoutAxis ?? 'N';
  if (axis !== 'x') return axis;
  const fitted = f.details.axis;
  return fitted === 'D' || fitted === 'C' ? fitted : 'N';
}

/** Envelope laws have hundreds of residuals; a few hundred dots show the pattern as well. */
const MAX_POINTS_PER_LAW = 200;

export function residualsFigure(inputs: ReportInputs): FigurePlan {
  const name = 'residuals';
  const title = 'Residuals of each fitted law';
  const fits = inputs.fits.fits.filter((f) => f.residuals.length >= 2 && (f.details.residualsOf === undefined || f.details.residualsOf === 'loss'));
  if (fits.length === 0) return { name, title, skipped: 'no law fitted to losses has residuals in fits.json' };
  const rows = fits.flatMap((f) => {
    const axis = axisOf(f);
    const step = Math.max(1, Math.ceil(f.residuals.length / MAX_POINTS_PER_LAW));
    return f.residuals
      .filter((_, i) => i % step === 0)
      .filter((r) => r.observed > 0 && r.predicted > 0)
      .map((r) => ({ panel: `${f.label} (against ${axis})`, x: r[axis], r: Math.log(r.observed / r.predicted) }));
  });
  const panels = [...new Set(rows.map((r) => r.panel))];
  return {
    name,
    title,
    caption:
      'For each law fitted to losses, the log residual ln(observed / predicted) of every point it was fitted to (envelope laws: a subsample of their envelope), against the law\'s own variable; one panel per law, each with its own x scale. Points scattered around the zero line without a trend are what a law that fits looks like.',
    sources: 'fits.json residuals (N, D, C, observed, predicted) of each law',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      config: CONFIG,
      title: { text: `${title} (${inputs.name})`, subtitle: 'ln(observed / predicted); dashed: 0' },
      data: { values: rows },
      facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 13, labelLimit: 300 } },
      columns: Math.min(2, panels.length),
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 250,
        height: 150,
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: '#777' }, encoding: { y: { datum: 0 } } },
          {
            mark: { type: 'point', filled: true, size: 30, color: '#1f4e79', opacity: 0.8 },
            encoding: {
              x: { field: 'x', type: 'quantitative', scale: { type: 'log', nice: false }, axis: { title: 'the law\'s variable, as its panel names it (log)', format: '~s', tickCount: 4 } },
              y: { field: 'r', type: 'quantitative', axis: { title: 'log residual', format: '.2~f' } },
            },
          },
        ],
      },
    },
  };
}
