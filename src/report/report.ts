/**
 * report.md and its plots, from what collect and fit wrote (runs.csv, curves.csv, fits.json or
 * fits.csv, sweep.json). It reads only those files and never refits, so every number it prints can
 * be traced to a CSV row; each table and figure says which file and columns it comes from.
 */
import { writeFileAtomic } from '../io/atomic-write.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import { caveatsSection } from './caveats.ts';
import { allParamsTable, comparisonRows, comparisonTable } from './compare.ts';
import { trustSection } from './trust-section.ts';
import { floorSection } from './floor-section.ts';
import { joinBlocks } from '../base/format.ts';
import { headerSection } from './header.ts';
import { holdoutTable } from './holdout.ts';
import { loadReportInputs, type ReportInputs } from './inputs.ts';
import { writePlots, type PlotsResult } from './plots/index.ts';
import { runsTable } from './runs-table.ts';
import { regimeSection } from './regime-section.ts';
import { conventionSection } from './convention-section.ts';
import { seedsSection } from './seeds-section.ts';
import { tuneSection } from './tune-section.ts';

/** Writes <sweepDir>/plots/* and <sweepDir>/report.md; returns the report's path. */
export async function writeReport(sweepDir: string): Promise<string> {
  const inputs = loadReportInputs(sweepDir);
  const plots = await writePlots(inputs);
  const out = sweepPaths(sweepDir).reportMd;
  writeFileAtomic(out, renderReport(inputs, plots));
  return out;
}

export function renderReport(inputs: ReportInputs, plots: PlotsResult): string {
  const { fits } = inputs;
  const lines = [...headerSection(inputs)];
  lines.push('## Fitted laws against the literature', '');
  if (fits.fits.length === 0) {
    lines.push(`No law was fitted to these runs${fits.problems.length > 0 ? ` (${fits.problems.join('; ')})` : ''}; run \`toyscale fit ${inputs.sweepDir}\` to see why.`, '');
  } else {
    lines.push(
      `Our value of each exponent and coefficient, with its 95% bootstrap interval, next to the published values (Kaplan et al. 2020; Hoffmann et al. 2022; Besiroglu et al. 2024, which refits Hoffmann's approach 3). ` +
        `Values are from ${fits.origin}; the "source" column names the row. Read the "why toy-scale numbers differ" section below before comparing.`,
      '',
      comparisonTable(comparisonRows(fits)),
      '',
      ...trustSection(fits),
    );
    if (fits.problems.length > 0) lines.push(`Note: ${fits.problems.join('; ')}; the tables use fits.csv, which has no hold-out details, residuals or derived values.`, '');
    lines.push(
      '## Hold-out: predicting the largest model',
      '',
      'Each law refitted without its largest N (approach 2: its largest budget) and asked to predict what it left out: the error a user extrapolating the law should expect, at the least; whether the observation lies inside the refit\'s bootstrap prediction interval (parameter draws plus residual noise; 95%, for N_opt 99%); and the error of a naive predictor (the nearest smaller size\'s loss; for N_opt the previous two budgets\' trend), which the law must beat (fits.json holdout; fits.csv holdout_rel_error, holdout_naive_rel_error).',
      '',
      holdoutTable(fits.fits),
      '',
    );
  }
  lines.push(...conventionSection(fits));
  lines.push(...regimeSection(inputs.runs));
  lines.push(...floorSection(inputs.runs, fits.fits));
  lines.push(...tuneSection(inputs));
  lines.push(...seedsSection(inputs.runs));
  lines.push('## Plots', '');
  for (const f of plots.written) {
    lines.push(`### ${f.title}`, '', `[![${f.title}](${f.png})](${f.svg})`, '', f.caption.trim(), '', `*Data:* ${f.sources}.`, '');
  }
  if (plots.skipped.length > 0) {
    lines.push('Not drawn, because the data cannot support them:', '', ...plots.skipped.map((s) => `- ${s.title} (\`${s.name}\`): ${s.skipped}.`), '');
  }
  lines.push(...caveatsSection(inputs.runs, inputs.tuned !== null));
  lines.push('## Runs', '', 'One line per row of runs.csv (row = data row number; the CSV has every column at full precision).', '', runsTable(inputs.runs), '');
  if (fits.fits.length > 0) {
    lines.push('## All fitted parameters', '', `Every parameter of every law, as ${fits.origin} holds it; "runs used" is the subset the law was fitted to.`, '', allParamsTable(fits.fits), '');
    const notes = [...fits.skipped.map((s) => `- ${s.law}: not fitted, ${s.reason}`), ...fits.fits.flatMap((f) => f.warnings.map((w) => `- ${f.label}: ${w}`))];
    if (notes.length > 0) lines.push('Skipped laws and warnings from the fit stage (fits.json):', '', ...notes, '');
  }
  lines.push(
    '## Files',
    '',
    '- `runs.csv`: one row per run (columns in the project README); `curves.csv`: every logged point of every finished run.',
    '- `fits.csv`, `fits.json`: each law\'s parameters with 95% bootstrap intervals, published values and hold-out errors (`toyscale fit`).',
    '- `plots/*.svg`, `plots/*.png`: the figures above; `report.md`: this file (`toyscale report`, or `npm run regenerate` for every sweep under results/).',
    '- `runs/<run_id>/`: config.json, curve.csv and summary.json of each run, from which everything above is rebuilt.',
    '',
  );
  return joinBlocks(lines);
}
