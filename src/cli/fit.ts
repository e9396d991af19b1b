/**
 * `toyscale fit <file.csv|sweepDir>`: a sweep folder goes to the fit stage's entry point
 * (src/pipeline/fit-sweep.ts: fits.csv and fits.json, written atomically); any CSV of N, D, loss
 * is fitted here with one law. Prints a table or one JSON object. Every problem with the user's
 * input is a one-line UserError naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { averageReplicates, DEFAULT_BOOTSTRAP, FitInputError, MAX_FIT_POINTS, thinnedWarning, thinPoints, isLawName, LAW_NAMES, MAX_BOOTSTRAP, type FitOptions, type FitPoint, type FitResult, type LawName } from '../fit/index.ts';
import { formatTable } from '../fit/report.ts';
import { fitLawThreaded } from '../fit-threads/fit-law-threaded.ts';
import { withFitPool } from '../fit-threads/pool.ts';
import { fitSweep, sweepFitText, withoutDraws, type SweepFitOptions } from '../pipeline/fit-sweep.ts';
import { cell, DEFAULT_MAX_MB, MAX_ROWS, readCsvTable, type CsvTable } from '../io/csv.ts';
import { isRunsCsv, runsCsvPoints } from '../io/fit-csv.ts';
import { UserError } from '../base/user-error.ts';

export const fitHelp = `Usage: toyscale fit <file.csv|sweepDir> [options]

Fit scaling laws and compare them with the published values.

  <sweepDir>     a folder with runs.csv (and optionally curves.csv): fits every law the data
                 support (done runs only), with hold-out, writes fits.csv and fits.json there
  <file.csv>     any CSV with columns for N, D and loss: fits one law (--law); a toyscale
                 runs.csv needs no column options (done runs; n_nonembed, tokens, final_eval_loss)

Options:
  --law <name>       ${LAW_NAMES.join(', ')}
                     (file default: chinchilla-3 if N and D both vary, else kaplan-n or kaplan-d;
                     on a sweep folder: fit only this law, and fits.csv holds only it)
  --irreducible      Kaplan laws: add an irreducible loss E
  --bootstrap <K>    bootstrap resamples for 95% CIs (default ${DEFAULT_BOOTSTRAP}; 0 to skip; at most ${MAX_BOOTSTRAP})
  --seed <s>         bootstrap seed (default 0)
  --holdout          fit without the largest N (or C) and report the error on it (always on for a sweep)
  --json             print one JSON object and nothing else on stdout
  --n-col <name>     column of parameters N (file default "N")
  --d-col <name>     column of tokens D (file default "D")
  --loss-col <name>  column of loss (file default "loss")
  --c-col <name>     column of FLOPs C (default: "C" if present, else 6·N·D)
  --average-duplicates
                     average rows with the same N, D (and C, budget, run) into one point: exact
                     duplicate rows, and replicate seeds. Without it an identical row twice is an
                     error (usually two files concatenated), and replicates with different losses
                     are fitted as separate points.
  --keep-duplicates  a CSV file: fit exact duplicate rows as given, each one more point (as some
                     published fits of public data files did), with a warning saying how many
  --all-settings     a runs.csv whose design points were trained with several hyperparameter
                     settings (learning-rate list, batch sizes…): fit every run; by default
                     each point keeps only its best setting (lowest mean loss over seeds)
  --keep-out-of-regime
                     a runs.csv: also fit runs collect marked short (fewer optimizer steps than
                     a law needs) or plateau (final loss near the unigram entropy); by default
                     they are left out (runs.csv "regime" and "regime_reason" say why)
  --max-mb <MB>      refuse CSV files larger than this (default ${DEFAULT_MAX_MB}; files over ${MAX_ROWS.toLocaleString('en')} rows
                     are always refused, before they are parsed): thin the file instead of waiting on
                     gigabytes. A law is fitted to at most ${MAX_FIT_POINTS.toLocaleString('en')} points: more are thinned evenly, with a warning
  -h, --help         this text

A file may also have "budget" (IsoFLOP budget, for chinchilla-2), "run" (curve id, for
chinchilla-1 and kaplan-c, whose points are steps of training curves) and "U" columns (unique
tokens each run drew from, for data-constrained). A column named
twice in the header is an error.

Every fit carries trust flags (fits.csv "flags", the "trust" column here): exact-fit, few-points
(degrees of freedom over distinct sizes, token counts or budgets, never seeds), uninformative (an
exponent's interval contains 0 or is wider than the value, a coefficient's spans more than 1.5
decades, or E is not determined), holdout-outside (the held-out size lies outside the refit's
prediction interval), holdout-naive (the law does not beat the nearest smaller size's value),
holdout-failed (the refit without the largest size failed), bootstrap-failed, no-interval,
at-bound (E → 0), interval-at-bound, outside-ci (outside or on the edge of its own interval). A
flagged value is "not determined": not to be set beside a published one.`;

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
  averageDuplicates: boolean;
  keepDuplicates: boolean;
  allSettings: boolean;
  keepOutOfRegime: boolean;
  maxMb: number;
}

export async function fitCommand(argv: string[]): Promise<void> {
  const args = parseFitArgs(argv);
  if (!args) {
    process.stdout.write(`${fitHelp}\n`);
    return;
  }
  if (!existsSync(args.path)) throw new UserError(`${args.path}: no such file or directory`);
  if (statSync(args.path).isDirectory()) {
    if (args.keepDuplicates) throw new UserError(`fit: --keep-duplicates is for a CSV file; ${args.path} is a sweep folder, whose runs.csv has one row per run`);
    await fitSweepCommand(args);
  }
  else await fitFile(args);
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
        'average-duplicates': { type: 'boolean' },
        'keep-duplicates': { type: 'boolean' },
        'all-settings': { type: 'boolean' },
        'keep-out-of-regime': { type: 'boolean' },
        'max-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UserError(`fit: ${(e as Error).message.split('\n')[0]} (see toyscale fit --help)`);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (parsed.positionals.length !== 1) throw new UserError('fit: give exactly one CSV file or sweep folder (see toyscale fit --help)');
  if (v['average-duplicates'] && v['keep-duplicates']) throw new UserError('fit: --average-duplicates and --keep-duplicates exclude each other: merge duplicate rows, or keep them as given');
  if (v.law !== undefined && !isLawName(v.law)) throw new UserError(`fit: unknown law "${v.law}"; known: ${LAW_NAMES.join(', ')}`);
  return {
    path: parsed.positionals[0],
    law: v.law as LawName | undefined,
    irreducible: v.irreducible === true,
    bootstrap: bootstrapOption(v.bootstrap),
    seed: intOption('--seed', v.seed, 0),
    holdout: v.holdout === true,
    json: v.json === true,
    nCol: v['n-col'],
    dCol: v['d-col'],
    lossCol: v['loss-col'],
    cCol: v['c-col'],
    averageDuplicates: v['average-duplicates'] === true,
    keepDuplicates: v['keep-duplicates'] === true,
    allSettings: v['all-settings'] === true,
    keepOutOfRegime: v['keep-out-of-regime'] === true,
    maxMb: v['max-mb'] === undefined ? DEFAULT_MAX_MB : positiveNumber('--max-mb', v['max-mb']),
  };
}

function bootstrapOption(raw: string | undefined): number {
  const n = intOption('--bootstrap', raw, DEFAULT_BOOTSTRAP);
  if (n > MAX_BOOTSTRAP) throw new UserError(`fit: --bootstrap ${n} is more than ${MAX_BOOTSTRAP} resamples; the 95% interval's ends are settled long before that`);
  return n;
}

function positiveNumber(flag: string, raw: string): number {
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new UserError(`fit: ${flag} must be a positive number, got "${raw}"`);
  return n;
}

function intOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`fit: ${flag} must be a non-negative integer, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------- one CSV file, one law

async function fitFile(args: Args): Promise<void> {
  const table = readCsvTable(args.path, args.maxMb);
  const ownRuns = args.nCol === undefined && args.dCol === undefined && args.lossCol === undefined && isRunsCsv(table) && !table.columns.includes('N');
  const raw = ownRuns ? runsCsvPoints(args.path, table, args.allSettings, args.keepOutOfRegime) : filePoints(args, table);
  if (raw.length === 0) throw new UserError(`${args.path}: no data rows${ownRuns ? ' with status done' : ''}`);
  const all = args.averageDuplicates ? averageReplicates(raw) : raw;
  const law = args.law ?? defaultLaw(all);
  const { points, every } = thinPoints(all);
  const result = await runFit(args.path, law, points, {
    bootstrap: args.bootstrap,
    seed: args.seed,
    holdout: args.holdout,
    irreducible: args.irreducible,
    ...(args.keepDuplicates ? { duplicates: 'keep' as const } : {}),
  });
  if (every > 1) {
    const warning = thinnedWarning(all.length, every, points.length);
    result.warnings = [...result.warnings, warning];
    process.stderr.write(`fit: ${args.path}: ${warning}\n`);
  }
  const kept = result.warnings.find((w) => /exact duplicate row\(s\) kept as given/.test(w));
  if (kept) process.stderr.write(`${args.path}: warning: ${kept}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(withoutDraws(result))}\n`);
  else process.stdout.write(`${ownRuns ? `${args.path}: a toyscale runs.csv: N = n_nonembed, D = tokens, loss = final_eval_loss, done runs only\n` : ''}${formatTable([result])}\n`);
}

/** Points from the columns the user named (or N, D, loss, C, budget, run). */
function filePoints(args: Args, table: CsvTable): FitPoint[] {
  const nCol = args.nCol ?? 'N';
  const dCol = args.dCol ?? 'D';
  const lossCol = args.lossCol ?? 'loss';
  const cCol = args.cCol ?? (table.columns.includes('C') ? 'C' : undefined);
  const flags: Array<[string, string]> = [[nCol, '--n-col'], [dCol, '--d-col'], [lossCol, '--loss-col'], ...(cCol ? [[cCol, '--c-col'] as [string, string]] : [])];
  for (const [col, flag] of flags) {
    if (!table.columns.includes(col)) throw new UserError(`${args.path}: no column "${col}" (columns: ${table.columns.join(', ')}); name the column that holds it with ${flag} <name>`);
  }
  const hasBudget = table.columns.includes('budget');
  const runCol = table.columns.includes('run') ? 'run' : table.columns.includes('run_id') ? 'run_id' : undefined;
  return table.rows.map((row, i) => {
    const p: FitPoint = {
      N: cell(args.path, row, i, nCol),
      D: cell(args.path, row, i, dCol),
      loss: cell(args.path, row, i, lossCol),
    };
    if (cCol) p.C = cell(args.path, row, i, cCol);
    if (hasBudget && row.budget !== '') p.budget = cell(args.path, row, i, 'budget');
    if (runCol && row[runCol] !== '') p.run = row[runCol];
    if (table.columns.includes('U') && row.U !== '') p.U = cell(args.path, row, i, 'U');
    return p;
  });
}

function defaultLaw(points: FitPoint[]): LawName {
  const nN = new Set(points.map((p) => p.N)).size;
  const nD = new Set(points.map((p) => p.D)).size;
  if (nN > 1 && nD > 1) return 'chinchilla-3';
  return nD > 1 ? 'kaplan-d' : 'kaplan-n';
}

// ---------------------------------------------------------------- a sweep folder, every law

async function fitSweepCommand(args: Args): Promise<void> {
  const options: SweepFitOptions = {
    law: args.law,
    bootstrap: args.bootstrap,
    seed: args.seed,
    averageDuplicates: args.averageDuplicates,
    allSettings: args.allSettings,
    keepOutOfRegime: args.keepOutOfRegime,
    maxMb: args.maxMb,
    onFit: (label, subset) => {
      if (process.stderr.isTTY && !args.json) process.stderr.write(`fitting ${label} on ${subset}…\n`);
    },
  };
  const fit = await withFitPool((pool) => fitSweep(args.path, options, pool));
  process.stdout.write(`${sweepFitText(fit, args.json)}\n`);
}

// ---------------------------------------------------------------- shared helpers

/** One law on the pool's threads (one per core): the same result, bit for bit, as on one thread. */
async function runFit(path: string, law: LawName, points: FitPoint[], options: FitOptions): Promise<FitResult> {
  try {
    return await withFitPool((pool) => fitLawThreaded(law, points, options, pool));
  } catch (e) {
    if (e instanceof FitInputError) throw new UserError(`${path}: ${law}: ${e.message}`);
    throw e;
  }
}


