/**
 * runs.csv as the fitter takes it: the points of done runs (N, D, loss), each design point's best
 * hyperparameter setting. The file is read by csv.ts, the one CSV reader.
 */
import { bestSettingPerPoint, type SettingChoice } from '../fit/best-setting.ts';
import type { FitPoint } from '../fit/index.ts';
import { cell, requireColumns, type CsvTable } from './csv.ts';
import { RUNS_FIT_COLUMNS, SETTING_COLUMNS } from './formats/columns.ts';

/** A file with runs.csv's fit columns (RUNS_FIT_COLUMNS) is read as toyscale's own. */
export function isRunsCsv(t: CsvTable): boolean {
  return RUNS_FIT_COLUMNS.every((c) => t.columns.includes(c));
}

/**
 * The points of a toyscale runs.csv: done runs, N = n_nonembed, D = tokens, loss = final_eval_loss.
 * Where runs of one design point (target_n, and budget or target_d) differ in a hyperparameter,
 * only the best setting's runs are kept (every seed of it), unless allSettings.
 */
export function runsCsvPoints(path: string, runs: CsvTable, allSettings = false, keepOutOfRegime = false): FitPoint[] {
  return runsCsvSelection(path, runs, allSettings, keepOutOfRegime).points;
}

export function runsCsvSelection(
  path: string,
  runs: CsvTable,
  allSettings = false,
  keepOutOfRegime = false,
): { points: FitPoint[]; choices: SettingChoice[]; outOfRegime: { run: string; regime: string }[] } {
  requireColumns(path, runs, RUNS_FIT_COLUMNS);
  const done = runs.rows.map((row, i) => ({ row, i })).filter(({ row }) => row.status === 'done');
  // Runs that were short or ended on the plateau (runs.csv `regime`, set by collect) describe
  // warmup or the escape from the unigram plateau, not the law: left out unless asked.
  const outside = done.filter(({ row }) => row.regime !== undefined && row.regime !== '');
  const finished = keepOutOfRegime ? done : done.filter(({ row }) => row.regime === undefined || row.regime === '');
  const canChoose = !allSettings && runs.columns.includes('target_n');
  const { kept, choices } = canChoose
    ? bestSettingPerPoint(finished, ({ row, i }) => ({
        point: `${row.target_n}|${row.budget || row.target_d}`,
        setting: SETTING_COLUMNS.map((c) => row[c] ?? '').join('|'),
        loss: cell(path, row, i, 'final_eval_loss'),
      }))
    : { kept: finished, choices: [] };
  const points = kept.map(({ row, i }) => {
    const p: FitPoint = {
      N: cell(path, row, i, 'n_nonembed'),
      D: cell(path, row, i, 'tokens'),
      loss: cell(path, row, i, 'final_eval_loss'),
    };
    if (row.flops_6nd !== undefined && row.flops_6nd !== '') p.C = cell(path, row, i, 'flops_6nd');
    if (row.budget !== undefined && row.budget !== '') p.budget = cell(path, row, i, 'budget');
    if (row.run_id) p.run = row.run_id;
    // Unique tokens the run drew from (tokens / epochs): what the data-constrained law discounts repeats against.
    const epochs = row.epochs === undefined || row.epochs === '' ? NaN : Number(row.epochs);
    if (epochs > 0 && Number.isFinite(epochs)) p.U = p.D / epochs;
    return p;
  });
  return { points, choices, outOfRegime: outside.map(({ row }) => ({ run: row.run_id ?? '', regime: row.regime })) };
}
