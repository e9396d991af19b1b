/**
 * The CSV side of `toyscale fit`: reading a user's file (or runs.csv, curves.csv) into rows of
 * strings with every problem a one-line UserError naming the file: too large to read, unreadable,
 * a column named twice, a missing column, a cell that is not a number.
 */
import { bestSettingPerPoint, type SettingChoice } from '../fit/best-setting.ts';
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FitPoint } from '../fit/index.ts';
import { UserError } from '../base/user-error.ts';

/**
 * Files larger than this are refused, not read: parsing holds every cell as a string, about 20
 * times the file's size in memory (a 166 MB CSV took 3.4 GB), and a fit over millions of points
 * runs for minutes. `--max-mb` raises it for a user who means it.
 */
export const DEFAULT_MAX_MB = 32;
/** More data rows than this are refused, whatever the file's size. */
export const MAX_ROWS = 1_000_000;

export interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
}

export function readCsv(path: string, maxMb = DEFAULT_MAX_MB): CsvTable {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > maxMb * 2 ** 20) {
    throw new UserError(`${path}: ${(size / 2 ** 20).toFixed(0)} MB is more than fit reads (${maxMb} MB): thin it first (e.g. every k-th curve step, or one row per run), or raise --max-mb`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Counted before parsing: parsing a million rows is itself seconds and a gigabyte.
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && lines <= MAX_ROWS + 1; i = text.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_ROWS + 1) throw new UserError(`${path}: more than ${MAX_ROWS} data rows is more than fit takes: thin the file first`);
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new UserError(`${path}: not a readable CSV (${(e as Error).message.split('\n')[0]})`);
  }
  if (records.length === 0) throw new UserError(`${path}: empty file, expected a header row`);
  const [columns, ...body] = records;
  if (body.length > MAX_ROWS) throw new UserError(`${path}: ${body.length} data rows is more than fit takes (${MAX_ROWS}): thin the file first`);
  const twice = columns.find((c, j) => columns.indexOf(c) !== j);
  if (twice !== undefined) throw new UserError(`${path}: column "${twice}" appears twice in the header; rename one`);
  const rows = body.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] ?? ''])));
  return { columns, rows };
}

export function requireColumns(path: string, t: CsvTable, needed: string[]): void {
  for (const c of needed) {
    if (!t.columns.includes(c)) throw new UserError(`${path}: no column "${c}" (columns: ${t.columns.join(', ')})`);
  }
}

/** A numeric cell; row i is data row i, which is line i + 2 of the file. */
export function cell(path: string, row: Record<string, string>, i: number, col: string): number {
  const raw = row[col] ?? '';
  const v = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UserError(`${path}: line ${i + 2}, column ${col}: "${raw}" is not a number`);
  return v;
}

/** The runs.csv columns that make a file toyscale's own (its N, D and loss). */
export const RUNS_CSV_COLUMNS = ['status', 'n_nonembed', 'tokens', 'final_eval_loss'] as const;

export function isRunsCsv(t: CsvTable): boolean {
  return RUNS_CSV_COLUMNS.every((c) => t.columns.includes(c));
}

/** The hyperparameters a sweep can vary between runs of one design point (runs.csv columns). */
export const SETTING_COLUMNS = ['learning_rate', 'batch_size', 'warmup_fraction', 'context_length', 'n_layer', 'd_model', 'n_head', 'width', 'depth'];

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
  requireColumns(path, runs, [...RUNS_CSV_COLUMNS]);
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
