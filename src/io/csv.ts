/** CSV in and out through csv-stringify / csv-parse, so quoting and escaping are never hand-rolled. */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from './atomic-write.ts';

/** A record to write; an interface type works too (no index signature needed). */
export type CsvRow = object;

export function toCsv(rows: CsvRow[], columns: string[]): string {
  return stringify(rows, { header: true, columns, cast: { number: formatNumber } });
}

/** One data line (no header) for appending to a log that is written as it goes. */
export function csvLine(row: CsvRow, columns: string[]): string {
  return stringify([row], { header: false, columns, cast: { number: formatNumber } });
}

export function csvHeader(columns: string[]): string {
  return stringify([columns]);
}

export function writeCsvAtomic(file: string, rows: CsvRow[], columns: string[]): void {
  writeFileAtomic(file, toCsv(rows, columns));
}

/** Reads a CSV with a header row into records of strings. */
export function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Full precision, no exponent surprises for integers: the CSV is the record of truth. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toString() : value.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
}
