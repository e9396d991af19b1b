/**
 * Vega-Lite spec → SVG (vega's headless renderer, no browser) → PNG (resvg, a prebuilt binary
 * shipped inside npm packages), both with the font of fonts.ts.
 */
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY, fontFiles } from './fonts.ts';
import { useFontMetrics } from './text-metrics.ts';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  useFontMetrics();
  const compiled = compile(spec);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    return stableIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers clip paths and gradients from a process-wide counter (clip17, clip18…), so the
 * same figure drawn twice would differ in its ids; renumber them from 1 in order of appearance so
 * a regenerated SVG is byte-identical.
 */
export function stableIds(svg: string): string {
  const map = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([A-Za-z_-]*?)(\d+)"/g)) {
    const old = m[1] + m[2];
    if (map.has(old)) continue;
    const n = (counters.get(m[1]) ?? 0) + 1;
    counters.set(m[1], n);
    map.set(old, `${m[1]}${n}`);
  }
  return svg.replace(/(\sid="|url\(#)([A-Za-z_-]*?\d+)(?=[")])/g, (whole, head: string, id: string) => (map.has(id) ? `${head}${map.get(id)}` : whole));
}

/**
 * PNG at twice the SVG's size, so lines and text stay sharp on high-density screens. Rendered on
 * libuv's thread pool (resvg's renderAsync), so a report's figures render side by side on every
 * core while JavaScript goes on; the bytes are those of the synchronous render.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  // resvg aborts the whole process on some malformed paths; a NaN coordinate is the usual cause.
  if (svg.includes('NaN')) throw new Error('the SVG has NaN coordinates (a mark with a non-finite value)');
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return image.asPng();
}
