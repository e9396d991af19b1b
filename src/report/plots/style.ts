/**
 * Shared look and axis wording of every figure: one font (the one the PNG renderer loads), sizes
 * readable at the width GitHub shows an image, and axis titles that carry units.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunRow } from '../rows.ts';
import { FONT_FAMILY } from './fonts.ts';

export const WIDTH = 560;
export const HEIGHT = 380;

export const CONFIG: NonNullable<TopLevelSpec['config']> = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 12,
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#444', offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, gridColor: '#e6e6e6', labelOverlap: true, labelSeparation: 8 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320, titleLimit: 320, symbolSize: 90 },
  view: { stroke: '#bbb' },
};

/** The head every figure's spec starts with: schema, size, the shared look, and its title. */
export function specHead(text: string, subtitle: string, height: number | { step: number } = HEIGHT) {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: WIDTH, height, config: CONFIG, title: { text, subtitle } };
}

/** Ordered groups (sizes, token counts, budgets): viridis without its pale yellow end. */
export const ORDERED_SCHEME = { name: 'viridis' as const, extent: [0, 0.85] };

/** d3-format strings: SI prefixes for counts (3k, 1M, 10G), three significant digits for losses. */
export const COUNT_FORMAT = '~s';
export const LOSS_FORMAT = '.3~g';

export interface Units {
  loss: string;
  N: string;
  D: string;
  C: string;
  /** Word for one unit of D: token or example. */
  item: string;
}

/** Axis titles for the sweep's task and model family (runs.csv task and family columns). */
export function unitsFor(runs: readonly RunRow[]): Units {
  const task = runs[0]?.task ?? '';
  const family = runs[0]?.family ?? '';
  const examples = task === 'teacher-student' || task === 'sparse-parity';
  // Per character or byte for a character- or byte-level task (brown-char, text-byte), as report.md says.
  const symbol = task.endsWith('-char') ? 'character' : task.endsWith('-byte') ? 'byte' : 'token';
  const loss = task === 'teacher-student' ? 'held-out loss (MSE)' : examples ? 'held-out loss (nats/example)' : `held-out loss (nats/${symbol})`;
  return {
    loss,
    N: family === 'mlp' ? 'parameters N' : 'non-embedding parameters N',
    D: examples ? 'training examples D' : 'training tokens D',
    C: 'training compute C = 6·N·D (FLOPs)',
    item: examples ? 'example' : 'token',
  };
}

/**
 * [lo, hi] of the positive values, widened in log space by 5% of their span on each side (at
 * least by the factor `pad`), so marks at the ends are not cut by the frame.
 */
export function logDomain(values: readonly number[], pad = 1.15): [number, number] {
  const pos = values.filter((v) => Number.isFinite(v) && v > 0);
  if (pos.length === 0) return [1, 10];
  const lo = Math.min(...pos);
  const hi = Math.max(...pos);
  const f = Math.max(pad, (hi / lo) ** 0.05);
  return [lo / f, hi * f];
}

/** n values spread evenly in log space over [lo, hi]. */
export function logGrid(lo: number, hi: number, n = 60): number[] {
  if (!(lo > 0 && hi > lo)) return [lo];
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
}
