/**
 * Every figure of a sweep: planned from the report inputs, rendered to <sweepDir>/plots/<name>.svg
 * and .png, each atomically; a figure the data no longer support is removed once the new ones are in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.ts';
import { sweepPaths } from '../../io/sweep-folder.ts';
import type { ReportInputs } from '../inputs.ts';
import { isSkipped, type Figure, type FigurePlan, type SkippedFigure } from './figure.ts';
import { isoflopFigure } from './isoflop.ts';
import { lossVsFlops } from './loss-vs-flops.ts';
import { lossVsSize } from './loss-vs-size.ts';
import { curvesFigure } from './curves.ts';
import { exponentsFigure } from './exponents.ts';
import { optimalNFigure } from './optimal-n.ts';
import { lrVsNFigure } from './lr-vs-n.ts';
import { residualsFigure } from './residuals.ts';
import { renderSvg, svgToPng } from './render.ts';

export interface WrittenFigure extends Figure {
  svg: string;
  png: string;
}

export interface PlotsResult {
  written: WrittenFigure[];
  skipped: SkippedFigure[];
}

export function planFigures(inputs: ReportInputs): FigurePlan[] {
  return [lossVsSize(inputs, 'N'), lossVsSize(inputs, 'D'), lossVsFlops(inputs), optimalNFigure(inputs), isoflopFigure(inputs), curvesFigure(inputs), residualsFigure(inputs), exponentsFigure(inputs), ...(inputs.tuned ? [lrVsNFigure(inputs)] : [])];
}

export async function writePlots(inputs: ReportInputs): Promise<PlotsResult> {
  const dir = sweepPaths(inputs.sweepDir).plots;
  const written: WrittenFigure[] = [];
  const skipped: SkippedFigure[] = [];
  const files: Array<[string, string | Promise<Uint8Array>]> = [];
  // Render everything first, then write each file atomically and only then drop figures the data
  // no longer support: a stop at any point leaves every figure the old report.md links in place.
  // Each PNG renders on the thread pool while the next figure's SVG is drawn here.
  for (const plan of planFigures(inputs)) {
    if (isSkipped(plan)) {
      skipped.push(plan);
      continue;
    }
    const svg = await renderSvg(plan.spec);
    await new Promise((resolve) => setImmediate(resolve)); // let a signal (Ctrl-C, SIGTERM) in between figures
    const svgFile = path.join(dir, `${plan.name}.svg`);
    const pngFile = path.join(dir, `${plan.name}.png`);
    const png = svgToPng(svg);
    png.catch(() => {}); // awaited below; a later figure's error must not leave this one unhandled
    files.push([svgFile, svg], [pngFile, png]);
    written.push({ ...plan, svg: path.relative(inputs.sweepDir, svgFile), png: path.relative(inputs.sweepDir, pngFile) });
  }
  const contents = await Promise.all(files.map(([, content]) => content));
  files.forEach(([file], i) => writeFileAtomic(file, contents[i]));
  const keep = new Set(files.map(([file]) => path.basename(file)));
  if (fs.existsSync(dir)) for (const name of fs.readdirSync(dir)) if (!keep.has(name) && !name.startsWith('.')) fs.rmSync(path.join(dir, name), { force: true });
  return { written, skipped };
}
