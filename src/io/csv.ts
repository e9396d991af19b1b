/**
 * CSV in and out through csv-stringify / csv-parse, so quoting and escaping are never hand-rolled.
 * One reader for every CSV toyscale reads (a user's file, runs.csv, curves.csv, curve.csv,
 * fits.csv): every problem is a one-line UserError naming the file — too large to read,
 * unreadable, empty (no header row), not CSV, a column named twice, a column missing, a cell that
 * is not a number.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../base/user-error.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** A record to write; an interface type works too (no index signature needed). */
export type CsvRow = object;

export function toCsv(rows: CsvRow[], columns: readonly string[]): string {
  return stringify(rows, { header: true, columns: [...columns], cast: { number: formatNumber } });
}

/** One data line (no header) for appending to a log that is written as it goes. */
export function csvLine(row: CsvRow, columns: readonly string[]): string {
  return stringify([row], { header: false, columns: [...columns], cast: { number: formatNumber } });
}

export function csvHeader(columns: readonly string[]): string {
  return stringify([[...columns]]);
}

export function writeCsvAtomic(file: string, rows: CsvRow[], columns: readonly string[]): void {
  writeFileAtomic(file, toCsv(rows, columns));
}

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

/** The records of a CSV text, header first; throws when it is not CSV. */
export function parseCsvText(text: string, options: { relaxColumnCount?: boolean } = {}): string[][] {
  return parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: options.relaxColumnCount === true });
}

/** A CSV file with a header row, as columns and rows of strings (a short row's missing cells are ''). */
export function readCsvTable(path: string, maxMb = DEFAULT_MAX_MB): CsvTable {
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
    records = parseCsvText(text);
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

/** The rows of a CSV file with a header row (readCsvTable's rows). */
export function readCsv(path: string): Record<string, string>[] {
  return readCsvTable(path).rows;
}

/** Every column `needed` must be in the header, rows or none; the error names the file and each missing column. */
export function requireColumns(path: string, t: CsvTable, needed: readonly string[]): void {
  const missing = needed.filter((c) => !t.columns.includes(c));
  if (missing.length > 0) throw new UserError(`${path}: no column ${missing.map((c) => `"${c}"`).join(', ')} (columns: ${t.columns.join(', ')})`);
}

/** A numeric cell; row i is data row i, which is line i + 2 of the file. */
export function cell(path: string, row: Record<string, string>, i: number, col: string): number {
  const raw = row[col] ?? '';
  const v = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UserError(`${path}: line ${i + 2}, column ${col}: "${raw}" is not a number`);
  return v;
}

/** Full precision, no exponent surprises for integers: the CSV is the record of truth. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toString() : value.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
}
