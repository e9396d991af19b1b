/**
 * The fit stage of a sweep folder: runs.csv (and curves.csv) in, every law the data support
 * fitted on a FitPool's threads (bit-identical to one thread), fits.csv and fits.json out, each
 * replaced whole. Used by `toyscale fit <sweepDir>`, `toyscale sweep` and `npm run regenerate`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../base/user-error.ts';
import { averageReplicates, DEFAULT_BOOTSTRAP, FitInputError, thinnedWarning, thinPoints, type FitPoint, type FitResult, type LawName } from '../fit/index.ts';
import { nestedChoices, type NestedChoice } from '../fit/nested.ts';
import { FITS_CSV_COLUMNS, fitsCsvRows, formatTable } from '../fit/report.ts';
import { selectSweepFits, type SkippedLaw, type SweepSelection } from '../fit/sweep-select.ts';
import { fitLawThreaded } from '../fit-threads/fit-law-threaded.ts';
import type { FitPool } from '../fit-threads/pool.ts';
import { removeFile } from '../io/atomic-write.ts';
import { removeFitsPair, writeFitsPair } from '../io/sweep-files.ts';
import { sweepPaths, SWEEP_FILES } from '../io/sweep-folder.ts';
import { cell, DEFAULT_MAX_MB, readCsvTable, requireColumns, type CsvTable } from '../io/csv.ts';
import { runsCsvSelection } from '../io/fit-csv.ts';
import type { SettingChoice } from '../fit/best-setting.ts';
import { sha256Hex, type FitJson, type FitsManifest } from '../io/formats/fits-file.ts';
import { ALTERNATIVE_CONVENTION, conventionShifts, toTotalConvention, type ConventionShift, type TotalCounts } from '../fit/conventions.ts';

export interface SweepFitOptions {
  /** Fit only this law (fits.csv then holds only it); every law the data support when absent. */
  law?: LawName;
  bootstrap: number;
  seed: number;
  averageDuplicates: boolean;
  /** Fit every run even where a design point was trained with several hyperparameter settings (default: each point's best). */
  allSettings?: boolean;
  /** Fit runs collect marked short or plateau too (default: left out). */
  keepOutOfRegime?: boolean;
  /** CSV files larger than this are refused. */
  maxMb: number;
  /** Told before each law is fitted, for a progress line. */
  onFit?: (label: string, subset: string) => void;
}

/** What `toyscale fit <sweepDir>` does without options; what sweep and regenerate fit with. */
export const SWEEP_FIT_DEFAULTS: SweepFitOptions = { bootstrap: DEFAULT_BOOTSTRAP, seed: 0, averageDuplicates: false, maxMb: DEFAULT_MAX_MB };

/** What a sweep's fit wrote: the fits, or why there are none (and fits.* were removed). */
export type SweepFit =
  | {
      fitted: true;
      dir: string;
      source: string;
      results: FitResult[];
      skipped: SkippedLaw[];
      nested: NestedChoice[];
      settingChoices: SettingChoice[];
      /** Done runs left out because collect marked them short or plateau. */
      outOfRegime: { run: string; regime: string }[];
      /** Each exponent refitted with total N and counted FLOPs (src/fit/conventions.ts). */
      conventions: ConventionShift[];
    }
  | { fitted: false; message: string };

export async function fitSweep(dir: string, options: SweepFitOptions, pool: FitPool): Promise<SweepFit> {
  const files = sweepPaths(dir);
  const runsPath = files.runsCsv;
  if (!existsSync(runsPath)) throw new UserError(`${dir}: no runs.csv in this folder (run toyscale collect first)`);
  const runsCsvSha256 = sha256Hex(readFileSync(runsPath));
  const runs = readCsvTable(runsPath, options.maxMb);
  const { points: done, choices: settingChoices, outOfRegime: outside } = runsCsvSelection(runsPath, runs, options.allSettings === true, options.keepOutOfRegime === true);
  const outOfRegime = options.keepOutOfRegime ? [] : outside;
  const points = options.averageDuplicates ? averageReplicates(done) : done;
  if (points.length === 0) {
    removeFits(dir); // no older fit may pass for one of these runs
    const left = outOfRegime.length > 0 ? `; ${outOfRegime.length} more are short or plateau (fit --keep-out-of-regime fits them)` : '';
    return { fitted: false, message: `${runsPath}: no runs with status done (of ${runs.rows.length})${left}; nothing to fit` };
  }
  const doneIds = new Set(points.map((p) => p.run).filter((r): r is string => r !== undefined));
  const curvesPath = files.curvesCsv;
  const curvesTable = existsSync(curvesPath) ? readCsvTable(curvesPath, options.maxMb) : null;
  const curves = curvePoints(curvesPath, curvesTable, doneIds, 'main');

  const { results, skipped } = await fitSelection(selectSweepFits(points, curves, options.law), options, pool, true);
  if (results.length === 0) {
    const why = skipped.map((s) => `${s.law}: ${s.reason}`).join('; ');
    removeFits(dir); // no older fit may pass for one of these runs
    return { fitted: false, message: `${dir}: nothing could be fitted (${why})` };
  }
  const nested = nestedChoices(results);
  const conventions = await alternativeConvention(runs.rows, points, () => curvePoints(curvesPath, curvesTable, doneIds, 'total'), results, options, pool);
  // One commit: fits.csv first, fits.json (naming fits.csv's and runs.csv's hashes) renamed last.
  const fitsCsv = stringify(fitsCsvRows(results), { header: true, columns: [...FITS_CSV_COLUMNS] });
  const manifest: FitsManifest = { source: runsPath, runsCsvSha256, fitsCsvSha256: sha256Hex(fitsCsv) };
  writeFitsPair(dir, fitsCsv, {
    ...manifest,
    // The fitter's output is what fits.json's schema reads back (formats/fits-file.ts).
    fits: results satisfies FitJson[],
    skipped,
    nested,
    ...(settingChoices.length > 0 ? { settingChoices } : {}),
    ...(conventions.length > 0 ? { conventions: { alternative: ALTERNATIVE_CONVENTION, shifts: conventions } } : {}),
  });
  return { fitted: true, dir, source: runsPath, results, skipped, nested, settingChoices, outOfRegime, conventions };
}

/**
 * Every job of a selection on the pool at once: one law's work on this thread (its polish, its
 * hold-out fit) then overlaps the others' scans and resamples on the workers. Each law's fit is
 * independent of the others, so its result is the same; they are kept in job order.
 */
async function fitSelection(selection: SweepSelection, options: SweepFitOptions, pool: FitPool, main: boolean): Promise<{ results: FitResult[]; skipped: SkippedLaw[] }> {
  const outcomes = await Promise.all(
    selection.jobs.map(async (job) => {
      const label = job.options.irreducible ? `${job.law}+E` : job.law;
      if (main) options.onFit?.(label, job.subset);
      try {
        const fitOptions = main ? { bootstrap: options.bootstrap, seed: options.seed, holdout: true } : { bootstrap: 0, seed: options.seed, holdout: false };
        const thinned = thinPoints(job.points);
        const r = await fitLawThreaded(job.law, thinned.points, { ...job.options, ...fitOptions }, pool);
        r.details = { ...r.details, subset: job.subset };
        if (thinned.every > 1) r.warnings = [...r.warnings, thinnedWarning(job.points.length, thinned.every, thinned.points.length)];
        return r;
      } catch (e) {
        if (!(e instanceof FitInputError)) throw e;
        return { law: label, reason: e.message } satisfies SkippedLaw;
      }
    }),
  );
  const results: FitResult[] = [];
  const skipped: SkippedLaw[] = [...selection.skipped];
  for (const o of outcomes) {
    if ('reason' in o) skipped.push(o);
    else results.push(o);
  }
  return { results, skipped };
}

/**
 * The same laws on the same runs with total N and counted FLOPs (point estimates: no bootstrap,
 * no hold-out), and each exponent's shift from the main fit. Empty for a runs.csv without the
 * n_params and flops columns.
 */
async function alternativeConvention(
  rows: readonly Record<string, string>[],
  points: readonly FitPoint[],
  /** The training curves in the total convention, read only when the runs give one. */
  curves: () => FitPoint[] | null,
  main: readonly FitResult[],
  options: SweepFitOptions,
  pool: FitPool,
): Promise<ConventionShift[]> {
  const counts = new Map<string, TotalCounts>();
  for (const row of rows) {
    const nParams = Number(row.n_params);
    const flops = Number(row.flops);
    if (row.run_id && row.n_params && row.flops && Number.isFinite(nParams) && Number.isFinite(flops)) counts.set(row.run_id, { nParams, flops });
  }
  if (counts.size === 0) return [];
  const { results } = await fitSelection(selectSweepFits(toTotalConvention(points, counts), curves(), options.law), options, pool, false);
  return conventionShifts(main, results);
}

/** What `toyscale fit` prints for a sweep: the table (or one JSON object with --json). */
export function sweepFitText(fit: SweepFit, json: boolean): string {
  if (!fit.fitted) return json ? JSON.stringify({ fits: [], message: fit.message }) : fit.message;
  if (json) return JSON.stringify({ source: fit.source, fits: fit.results.map(withoutDraws), skipped: fit.skipped, nested: fit.nested });
  const dropped = fit.settingChoices.reduce((sum, c) => sum + c.settings - 1, 0);
  const choices =
    fit.settingChoices.length > 0
      ? `\n${fit.settingChoices.length} design point(s) were trained with several hyperparameter settings; each kept its best (lowest mean loss over seeds), ${dropped} setting(s) left out (fit --all-settings fits every run)`
      : '';
  const regimes = [...new Set(fit.outOfRegime.map((o) => o.regime))].join(' or ');
  const outside = fit.outOfRegime.length > 0 ? `\n${fit.outOfRegime.length} done run(s) left out as ${regimes} (runs.csv regime_reason says why; fit --keep-out-of-regime fits them)` : '';
  return `${formatTable(fit.results, fit.skipped, fit.nested)}${choices}${outside}\n\nwrote ${sweepPaths(fit.dir).fitsCsv} and ${SWEEP_FILES.fitsJson}`;
}

/** --json output: the fit without its bootstrap draws. */
export function withoutDraws(r: FitResult): Omit<FitResult, 'bootstrapSamples'> {
  const { bootstrapSamples: _drop, ...rest } = r;
  return rest;
}

/**
 * Curve steps with an eval loss, of done runs only, from curves.csv read once (null when there is
 * none). N and C in the main convention (n_nonembed, flops_6nd) or the total one (n_params,
 * counted flops).
 */
function curvePoints(path: string, t: CsvTable | null, doneIds: Set<string>, convention: 'main' | 'total'): FitPoint[] | null {
  if (!t) return null;
  const [nCol, cCol] = convention === 'main' ? ['n_nonembed', 'flops_6nd'] : ['n_params', 'flops'];
  requireColumns(path, t, ['run_id', nCol, 'tokens', 'eval_loss']);
  const out: FitPoint[] = [];
  t.rows.forEach((row, i) => {
    if (row.eval_loss === '' || (doneIds.size > 0 && !doneIds.has(row.run_id))) return;
    const tokens = cell(path, row, i, 'tokens');
    if (tokens <= 0) return; // the step-0 evaluation has seen no data: no point on a log axis
    const p: FitPoint = { N: cell(path, row, i, nCol), D: tokens, loss: cell(path, row, i, 'eval_loss'), run: row.run_id };
    if (row[cCol] !== undefined && row[cCol] !== '') p.C = cell(path, row, i, cCol);
    out.push(p);
  });
  return out;
}

/**
 * A fit of other runs must not stay beside these: fits.json first (the manifest), so a crash
 * between leaves fits.csv alone, which the report refuses.
 */
function removeFits(dir: string): void {
  removeFitsPair(dir, removeFile);
}
