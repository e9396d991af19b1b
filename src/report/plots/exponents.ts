/**
 * Fitted exponents next to the published ones: one row per (exponent, law), our value with its
 * 95% bootstrap interval, and the values of Kaplan 2020, Hoffmann 2022 and Besiroglu 2024 that the
 * comparison table prints on the same row.
 */
import { PUBLISHED } from '../../fit/index.ts';
import { comparisonRows, SOURCES, type ComparisonRow } from '../compare.ts';
import type { FitsData } from '../../io/formats/fits-file.ts';
import { num } from '../../base/format.ts';
import type { ReportInputs } from '../inputs.ts';
import type { ColorDef, FigurePlan, PositionDef, ShapeDef } from './figure.ts';
import { specHead } from './style.ts';

const EXPONENTS = new Set(['α_N', 'α_D', 'α_C (C_min)', 'a (N_opt ∝ C^a)', 'b (D_opt ∝ C^b)', 'α', 'β']);
/** Exponents are O(0.1–1); a frame wider than this would squash every interval into a dot. */
const FRAME: [number, number] = [-0.5, 2];
const OURS = 'ours (95% CI)';

export interface ExponentRow {
  /** Row label, e.g. "α_N · kaplan-n". */
  label: string;
  /** The quantity's symbol (comparison table), by which rows are grouped. */
  symbol: string;
  value: number;
  ci: [number, number] | null;
  published: ComparisonRow['published'];
}

/** The exponent rows of one sweep's comparison table; values a trust flag marks not determined are left out. */
export function exponentRows(fits: FitsData, prefix = ''): ExponentRow[] {
  return comparisonRows(fits)
    .filter((r) => EXPONENTS.has(r.symbol) && r.value !== null && r.label !== null && r.flags.length === 0)
    .map((r) => ({ label: `${prefix}${r.symbol.split(' ')[0]}  ·  ${r.label}`, symbol: r.symbol, value: r.value ?? 0, ci: r.ci, published: r.published }));
}

/** The exponents of one sweep that a trust flag marks not determined, as "α_N · kaplan-n (uninformative)": named in the caption, not drawn. */
export function flaggedExponents(fits: FitsData, prefix = ''): string[] {
  return comparisonRows(fits)
    .filter((r) => EXPONENTS.has(r.symbol) && r.value !== null && r.label !== null && r.flags.length > 0)
    .map((r) => `${prefix}${r.symbol.split(' ')[0]} · ${r.label} (${[...new Set(r.flagCodes)].join(', ')})`);
}

export function exponentsFigure(inputs: ReportInputs): FigurePlan {
  return exponentsPlan('exponents', 'Fitted vs published exponents', inputs.name, exponentRows(inputs.fits), flaggedExponents(inputs.fits));
}

export function exponentsPlan(name: string, title: string, scope: string, given: readonly ExponentRow[], notDrawn: readonly string[] = []): FigurePlan {
  if (given.length === 0) return { name, title, skipped: 'no exponent was determined (see the trust flags and skipped laws under "All fitted parameters")' };
  // Grouped by quantity (α_N, α_D, α_C, a, b, α, β), in the given order within each.
  const rank = (r: ExponentRow) => [...EXPONENTS].indexOf(r.symbol);
  const rows = given.map((r, i) => ({ r, i })).sort((x, y) => rank(x.r) - rank(y.r) || x.i - y.i).map((x) => x.r);
  const order = rows.map((r) => r.label);
  const values = rows.flatMap((r) => [r.value, ...SOURCES.map((s) => r.published[s]).filter((v): v is number => v !== null)]);
  const lo = Math.max(FRAME[0], Math.min(0, ...values) - 0.05);
  const hi = Math.min(FRAME[1], Math.max(1, ...values) + 0.05);
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const inside = (v: number) => v >= lo && v <= hi;
  const outside = rows.filter((r) => !inside(r.value)).map((r) => `${r.label} = ${num(r.value, 3)}`);
  const ours = rows.filter((r) => inside(r.value)).map((r) => ({ row: r.label, x: r.value, lo: clamp(r.ci?.[0] ?? r.value), hi: clamp(r.ci?.[1] ?? r.value), source: OURS }));
  const within = (r: ExponentRow, v: number) => r.ci !== null && v >= r.ci[0] && v <= r.ci[1];
  const published = rows.flatMap((r) => SOURCES.flatMap((s) => { const v = r.published[s]; return v === null ? [] : [{ row: r.label, x: v, source: PUBLISHED[s].citation, inside: within(r, v) }]; }));
  const palette: Record<string, [string, string]> = {
    [OURS]: ['#111111', 'circle'],
    [PUBLISHED.kaplan.citation]: ['#1b9e77', 'triangle-up'],
    [PUBLISHED.hoffmann.citation]: ['#d95f02', 'square'],
    [PUBLISHED.besiroglu.citation]: ['#7570b3', 'diamond'],
  };
  // Only the sources some row has, so the legend lists nothing that is not drawn.
  const sources = [OURS, ...SOURCES.map((s) => PUBLISHED[s].citation).filter((c) => published.some((p) => p.source === c))];
  const xOf = (field: string): PositionDef => ({ field, type: 'quantitative', scale: { domain: [lo, hi], nice: false, zero: false }, axis: { title: 'exponent value', format: '.2~f' } });
  const x = xOf('x');
  const y: PositionDef = { field: 'row', type: 'nominal', sort: order, axis: { title: null, labelLimit: 260 } };
  const color: ColorDef = { field: 'source', type: 'nominal', scale: { domain: sources, range: sources.map((c) => palette[c][0]) }, legend: { title: 'value from', orient: 'bottom', direction: 'horizontal', symbolOpacity: 1 } };
  const shape: ShapeDef = { field: 'source', type: 'nominal', scale: { domain: sources, range: sources.map((c) => palette[c][1]) }, legend: { title: 'value from', orient: 'bottom', direction: 'horizontal' } };
  const clipped = rows.some((r) => r.ci && (r.ci[0] < lo || r.ci[1] > hi));
  return {
    name,
    title,
    caption:
      'Each row is one fitted exponent (symbol · law), grouped by quantity: our value with its 95% bootstrap interval in black, the published values on the same row in colour, filled where they fall inside our interval and hollow where they do not. Values the fit marks not determined (trust flags) are not drawn. ' +
      (clipped ? `Intervals wider than the frame are cut at its edges (${num(lo, 2)} to ${num(hi, 2)}); the table gives them in full. ` : '') +
      (outside.length > 0 ? `Outside the frame, not drawn: ${outside.join('; ')}. ` : '') +
      (notDrawn.length > 0 ? `Not determined, not drawn: ${notDrawn.join('; ')}.` : ''),
    sources: 'fits.csv value, ci_low, ci_high (chinchilla-3 a and b: fits.json derived); published: src/fit/published.ts, as in fits.csv published_* columns',
    spec: {
      ...specHead(`${title} (${scope})`, 'bars: 95% bootstrap intervals', { step: 30 }),
      layer: [
        { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#999', strokeDash: [3, 3] }, encoding: { x } },
        { data: { values: ours }, mark: { type: 'rule', strokeWidth: 2, color: '#111' }, encoding: { y, x: xOf('lo'), x2: { field: 'hi' } } },
        { data: { values: published.filter((p) => p.inside) }, mark: { type: 'point', filled: true, size: 110, opacity: 0.9 }, encoding: { y, x, color, shape } },
        { data: { values: published.filter((p) => !p.inside) }, mark: { type: 'point', filled: false, strokeWidth: 2, size: 110, opacity: 0.9 }, encoding: { y, x, color, shape } },
        { data: { values: ours }, mark: { type: 'point', filled: true, size: 90, opacity: 1 }, encoding: { y, x, color, shape } },
      ],
    },
  };
}
