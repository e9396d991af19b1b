/**
 * Compute-optimal model size against compute (Hoffmann et al. 2022, Figure 3): the sizes that
 * lead the loss-vs-FLOPs envelope (approach 1), the IsoFLOP minima (approach 2), and the fitted
 * N_opt = k_N·C^a of approaches 1 and 2 and the closed form of approach 3.
 */
import { computeOptimal, kaplanOptimalN, lowerEnvelope, PLAN_PRESETS, PUBLISHED, trimCensored } from '../../fit/index.ts';
import { num } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import { fitCurvePoints } from './curve-points.ts';
import type { FigurePlan, Layer } from './figure.ts';
import { isoflopBudgets } from './isoflop-data.ts';
import { dashScale, fitLayers, fitLegend, hiddenFits, xEnc, yEnc, type Axes, type FitLine } from './layers.ts';
import { COUNT_FORMAT, logDomain, logGrid, specHead, unitsFor } from './style.ts';

export function optimalNFigure(inputs: ReportInputs): FigurePlan {
  const name = 'optimal-n';
  const title = 'Compute-optimal model size';
  const units = unitsFor(inputs.runs);
  const curvePoints = fitCurvePoints(inputs);
  const envelope = curvePoints.length > 0 ? trimCensored(curvePoints, lowerEnvelope(curvePoints)) : [];
  const leaders = new Set(envelope.map((s) => s.N)).size >= 2 ? envelope : [];
  const sampled = inputs.runs.map((r) => r.n_nonembed);
  const [nLo, nHi] = logDomain(sampled, 3);
  const minima = isoflopBudgets(inputs).flatMap((b) => (b.minimum && b.minimum.N_opt >= nLo && b.minimum.N_opt <= nHi ? [b.minimum] : []));
  const fits = inputs.fits.fits.filter((f) => ['chinchilla-1', 'chinchilla-2', 'chinchilla-3'].includes(f.law));
  if (leaders.length === 0 && minima.length === 0 && fits.length === 0) {
    return { name, title, skipped: 'no compute-optimal estimate: the envelope is led by one size, no IsoFLOP minimum lies near the sampled sizes, and no Chinchilla approach was fitted' };
  }

  const cs = [...leaders.map((s) => s.C), ...minima.map((m) => m.C)];
  const cRange = cs.length >= 2 ? cs : curvePoints.map((p) => p.C);
  const lines = optimalNLines(fits, logGrid(Math.min(...cRange), Math.max(...cRange)));
  const ys = [...leaders.map((s) => s.N), ...minima.map((m) => m.N_opt), ...sampled];
  const axes: Axes = {
    x: { title: `${units.C} (log scale)`, domain: logDomain(cRange.length > 0 ? cRange : [1, 10], 1.2) },
    y: { title: 'compute-optimal N (log scale)', domain: logDomain(ys, 1.3), format: COUNT_FORMAT },
  };
  // 1,500 envelope samples say no more on a plot than 150 do.
  const step = Math.max(1, Math.ceil(leaders.length / 150));
  const marks = [
    ...leaders.filter((_, i) => i % step === 0).map((s) => ({ x: s.C, y: s.N, kind: 'envelope leader (approach 1)' })),
    ...minima.map((m) => ({ x: m.C, y: m.N_opt, kind: 'IsoFLOP minimum (approach 2)' })),
  ];
  const pointLayers = estimateLayers(marks, axes);
  const hidden = hiddenFits(lines, axes);
  if (marks.length < 2 && hidden.length === lines.length) {
    return { name, title, skipped: `too little to show: ${marks.length} estimate(s) of N_opt${hidden.length > 0 ? `, and the fitted ${hidden.join('; ')} lies outside the sampled sizes` : ''}` };
  }
  return {
    name,
    title,
    caption:
      'Which model size is compute-optimal at each compute budget: grey dots are the sizes leading the loss-vs-FLOPs envelope (approach 1, without stretches led by the smallest or largest model), diamonds the IsoFLOP parabola minima (approach 2); lines are the fitted N_opt(C), and the published laws of Kaplan et al. 2020 (eq. 6.1) and Hoffmann et al. 2022 (approach 3, unrounded) at these budgets. ' +
      'The slope of a line is the exponent a compared in the table above.' +
      (hidden.length > 0 ? ` Outside the axes, not drawn: ${hidden.join('; ')}.` : ''),
    sources: 'envelope: curves.csv flops_6nd, eval_loss via src/fit lowerEnvelope/trimCensored; minima: fits.json chinchilla-2 details.isoflop; lines: fits.json params of chinchilla-1, chinchilla-2, chinchilla-3',
    spec: {
      ...specHead(`${title} (${inputs.name})`, 'N_opt against C: estimates and fitted power laws'),
      layer: [...pointLayers, ...fitLayers(lines, axes, null, dashScale(lines, axes), 'fitted N_opt(C)')],
    },
  };
}

/** The fitted N_opt(C) of each Chinchilla approach over the grid, and the published laws beside them. */
function optimalNLines(fits: ReportInputs['fits']['fits'], grid: number[]): FitLine[] {
  const lines: FitLine[] = fits.flatMap((f) => {
    const samples = grid.flatMap((C) => {
      try {
        return [{ x: C, y: computeOptimal(f.params, C).N_opt, lo: null, hi: null }];
      } catch {
        return [];
      }
    });
    return samples.length > 0 ? [{ fit: fitLegend(f, 'a', 'a'), samples }] : [];
  });
  // The published laws themselves, in absolute terms, where the axes reach them.
  const hoffmann = PLAN_PRESETS.hoffmann.params;
  lines.push(
    { fit: `${PUBLISHED.kaplan.citation}: N_opt = 1.3e9·(C/PF-day)^0.73`, samples: grid.map((C) => ({ x: C, y: kaplanOptimalN(C), lo: null, hi: null })) },
    { fit: `${PUBLISHED.hoffmann.citation} (approach 3): a = ${num(hoffmann.beta / (hoffmann.alpha + hoffmann.beta), 3)}`, samples: grid.map((C) => ({ x: C, y: computeOptimal(hoffmann, C).N_opt, lo: null, hi: null })) },
  );
  return lines;
}

type EstimateMark = { x: number; y: number; kind: string };

/** Envelope leaders (approach 1) as grey dots and IsoFLOP minima (approach 2) as diamonds. */
function estimateLayers(marks: readonly EstimateMark[], axes: Axes): Layer[] {
  const allKinds = ['envelope leader (approach 1)', 'IsoFLOP minimum (approach 2)'];
  const kinds = allKinds.filter((k) => marks.some((m) => m.kind === k));
  const shapes = kinds.map((k) => (k === allKinds[0] ? 'circle' : 'diamond'));
  const colors = kinds.map((k) => (k === allKinds[0] ? '#8c8c8c' : '#882255'));
  return allKinds.flatMap((kind, i) => {
    const values = marks.filter((m) => m.kind === kind);
    if (values.length === 0) return [];
    return [{
      data: { values },
      mark: { type: 'point', filled: true, clip: true, size: i === 0 ? 22 : 170, opacity: i === 0 ? 0.7 : 1, ...(i === 1 ? { stroke: '#111', strokeWidth: 1 } : {}) },
      encoding: {
        x: xEnc(axes),
        y: yEnc(axes),
        shape: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: shapes }, legend: { title: 'estimate' } },
        color: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: colors }, legend: { title: 'estimate' } },
      },
    } satisfies Layer];
  });
}
