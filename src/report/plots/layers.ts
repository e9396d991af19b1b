/**
 * Layer builders shared by the figures: data points, fitted lines (one dash pattern per law, in
 * the legend), their bootstrap bands, and a labelled horizontal rule for a known loss floor.
 */
import type { ColorDef, Layer, PositionDef } from './figure.ts';
import { COUNT_FORMAT, LOSS_FORMAT, ORDERED_SCHEME } from './style.ts';
import type { CurveSample } from './bands.ts';
import { valueFlags } from '../compare.ts';
import type { FitRecord } from '../../io/formats/fits-file.ts';
import { num } from '../../base/format.ts';

/** A fitted line's legend entry: "kaplan-n: α_N = 0.0485", or "… α_N not determined" under a trust flag. */
export function fitLegend(fit: FitRecord, symbol: string, param: string): string {
  const value = fit.params[param] ?? fit.derived?.values[param];
  return valueFlags(fit, param).length > 0 ? `${fit.label}: ${symbol} not determined` : `${fit.label}: ${symbol} = ${num(value, 3)}`;
}

export interface Axes {
  x: { title: string; domain: [number, number]; format?: string };
  y: { title: string; domain: [number, number]; format?: string };
}

/** Dash patterns for up to six laws, in legend order. */
const DASHES = [[1, 0], [7, 4], [2, 3], [10, 3, 2, 3], [4, 2], [1, 5]];
/** A colour per law, in legend order (Okabe–Ito, black first): each band in its line's colour. */
const FIT_COLOURS = ['#111111', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'];

export function xEnc(a: Axes): PositionDef {
  return { field: 'x', type: 'quantitative', scale: { type: 'log', domain: a.x.domain, nice: false }, axis: { title: a.x.title, format: a.x.format ?? COUNT_FORMAT, ...logTicks(a.x.domain) } };
}

export function yEnc(a: Axes, field = 'y'): PositionDef {
  return { field, type: 'quantitative', scale: { type: 'log', domain: a.y.domain, nice: false }, axis: { title: a.y.title, format: a.y.format ?? LOSS_FORMAT, ...logTicks(a.y.domain) } };
}

/**
 * Tick values for a log axis spanning a decade or more: every power of ten inside it, so no decade
 * goes unlabelled (vega's own ticks drop some to avoid overlap), and 2× and 5× between them when
 * the axis spans fewer than three decades. Narrower axes keep vega's ticks.
 */
export function logTicks([lo, hi]: [number, number]): { values?: number[] } {
  if (!(lo > 0 && hi / lo >= 10)) return {};
  const decades = Math.log10(hi / lo);
  const steps = decades < 3 ? [1, 2, 5] : [1];
  const values: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of steps) {
      const v = Number((m * 10 ** k).toPrecision(6));
      if (v >= lo && v <= hi) values.push(v);
    }
  }
  return { values };
}

export interface GroupScale {
  title: string;
  /** Group labels in order (smallest first). */
  order: string[];
}

function colorEnc(g: GroupScale): ColorDef {
  return { field: 'group', type: 'ordinal', sort: g.order, scale: { domain: g.order, scheme: ORDERED_SCHEME }, legend: { title: g.title, symbolType: 'circle', symbolOpacity: 1, symbolStrokeWidth: 0 } };
}

/** Observed points, coloured by group when there are groups. */
export function pointLayer(rows: { x: number; y: number; group?: string }[], a: Axes, g: GroupScale | null): Layer {
  return {
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 70, opacity: 0.9, clip: true, ...(g ? {} : { color: '#1f4e79' }) },
    encoding: { x: xEnc(a), y: yEnc(a), ...(g ? { color: colorEnc(g) } : {}) },
  };
}

export interface FitLine {
  /** Legend entry, e.g. "kaplan-n (α_N = 0.024)". */
  fit: string;
  samples: CurveSample[];
  /** Colour group (approach-3 slices), or none for a black line. */
  group?: string;
}

export interface DashScale {
  order: string[];
}

/** Dash patterns for the lines the axes show, in the order given. */
export function dashScale(lines: readonly FitLine[], a: Axes): DashScale {
  const hidden = new Set(hiddenFits(lines, a));
  return { order: [...new Set(lines.map((l) => l.fit))].filter((f) => !hidden.has(f)) };
}

/**
 * What of a line the axes can show: the samples inside the domain plus one neighbour on each side
 * (so the line runs to the frame), and bands clamped to the frame. Marks wholly outside the frame
 * are dropped: resvg aborts the process on a clipped path with nothing left to draw.
 */
export function visibleSamples(samples: readonly CurveSample[], a: Axes): CurveSample[] {
  const inX = (x: number) => x >= a.x.domain[0] && x <= a.x.domain[1];
  const inY = (y: number) => y >= a.y.domain[0] && y <= a.y.domain[1];
  const inside = samples.map((s) => Number.isFinite(s.y) && inX(s.x) && inY(s.y));
  const clamp = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.min(a.y.domain[1], Math.max(a.y.domain[0], v)));
  return samples
    .filter((s, i) => Number.isFinite(s.y) && s.y > 0 && inX(s.x) && (inside[i] || inside[i - 1] || inside[i + 1]))
    .map((s) => ({ x: s.x, y: s.y, lo: clamp(s.lo), hi: clamp(s.hi) }));
}

/** Legend names of the lines the axes cannot show at all, for the caption. */
export function hiddenFits(lines: readonly FitLine[], a: Axes): string[] {
  const shown = new Set(lines.filter((l) => visibleSamples(l.samples, a).length >= 2).map((l) => l.fit));
  return [...new Set(lines.map((l) => l.fit))].filter((f) => !shown.has(f));
}

/** The shaded bands, then the lines over them; grouped lines take the points' colours. */
export function fitLayers(lines: readonly FitLine[], a: Axes, g: GroupScale | null, dash: DashScale, title = 'fitted law'): Layer[] {
  const rows = lines.flatMap((l) => {
    const shown = visibleSamples(l.samples, a);
    return shown.length < 2 ? [] : shown.map((s) => ({ ...s, fit: l.fit, group: l.group ?? '', key: `${l.fit}|${l.group ?? ''}` }));
  });
  const bandedRows = rows.filter((r) => r.lo !== null && r.hi !== null && r.hi > r.lo);
  const perKey = new Map<string, number>();
  for (const r of bandedRows) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
  const banded = bandedRows.filter((r) => (perKey.get(r.key) ?? 0) >= 2);
  const out: Layer[] = [];
  const colored = (grouped: boolean) => (grouped && g ? { color: colorEnc(g) } : {});
  // Ungrouped laws: one colour each, the band in its line's colour, one legend entry with both.
  const fitScale = { domain: dash.order, range: dash.order.map((_, i) => FIT_COLOURS[i % FIT_COLOURS.length]) };
  // The same legend on every channel of `fit`, so vega-lite merges them into one.
  const fitLegendDef = { title, symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 2.5, symbolOpacity: 1 };
  for (const grouped of [false, true]) {
    const band = banded.filter((r) => (r.group !== '') === grouped);
    if (band.length > 0) {
      out.push({
        data: { values: band },
        mark: { type: 'area', opacity: grouped ? 0.12 : 0.14, clip: true },
        encoding: {
          x: xEnc(a),
          y: yEnc(a, 'lo'),
          y2: { field: 'hi' },
          detail: { field: 'key' },
          ...(grouped ? colored(grouped) : { fill: { field: 'fit', type: 'nominal', sort: dash.order, scale: fitScale, legend: fitLegendDef } }),
        },
      });
    }
  }
  for (const grouped of [false, true]) {
    const line = rows.filter((r) => (r.group !== '') === grouped);
    if (line.length === 0) continue;
    out.push({
      data: { values: line },
      mark: { type: 'line', strokeWidth: grouped ? 1.6 : 2, clip: true },
      encoding: {
        x: xEnc(a),
        y: yEnc(a),
        detail: { field: 'key' },
        strokeDash: { field: 'fit', type: 'nominal', sort: dash.order, scale: { domain: dash.order, range: DASHES.slice(0, dash.order.length) }, legend: fitLegendDef },
        ...(grouped ? colored(grouped) : { stroke: { field: 'fit', type: 'nominal', sort: dash.order, scale: fitScale, legend: fitLegendDef } }),
      },
    });
  }
  return out;
}

/** A dotted horizontal rule with its label at the left end: a loss the task cannot go below. */
export function floorLayers(value: number, label: string, a: Axes): Layer[] {
  const data = { values: [{ y: value, x: a.x.domain[0], label }] };
  return [
    { data, mark: { type: 'rule', color: '#b22222', strokeDash: [2, 2], strokeWidth: 1.5 }, encoding: { y: yEnc(a) } },
    { data, mark: { type: 'text', color: '#b22222', align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 11 }, encoding: { x: xEnc(a), y: yEnc(a), text: { field: 'label' } } },
  ];
}
