/**
 * Compares a results CSV with a reference, cell by cell, ignoring the timing columns (seconds,
 * tokens_per_s), which legitimately differ between two trainings of the same config; everything
 * else, losses included, must be identical to the last digit (training is deterministic).
 *
 *   node --import tsx scripts/compare-csv.ts <got.csv> <reference.csv>
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';

/** Columns that measure time, in runs.csv and curves.csv. */
export const TIMING_COLUMNS = new Set(['seconds', 'tokens_per_s']);

export function readCsvStrict(file: string): { header: string[]; rows: string[][] } {
  // relax_column_count false: a torn line (fewer fields) is an error, not a short row.
  const records = parse(fs.readFileSync(file, 'utf8'), { relax_column_count: false, skip_empty_lines: false }) as string[][];
  return { header: records[0], rows: records.slice(1) };
}

/** Differences between a table and the reference's, ignoring the given columns. */
export function compareCsv(file: string, reference: string, ignore: Set<string>): string[] {
  const problems: string[] = [];
  let got: { header: string[]; rows: string[][] };
  try {
    got = readCsvStrict(file);
  } catch (error) {
    return [`${path.basename(file)}: unreadable (${error instanceof Error ? error.message : String(error)})`];
  }
  const want = readCsvStrict(reference);
  const name = path.basename(file);
  if (got.header.join(',') !== want.header.join(',')) return [`${name}: header differs`];
  if (got.rows.length !== want.rows.length) problems.push(`${name}: ${got.rows.length} rows, reference has ${want.rows.length}`);
  const keep = want.header.map((column, i) => (ignore.has(column) ? -1 : i)).filter((i) => i >= 0);
  const key = (row: string[]) => keep.map((i) => row[i]).join('\u0001');
  const wantKeys = want.rows.map(key);
  const gotKeys = got.rows.map(key);
  if (new Set(gotKeys).size !== gotKeys.length) problems.push(`${name}: duplicate rows`);
  for (let i = 0; i < Math.max(wantKeys.length, gotKeys.length); i++) {
    if (wantKeys[i] === gotKeys[i]) continue;
    const column = keep.find((c) => got.rows[i]?.[c] !== want.rows[i]?.[c]) ?? 0;
    problems.push(`${name}: row ${i + 1} (${want.rows[i]?.[0]}) differs in ${want.header[column]}: ${got.rows[i]?.[column]} vs ${want.rows[i]?.[column]}`);
    break;
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [got, reference] = process.argv.slice(2);
  if (!got || !reference) {
    console.error('usage: compare-csv.ts <got.csv> <reference.csv>');
    process.exit(2);
  }
  const problems = compareCsv(got, reference, TIMING_COLUMNS);
  console.log(problems.length ? problems.join('\n') : `${got} equals ${reference} (${readCsvStrict(got).rows.length} rows; timing columns ignored)`);
  process.exit(problems.length ? 1 : 0);
}
