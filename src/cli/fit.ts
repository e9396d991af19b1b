/**
 * `toyscale fit <file.csv|sweepDir>`: the file side of src/fit. Reads runs.csv (and curves.csv)
 * or any CSV of N, D, loss, fits, writes fits.csv and fits.json atomically, prints a table or one
 * JSON object. Every problem with the user's input is a one-line UserError naming the file.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_BOOTSTRAP, FitInputError, fitLaw, isLawName, LAW_NAMES, type FitPoint, type FitResult, type LawName } from '../fit/index.ts';
import { FITS_CSV_COLUMNS, fitsCsvRows, formatTable } from '../fit/report.ts';
import { nestedChoices } from '../fit/nested.ts';
import { selectSweepFits, type SkippedLaw } from '../fit/sweep-select.ts';
import { UserError } from './user-error.ts';

export const fitHelp = `toyscale fit <file.csv|sweepDir> [options]

Fit scaling laws and compare them with the published values.

  <sweepDir>     a folder with runs.csv (and optionally curves.csv): fits every law the data
                 support (done runs only), with hold-out, writes fits.csv and fits.json there
  <file.csv>     any CSV with columns for N, D and loss: fits one law (--law)

Options:
  --law <name>       ${LAW_NAMES.join(', ')}
                     (file default: chinchilla-3 if N and D both vary, else kaplan-n or kaplan-d;
                     on a sweep folder: fit only this law, and fits.csv holds only it)
  --irreducible      Kaplan laws: add an irreducible loss E
  --bootstrap <K>    bootstrap resamples for 95% CIs (default ${DEFAULT_BOOTSTRAP}; 0 to skip)
  --seed <s>         bootstrap seed (default 0)
  --holdout          fit without the largest N (or C) and report the error on it (always on for a sweep)
  --json             print one JSON object and nothing else on stdout
  --n-col <name>     column of parameters N (file default "N")
  --d-col <name>     column of tokens D (file default "D")
  --loss-col <name>  column of loss (file default "loss")
  --c-col <name>     column of FLOPs C (default: "C" if present, else 6·N·D)
  -h, --help         this text

A file may also have "budget" (IsoFLOP budget, for chinchilla-2) and "run" columns (curve id,
for chinchilla-1 and kaplan-c, whose points are steps of training curves).`;

interface Args {
  path: string;
  law?: LawName;
  irreducible: boolean;
  bootstrap: number;
  seed: number;
  holdout: boolean;
  json: boolean;
  nCol?: string;
  dCol?: string;
  lossCol?: string;
  cCol?: string;
}

export async function fitCommand(argv: string[]): Promise<void> {
  const args = parseFitArgs(argv);
  if (!args) {
    process.stdout.write(`${fitHelp}\n`);
    return;
  }
  if (!existsSync(args.path)) throw new UserError(`${args.path}: no such file or directory`);
  if (statSync(args.path).isDirectory()) fitSweep(args);
  else fitFile(args);
}

function parseFitArgs(argv: string[]): Args | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        law: { type: 'string' },
        irreducible: { type: 'boolean' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        holdout: { type: 'boolean' },
        json: { type: 'boolean' },
        'n-col': { type: 'string' },
        'd-col': { type: 'string' },
        'loss-col': { type: 'string' },
        'c-col': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UserError(`fit: ${(e as Error).message.split('\n')[0]} (see toyscale fit --help)`);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (parsed.positionals.length !== 1) throw new UserError('fit: give exactly one CSV file or sweep folder (see toyscale fit --help)');
  if (v.law !== undefined && !isLawName(v.law)) throw new UserError(`fit: unknown law "${v.law}"; known: ${LAW_NAMES.join(', ')}`);
  return {
    path: parsed.positionals[0],
    law: v.law as LawName | undefined,
    irreducible: v.irreducible === true,
    bootstrap: intOption('--bootstrap', v.bootstrap, DEFAULT_BOOTSTRAP),
    seed: intOption('--seed', v.seed, 0),
    holdout: v.holdout === true,
    json: v.json === true,
    nCol: v['n-col'],
    dCol: v['d-col'],
    lossCol: v['loss-col'],
    cCol: v['c-col'],
  };
}

function intOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`fit: ${flag} must be a non-negative integer, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------- one CSV file, one law

function fitFile(args: Args): void {
  const table = readCsv(args.path);
  const nCol = args.nCol ?? 'N';
  const dCol = args.dCol ?? 'D';
  const lossCol = args.lossCol ?? 'loss';
  const cCol = args.cCol ?? (table.columns.includes('C') ? 'C' : undefined);
  requireColumns(args.path, table, [nCol, dCol, lossCol, ...(cCol ? [cCol] : [])]);
  const hasBudget = table.columns.includes('budget');
  const runCol = table.columns.includes('run') ? 'run' : table.columns.includes('run_id') ? 'run_id' : undefined;
  const points: FitPoint[] = table.rows.map((row, i) => {
    const p: FitPoint = {
      N: cell(args.path, row, i, nCol),
      D: cell(args.path, row, i, dCol),
      loss: cell(args.path, row, i, lossCol),
    };
    if (cCol) p.C = cell(args.path, row, i, cCol);
    if (hasBudget && row.budget !== '') p.budget = cell(args.path, row, i, 'budget');
    if (runCol && row[runCol] !== '') p.run = row[runCol];
    return p;
  });
  if (points.length === 0) throw new UserError(`${args.path}: no data rows`);
  const law = args.law ?? defaultLaw(points);
  const result = runFit(args.path, law, points, {
    bootstrap: args.bootstrap,
    seed: args.seed,
    holdout: args.holdout,
    irreducible: args.irreducible,
  });
  if (args.json) process.stdout.write(`${JSON.stringify(forJson(result))}\n`);
  else process.stdout.write(`${formatTable([result])}\n`);
}

function defaultLaw(points: FitPoint[]): LawName {
  const nN = new Set(points.map((p) => p.N)).size;
  const nD = new Set(points.map((p) => p.D)).size;
  if (nN > 1 && nD > 1) return 'chinchilla-3';
  return nD > 1 ? 'kaplan-d' : 'kaplan-n';
}

// ---------------------------------------------------------------- a sweep folder, every law

function fitSweep(args: Args): void {
  const runsPath = join(args.path, 'runs.csv');
  if (!existsSync(runsPath)) throw new UserError(`${args.path}: no runs.csv in this folder (run toyscale collect first)`);
  const runs = readCsv(runsPath);
  requireColumns(runsPath, runs, ['status', 'n_nonembed', 'tokens', 'final_eval_loss']);
  const done = runs.rows.map((row, i) => ({ row, i })).filter(({ row }) => row.status === 'done');
  const points: FitPoint[] = done.map(({ row, i }) => {
    const p: FitPoint = {
      N: cell(runsPath, row, i, 'n_nonembed'),
      D: cell(runsPath, row, i, 'tokens'),
      loss: cell(runsPath, row, i, 'final_eval_loss'),
    };
    if (row.flops_6nd !== undefined && row.flops_6nd !== '') p.C = cell(runsPath, row, i, 'flops_6nd');
    if (row.budget !== undefined && row.budget !== '') p.budget = cell(runsPath, row, i, 'budget');
    if (row.run_id) p.run = row.run_id;
    return p;
  });
  if (points.length === 0) {
    say(args, `${runsPath}: no runs with status done (of ${runs.rows.length}); nothing to fit`);
    return;
  }
  const doneIds = new Set(points.map((p) => p.run).filter((r): r is string => r !== undefined));
  const curves = readCurves(join(args.path, 'curves.csv'), doneIds);

  const selection = selectSweepFits(points, curves, args.law);
  const results: FitResult[] = [];
  const skipped: SkippedLaw[] = [...selection.skipped];
  for (const job of selection.jobs) {
    const label = job.options.irreducible ? `${job.law}+E` : job.law;
    if (process.stderr.isTTY && !args.json) process.stderr.write(`fitting ${label} on ${job.subset}…\n`);
    try {
      const r = fitLaw(job.law, job.points, { ...job.options, bootstrap: args.bootstrap, seed: args.seed, holdout: true });
      r.details = { ...r.details, subset: job.subset };
      results.push(r);
    } catch (e) {
      if (!(e instanceof FitInputError)) throw e;
      skipped.push({ law: label, reason: e.message });
    }
  }
  if (results.length === 0) {
    const why = skipped.map((s) => `${s.law}: ${s.reason}`).join('; ');
    say(args, `${args.path}: nothing could be fitted (${why})`);
    return;
  }
  const nested = nestedChoices(results);
  atomicWrite(join(args.path, 'fits.csv'), stringify(fitsCsvRows(results), { header: true, columns: [...FITS_CSV_COLUMNS] }));
  atomicWrite(join(args.path, 'fits.json'), fitsJsonText({ source: runsPath, fits: results, skipped, nested }));
  if (args.json) process.stdout.write(`${JSON.stringify({ source: runsPath, fits: results.map(forJson), skipped, nested })}\n`);
  else process.stdout.write(`${formatTable(results, skipped, nested)}\n\nwrote ${join(args.path, 'fits.csv')} and fits.json\n`);
}

/** Curve steps with an eval loss, of done runs only; null when there is no curves.csv. */
function readCurves(path: string, doneIds: Set<string>): FitPoint[] | null {
  if (!existsSync(path)) return null;
  const t = readCsv(path);
  requireColumns(path, t, ['run_id', 'n_nonembed', 'tokens', 'eval_loss']);
  const out: FitPoint[] = [];
  t.rows.forEach((row, i) => {
    if (row.eval_loss === '' || (doneIds.size > 0 && !doneIds.has(row.run_id))) return;
    const tokens = cell(path, row, i, 'tokens');
    if (tokens <= 0) return; // the step-0 evaluation has seen no data: no point on a log axis
    const p: FitPoint = { N: cell(path, row, i, 'n_nonembed'), D: tokens, loss: cell(path, row, i, 'eval_loss'), run: row.run_id };
    if (row.flops_6nd !== undefined && row.flops_6nd !== '') p.C = cell(path, row, i, 'flops_6nd');
    out.push(p);
  });
  return out;
}

// ---------------------------------------------------------------- shared helpers

interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
}

function readCsv(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new UserError(`${path}: not a readable CSV (${(e as Error).message.split('\n')[0]})`);
  }
  if (records.length === 0) throw new UserError(`${path}: empty file, expected a header row`);
  const [columns, ...body] = records;
  const rows = body.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] ?? ''])));
  return { columns, rows };
}

function requireColumns(path: string, t: CsvTable, needed: string[]): void {
  for (const c of needed) {
    if (!t.columns.includes(c)) throw new UserError(`${path}: no column "${c}" (columns: ${t.columns.join(', ')})`);
  }
}

/** A numeric cell; row i is data row i, which is line i + 2 of the file. */
function cell(path: string, row: Record<string, string>, i: number, col: string): number {
  const raw = row[col] ?? '';
  const v = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UserError(`${path}: line ${i + 2}, column ${col}: "${raw}" is not a number`);
  return v;
}

function runFit(path: string, law: LawName, points: FitPoint[], options: Parameters<typeof fitLaw>[2]): FitResult {
  try {
    return fitLaw(law, points, options);
  } catch (e) {
    if (e instanceof FitInputError) throw new UserError(`${path}: ${law}: ${e.message}`);
    throw e;
  }
}

/** --json output: the fit without its bootstrap draws. */
function forJson(r: FitResult): Omit<FitResult, 'bootstrapSamples'> {
  const { bootstrapSamples: _drop, ...rest } = r;
  return rest;
}

/**
 * fits.json keeps every law's bootstrap draws (`toyscale compare` takes differences from them,
 * `toyscale plan` intervals on N_opt). Indented for reading, but each innermost array of numbers
 * (an interval, one draw) on one line, so a thousand draws are a thousand lines, not five thousand.
 */
export function fitsJsonText(doc: unknown): string {
  const text = JSON.stringify(doc, null, 1);
  return `${text.replace(/\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g, (_m, inner: string) => `[${inner.replace(/\s+/g, '')}]`)}\n`;
}

function say(args: Args, message: string): void {
  if (args.json) process.stdout.write(`${JSON.stringify({ fits: [], message })}\n`);
  else process.stdout.write(`${message}\n`);
}

function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
