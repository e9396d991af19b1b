/**
 * runs.csv and curves.csv as typed rows. Only the columns the report uses are read; the raw
 * record is kept beside them, so a table can print a cell exactly as the CSV holds it.
 * A missing required column is an error naming the file (csv.ts requireColumns); a missing optional
 * one reads as null.
 */
import { UserError } from '../base/user-error.ts';
import { requireColumns, type CsvTable } from '../io/csv.ts';
import { CURVES_REPORT_COLUMNS, RUNS_REPORT_COLUMNS } from '../io/formats/columns.ts';

export interface RunRow {
  /** 1-based data row in runs.csv (line = row + 1), for "runs.csv row k" citations. */
  row: number;
  run_id: string;
  task: string;
  family: string;
  status: string;
  n_params: number | null;
  n_nonembed: number;
  tokens: number;
  flops_6nd: number | null;
  flops: number | null;
  final_eval_loss: number | null;
  seconds: number | null;
  tokens_per_s: number | null;
  epochs: number | null;
  budget: number | null;
  backend: string;
  device: string;
  unigram_entropy: number | null;
  true_entropy_rate: number | null;
  entropy_floor: number | null;
  noise_floor: number | null;
  raw: Record<string, string>;
}

export interface CurvePoint {
  run_id: string;
  n_nonembed: number;
  tokens: number;
  flops_6nd: number | null;
  eval_loss: number | null;
  train_loss: number | null;
}

export function parseRuns(file: string, table: CsvTable): RunRow[] {
  requireColumns(file, table, RUNS_REPORT_COLUMNS);
  return table.rows.map((r, i) => ({
    row: i + 1,
    run_id: r.run_id,
    task: r.task ?? '',
    family: r.family ?? '',
    status: r.status,
    n_params: opt(r.n_params),
    n_nonembed: req(file, i, r, 'n_nonembed'),
    tokens: req(file, i, r, 'tokens'),
    flops_6nd: opt(r.flops_6nd),
    flops: opt(r.flops),
    final_eval_loss: opt(r.final_eval_loss),
    seconds: opt(r.seconds),
    tokens_per_s: opt(r.tokens_per_s),
    epochs: opt(r.epochs),
    budget: opt(r.budget),
    backend: r.backend ?? '',
    device: r.device ?? '',
    unigram_entropy: opt(r.unigram_entropy),
    true_entropy_rate: opt(r.true_entropy_rate),
    entropy_floor: opt(r.entropy_floor),
    noise_floor: opt(r.noise_floor),
    raw: r,
  }));
}

export function parseCurves(file: string, table: CsvTable): CurvePoint[] {
  requireColumns(file, table, CURVES_REPORT_COLUMNS);
  return table.rows.map((r, i) => ({
    run_id: r.run_id,
    n_nonembed: req(file, i, r, 'n_nonembed'),
    tokens: req(file, i, r, 'tokens'),
    flops_6nd: opt(r.flops_6nd),
    eval_loss: opt(r.eval_loss),
    train_loss: opt(r.train_loss),
  }));
}

/** Runs that count for fits and plots: finished, with a finite loss (what `toyscale fit` uses). */
export function doneRuns(runs: readonly RunRow[]): (RunRow & { final_eval_loss: number })[] {
  return runs.filter((r): r is RunRow & { final_eval_loss: number } => r.status === 'done' && r.final_eval_loss !== null);
}

function opt(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

function req(file: string, i: number, r: Record<string, string>, col: string): number {
  const v = opt(r[col]);
  if (v === null) throw new UserError(`${file}: line ${i + 2}, column ${col}: "${r[col] ?? ''}" is not a number`);
  return v;
}
