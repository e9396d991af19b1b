/**
 * What the watch page shows, read fresh from a sweep folder: each run folder's status and curve,
 * and the fitted laws when fits.json is there. Reading never throws: a run folder that appears,
 * is half-written or disappears between two reads is shown as it is at that moment, and a file
 * that does not parse makes its run "unfinished", never done.
 */
import path from 'node:path';
import { predictPower } from '../fit/index.ts';
import { parseFitsJson } from '../io/formats/fits-file.ts';
import { logGrid } from '../report/plots/style.ts';
import { parseCurve, type CurvePoint } from './curve-parse.ts';
import { provisionalKaplanN, type ProvisionalFit } from './live-fit.ts';
import { isPlainFile, plainSubdirs, readFileSafe } from './safe-read.ts';

/** done/diverged: summary.json; failed: error.txt; running: a lock file; unfinished: none of those. */
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
  points: CurvePoint[];
}

export interface WatchFit {
  law: string;
  /** The law's name with its variant (kaplan-c+E). */
  label: string;
  formula: string;
  params: Record<string, number>;
  ci: Record<string, [number, number]>;
  points: number | null;
  rmseLog: number | null;
  holdoutRelError: number | null;
  /** Trust flags (src/fit/trust.ts) by code: the fit's own (no param) and each parameter's. */
  flags: { code: string; param?: string }[];
  /** The fitted curve against N, for laws of N alone (kaplan-n); null for the others. */
  lineN: { N: number; loss: number }[] | null;
}

export interface WatchState {
  sweep: string;
  readAt: string;
  /** From sweep.json when the sweep has written it: runs planned and whether it ended. */
  runsPlanned: number | null;
  finished: boolean;
  counts: Record<WatchStatus, number>;
  runs: WatchRun[];
  fits: WatchFit[];
  /** Why fits.json was not used, when it is there but unreadable. */
  fitsProblem: string | null;
  /** Until fits.json exists: kaplan-n fitted here on the runs done so far (no intervals). */
  provisional: ProvisionalFit[];
}

export function readSweepState(sweepDir: string): WatchState {
  const runsDir = path.join(sweepDir, 'runs');
  const runs = plainSubdirs(runsDir).map((id) => readRun(path.join(runsDir, id), id));
  const counts: Record<WatchStatus, number> = { done: 0, diverged: 0, failed: 0, running: 0, unfinished: 0 };
  for (const run of runs) counts[run.status]++;
  const meta = parseJsonObject(readFileSafe(path.join(sweepDir, 'sweep.json')));
  const { fits, problem } = readFitsFile(sweepDir);
  return {
    sweep: typeof meta?.name === 'string' ? meta.name : path.basename(path.resolve(sweepDir)),
    readAt: new Date().toISOString(),
    runsPlanned: typeof meta?.runsPlanned === 'number' ? meta.runsPlanned : null,
    finished: typeof meta?.finishedAt === 'string',
    counts,
    runs,
    fits,
    fitsProblem: problem,
    provisional: fits.length === 0 ? provisionalFits(runs) : [],
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

function readRun(dir: string, id: string): WatchRun {
  const config = parseJsonObject(readFileSafe(path.join(dir, 'config.json')));
  const counts = config?.counts as Record<string, unknown> | undefined;
  const summary = parseJsonObject(readFileSafe(path.join(dir, 'summary.json')));
  const curveText = readFileSafe(path.join(dir, 'curve.csv'));
  const errorText = readFileSafe(path.join(dir, 'error.txt'), 1024 * 1024);
  return {
    id,
    status: statusOf(summary, errorText, isPlainFile(path.join(dir, 'lock'))),
    nNonembed: finiteOrNull(counts?.nNonembed),
    tokensPlanned: finiteOrNull(config?.tokens),
    finalEvalLoss: finiteOrNull(summary?.finalEvalLoss),
    tokensTrained: finiteOrNull(summary?.tokensTrained),
    error: errorText === null ? null : (errorText.split('\n').find((line) => line.trim() !== '') ?? '').slice(0, 500),
    points: curveText === null ? [] : parseCurve(curveText),
  };
}

function statusOf(summary: Record<string, unknown> | null, errorText: string | null, locked: boolean): WatchStatus {
  if (summary?.status === 'done' || summary?.status === 'diverged') return summary.status;
  if (errorText !== null) return 'failed';
  return locked ? 'running' : 'unfinished';
}

function readFitsFile(sweepDir: string): { fits: WatchFit[]; problem: string | null } {
  const text = readFileSafe(path.join(sweepDir, 'fits.json'));
  if (text === null) return { fits: [], problem: null };
  const parsed = parseFitsJson(text);
  if (typeof parsed === 'string') return { fits: [], problem: `fits.json: ${parsed}` };
  return {
    problem: null,
    fits: parsed.fits.map((fit) => ({
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
