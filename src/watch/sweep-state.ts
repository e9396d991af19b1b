/**
 * What the watch page shows, read fresh from a sweep folder: each run of the current plan
 * (sweep-runs.ts: plan.json and stale-runs.txt honoured) with its status and curve, and the fitted
 * laws when fits.json is there. Reading never throws: a run folder that appears, is half-written
 * or disappears between two reads is shown as it is at that moment, and a file that does not
 * parse makes its run "unfinished", never done, with the reason. A lock makes a run "running" only
 * while the worker it names is alive (run-lock.ts lockState). Curves are read incrementally
 * (curve-tail.ts): a request reads what was appended since the last, within a byte budget.
 */
import path from 'node:path';
import { predictPower } from '../fit/index.ts';
import type { FitRecord, Flag } from '../io/formats/fits-file.ts';
import { readFitsJson } from '../io/sweep-files.ts';
import type { FileRead } from '../io/formats/read-json.ts';
import type { RunSummary } from '../io/formats/run-summary.ts';
import { finishedRule, parseSummary } from '../io/run-folder.ts';
import { RUN_FILES, runPaths, sweepPaths, tuneDir } from '../io/sweep-folder.ts';
import { logGrid } from '../report/plots/style.ts';
import { lockState } from '../execute/run-lock.ts';
import type { CurvePoint } from './curve-parse.ts';
import { CurveTails, type ReadBudget } from './curve-tail.ts';
import { provisionalKaplanN, type ProvisionalFit } from './live-fit.ts';
import { plainFileSize, readFileSafe } from './safe-read.ts';
import { sweepRunFolders } from './sweep-runs.ts';

/** Curve bytes one request reads, over all runs; the rest is read by the next requests. */
export const REQUEST_BUDGET_BYTES = 16 * 1024 * 1024;

/** done/diverged: a finished run (io/run-folder.ts); failed: error.txt; running: a lock file; unfinished: none of those. */
export type WatchStatus = 'done' | 'diverged' | 'failed' | 'running' | 'unfinished';

export interface WatchRun {
  id: string;
  status: WatchStatus;
  /** Kaplan's N (config.json counts.nNonembed); null while config.json is missing or unreadable. */
  nNonembed: number | null;
  /** Tokens the run is planned to train (config.json), for its progress. */
  tokensPlanned: number | null;
  finalEvalLoss: number | null;
  /** Tokens trained (summary.json), the D of a finished run. */
  tokensTrained: number | null;
  /** First line of error.txt for a failed run. */
  error: string | null;
  /** Why a run is shown unfinished (or what is partial about it), in a line; null when nothing is. */
  reason: string | null;
  /** The curve, thinned to at most curve-tail.ts MAX_POINTS points (the latest row always kept). */
  points: CurvePoint[];
  /** The run's peak learning rate and seed (config.json), to tell a tune grid's runs apart. */
  learningRate: number | null;
  seed: number | null;
}

/** A fit as the page shows it: fits.json's record (formats/fits-file.ts FitRecord), trimmed to what it draws. */
export type WatchFit = Pick<FitRecord, 'law' | 'label' | 'formula' | 'params' | 'ci' | 'points' | 'rmseLog'> & {
  holdoutRelError: number | null;
  /** Trust flags (src/fit/trust.ts) by code: the fit's own (no param) and each parameter's. */
  flags: Omit<Flag, 'message'>[];
  /** The fitted curve against N, for laws of N alone (kaplan-n); null for the others. */
  lineN: { N: number; loss: number }[] | null;
};

export interface WatchState {
  sweep: string;
  readAt: string;
  /** Runs planned: plan.json's, else sweep.json's; null before either is written. */
  runsPlanned: number | null;
  /** Run folders left out (not in the current plan; stale). */
  staleRuns: number;
  finished: boolean;
  counts: Record<WatchStatus, number>;
  runs: WatchRun[];
  fits: WatchFit[];
  /** Why fits.json was not used, when it is there but unreadable. */
  fitsProblem: string | null;
  /** Until fits.json exists: kaplan-n fitted here on the runs done so far (no intervals). */
  provisional: ProvisionalFit[];
  /** The tune stage's runs (<sweep>/tune/runs), shown while it trains and after; empty without one. */
  tune: WatchRun[];
}

/** `tails`: the server's curve reader, kept between requests; a fresh one reads each curve from its start. */
export function readSweepState(sweepDir: string, tails = new CurveTails()): WatchState {
  const folders = sweepRunFolders(sweepDir, { requireConfig: false });
  const budget: ReadBudget = { bytes: REQUEST_BUDGET_BYTES };
  const runs = folders.runs.map(({ id, dir }) => readRun(dir, id, tails, budget));
  const tune = sweepRunFolders(tuneDir(sweepDir), { requireConfig: false }).runs.map(({ id, dir }) => readRun(dir, id, tails, budget));
  tails.sweep();
  const counts: Record<WatchStatus, number> = { done: 0, diverged: 0, failed: 0, running: 0, unfinished: 0 };
  for (const run of runs) counts[run.status]++;
  const meta = parseJsonObject(readFileSafe(sweepPaths(sweepDir).sweepJson));
  const { fits, problem } = readFitsFile(sweepDir);
  return {
    sweep: typeof meta?.name === 'string' ? meta.name : path.basename(path.resolve(sweepDir)),
    readAt: new Date().toISOString(),
    runsPlanned: folders.planned ?? (typeof meta?.runsPlanned === 'number' ? meta.runsPlanned : null),
    staleRuns: folders.stale.length,
    finished: typeof meta?.finishedAt === 'string',
    counts,
    runs,
    fits,
    fitsProblem: problem,
    provisional: fits.length === 0 ? provisionalFits(runs) : [],
    tune,
  };
}

function provisionalFits(runs: readonly WatchRun[]): ProvisionalFit[] {
  const done = runs.flatMap((r) => (r.status === 'done' && r.nNonembed !== null && r.tokensTrained !== null && r.finalEvalLoss !== null ? [{ id: r.id, N: r.nNonembed, D: r.tokensTrained, loss: r.finalEvalLoss }] : []));
  try {
    return provisionalKaplanN(done);
  } catch {
    return []; // a page without a provisional line beats a page that fails
  }
}

function readRun(dir: string, id: string, tails: CurveTails, budget: ReadBudget): WatchRun {
  const files = runPaths(dir);
  const config = parseJsonObject(readFileSafe(files.config));
  const counts = config?.counts as Record<string, unknown> | undefined;
  const train = config?.train as Record<string, unknown> | undefined;
  // The one finished-run rule (io/run-folder.ts), on files read without following links or opening FIFOs.
  const finished = finishedRule(dir, parseSummary(dir, readFileSafe(files.summary)), () => plainFileSize(files.curve));
  const summary = finished.state === 'ok' ? finished.value : null;
  const curve = tails.read(files.curve, budget);
  const errorText = readFileSafe(files.error, 1024 * 1024);
  const { status, reason } = statusOf(dir, finished, errorText);
  const notes = [
    reason,
    curve && curve.behind > 0 ? `curve.csv read up to ${mb(curve.behind)} MB from its end; the rest follows in the next updates` : null,
    curve?.thinned ? 'long curve: every few rows shown' : null,
  ].filter((n): n is string => n !== null);
  return {
    id,
    status,
    nNonembed: finiteOrNull(counts?.nNonembed),
    tokensPlanned: finiteOrNull(config?.tokens),
    finalEvalLoss: finiteOrNull(summary?.finalEvalLoss),
    tokensTrained: finiteOrNull(summary?.tokensTrained),
    error: errorText === null ? null : (errorText.split('\n').find((line) => line.trim() !== '') ?? '').slice(0, 500),
    reason: notes.length > 0 ? notes.join('; ') : null,
    points: curve?.points ?? [],
    learningRate: finiteOrNull(train?.learningRate),
    seed: finiteOrNull(config?.seed),
  };
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

function statusOf(dir: string, finished: FileRead<RunSummary>, errorText: string | null): { status: WatchStatus; reason: string | null } {
  if (finished.state === 'ok') return { status: finished.value.status, reason: null };
  if (errorText !== null) return { status: 'failed', reason: null };
  const lock = lockState(dir);
  if (lock.state === 'live') return { status: 'running', reason: null };
  if (finished.state === 'invalid') return { status: 'unfinished', reason: `${RUN_FILES.summary} cannot be read as this run's end (${finished.problem})` };
  if (lock.state === 'dead') return { status: 'unfinished', reason: lock.why };
  return { status: 'unfinished', reason: 'not started, or stopped before it ended (no lock, no summary.json)' };
}

function readFitsFile(sweepDir: string): { fits: WatchFit[]; problem: string | null } {
  const read = readFitsJson(sweepDir, readFileSafe);
  if (read.state === 'missing') return { fits: [], problem: null };
  if (read.state === 'invalid') return { fits: [], problem: read.problem };
  return {
    problem: null,
    fits: read.value.fits.map((fit) => ({
      law: fit.law,
      label: fit.label,
      formula: fit.formula,
      params: fit.params,
      ci: fit.ci,
      points: fit.points,
      rmseLog: fit.rmseLog,
      holdoutRelError: fit.holdout?.relError ?? null,
      flags: fit.flags.map((f) => (f.param === undefined ? { code: f.code } : { code: f.code, param: f.param })),
      lineN: fit.law === 'kaplan-n' ? kaplanNLine(fit.params, fit.residuals.map((r) => r.N)) : null,
    })),
  };
}

/** The fitted law over the fitted N range, as the static loss-vs-N plot draws it (predictPower). */
function kaplanNLine(params: Record<string, number>, ns: number[]): { N: number; loss: number }[] | null {
  const positive = ns.filter((n) => n > 0);
  if (params.N_c === undefined || params.alpha_N === undefined || positive.length === 0) return null;
  return logGrid(Math.min(...positive), Math.max(...positive), 40).map((N) => ({ N, loss: predictPower(params, 'N', N) }));
}

function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
