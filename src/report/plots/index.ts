/**
 * Every figure of a sweep: planned from the report inputs, rendered to <sweepDir>/plots/<name>.svg
 * and .png. The folder is cleared first, so a figure the data no longer support cannot linger.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReportInputs } from '../inputs.ts';
import { isSkipped, type Figure, type FigurePlan, type SkippedFigure } from './figure.ts';
import { isoflopFigure } from './isoflop.ts';
import { lossVsFlops } from './loss-vs-flops.ts';
import { lossVsSize } from './loss-vs-size.ts';
import { curvesFigure } from './curves.ts';
import { exponentsFigure } from './exponents.ts';
import { optimalNFigure } from './optimal-n.ts';
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
  return [lossVsSize(inputs, 'N'), lossVsSize(inputs, 'D'), lossVsFlops(inputs), optimalNFigure(inputs), isoflopFigure(inputs), curvesFigure(inputs), residualsFigure(inputs), exponentsFigure(inputs)];
}

export async function writePlots(inputs: ReportInputs): Promise<PlotsResult> {
  const dir = path.join(inputs.sweepDir, 'plots');
  fs.rmSync(dir, { recursive: true, force: true });
  const written: WrittenFigure[] = [];
  const skipped: SkippedFigure[] = [];
  for (const plan of planFigures(inputs)) {
    if (isSkipped(plan)) {
      skipped.push(plan);
      continue;
    }
    const svg = await renderSvg(plan.spec);
    fs.mkdirSync(dir, { recursive: true });
    const svgFile = path.join(dir, `${plan.name}.svg`);
    const pngFile = path.join(dir, `${plan.name}.png`);
    fs.writeFileSync(svgFile, svg);
    fs.writeFileSync(pngFile, svgToPng(svg));
    written.push({ ...plan, svg: path.relative(inputs.sweepDir, svgFile), png: path.relative(inputs.sweepDir, pngFile) });
  }
  return { written, skipped };
}
