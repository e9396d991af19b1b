/**
 * Collect: reads the run folders of a sweep's current plan (plan.json; every folder when a sweep
 * predates it) and writes runs.csv (one row per run, with its
 * status: done, diverged, failed or unfinished) and curves.csv (every logged point of every
 * finished run). A file that fails its schema makes its run unfinished, with the reason in the
 * row, and is reported; a folder whose config.json is unreadable cannot be placed in the table
 * (no N, no D) and is reported instead. Folders of runs the current plan does not hold (left by an
 * earlier version of the spec) are stale: listed in stale-runs.txt, not collected, never fitted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCsv, writeCsvAtomic } from '../io/csv.ts';
import { CURVES_COLUMNS, RUNS_COLUMNS, type RunsRow, type RunStatus } from '../io/formats/columns.ts';
import { UserError } from '../base/user-error.ts';
import type { RunConfig } from '../train/run-config.ts';
import { curvePath, finishedSummary, readRunConfig, readRunError, removeStaleTemps, runsDir, type RunSummary } from './run-files.ts';
import { readPlanFile, writeStaleRuns } from '../io/sweep-files.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import { regimeOf } from '../plan/regime.ts';
import { familyOf } from '../models/family-registry.ts';
import { MarkovChain } from '../data/markov.ts';
import { windowEntropyFloor } from '../data/markov-floor.ts';

export { CURVES_COLUMNS, RUNS_COLUMNS } from '../io/formats/columns.ts';

export interface RunRecord {
  config: RunConfig;
  status: RunStatus;
  summary: RunSummary | null;
  /** Why the run failed or is unfinished; null when it ended. */
  reason: string | null;
  dir: string;
}

export interface CollectResult {
  rows: Record<string, unknown>[];
  /** Runs in runs.csv with status unfinished. */
  unfinished: string[];
  /** Files that failed their schema, one line each (path: problem). */
  problems: string[];
  /** Run folders not in the current plan (plan.json), listed in stale-runs.txt; not collected. */
  stale: string[];
  staleList: string;
  runsCsv: string;
  curvesCsv: string;
}

const NOT_ENDED = 'no summary.json: not trained yet, still training, or its worker was stopped';

export function readRunRecords(sweepDir: string): { records: RunRecord[]; problems: string[]; stale: string[] } {
  const root = runsDir(sweepDir);
  if (!fs.existsSync(root)) throw new UserError(`${sweepDir}: not a sweep folder (no runs/ inside)`);
  const records: RunRecord[] = [];
  const problems: string[] = [];
  const stale: string[] = [];
  const plan = readPlanFile(sweepDir);
  if (plan.state === 'invalid') throw new UserError(`${plan.problem}: rerun toyscale sweep to write the plan again`);
  const planned = plan.state === 'ok' ? new Set(plan.value.runIds) : null;
  const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(root, e.name)).sort();
  for (const dir of folders) {
    if (planned && !planned.has(path.basename(dir))) {
      stale.push(dir);
      continue;
    }
    const config = readRunConfig(dir);
    if (config.state === 'missing') continue; // not a run folder (or one being created)
    if (config.state === 'invalid') {
      problems.push(config.problem);
      continue;
    }
    const summary = finishedSummary(dir);
    if (summary.state === 'ok') {
      records.push({ config: config.value, status: summary.value.status, summary: summary.value, reason: summary.value.reason ?? null, dir });
      continue;
    }
    if (summary.state === 'invalid') problems.push(summary.problem);
    const error = readRunError(dir);
    if (error !== null) records.push({ config: config.value, status: 'failed', summary: null, reason: error, dir });
    else records.push({ config: config.value, status: 'unfinished', summary: null, reason: summary.state === 'invalid' ? summary.problem : NOT_ENDED, dir });
  }
  if (planned) {
    const present = new Set(folders.map((dir) => path.basename(dir)));
    for (const id of planned) if (!present.has(id)) problems.push(`${path.join(root, id)}: planned but no run folder (another shard's, not started yet)`);
  }
  return { records, problems, stale };
}

export function runRow(record: RunRecord): RunsRow {
  const { config: c, summary: s } = record;
  const tokens = s ? s.tokensTrained : c.tokens;
  const model = c.model;
  const shape = familyOf(model.family).columns(model);
  return {
    run_id: c.runId,
    sweep: c.sweep,
    task: taskName(c),
    family: model.family,
    n_params: c.counts.nParams,
    n_nonembed: c.counts.nNonembed,
    tokens,
    epochs: s?.epochs ?? null,
    flops_6nd: tokens * c.counts.flopsPerToken6N,
    flops: tokens * c.counts.flopsPerTokenCounted,
    final_eval_loss: s?.finalEvalLoss ?? null,
    best_eval_loss: s?.bestEvalLoss ?? null,
    status: record.status,
    seconds: s?.seconds ?? null,
    tokens_per_s: s?.tokensPerSecond ?? null,
    backend: s?.backend ?? null,
    device: s?.device ?? null,
    seed: c.seed,
    budget: c.budget,
    target_n: c.target.n,
    target_d: c.target.d,
    steps: c.steps,
    batch_size: c.train.batchSize,
    context_length: shape.context_length ?? null,
    learning_rate: c.train.learningRate,
    n_layer: shape.n_layer ?? null,
    d_model: shape.d_model ?? null,
    n_head: shape.n_head ?? null,
    width: shape.width ?? null,
    depth: shape.depth ?? null,
    unigram_entropy: s?.unigramEntropy ?? null,
    true_entropy_rate: s?.trueEntropyRate ?? null,
    noise_floor: s?.noiseFloor ?? null,
    reason: record.reason,
    warmup_fraction: c.train.warmupFraction,
    toyscale_version: s?.toyscaleVersion ?? null,
    git_commit: s?.gitCommit ?? null,
    data_hash: s?.dataHash ?? null,
    ...regimeColumns(record),
    eval_loss_se: s?.finalEvalSe ?? null,
    entropy_floor: entropyFloorOf(c),
  };
}

const floors = new Map<string, number | null>();

/** A Markov task's lowest reachable held-out loss in this run's windows (data/markov-floor.ts); null for other tasks. */
function entropyFloorOf(config: RunConfig): number | null {
  const task = config.task;
  if (task.kind !== 'markov') return null;
  const key = JSON.stringify([task.vocabSize, task.order, task.branching, task.zipfExponent, task.chainSeed, config.train.contextLength]);
  if (!floors.has(key)) floors.set(key, windowEntropyFloor(new MarkovChain(task), config.train.contextLength));
  return floors.get(key) ?? null;
}

/** runs.csv `regime` (short, plateau or empty) and its reason, for runs that ended done. */
function regimeColumns(record: RunRecord): { regime: string | null; regime_reason: string | null } {
  const s = record.summary;
  if (record.status !== 'done' || !s) return { regime: null, regime_reason: null };
  const out = regimeOf({ steps: s.stepsCompleted, finalEvalLoss: s.finalEvalLoss, unigramEntropy: s.unigramEntropy ?? null });
  return { regime: out?.regime ?? null, regime_reason: out?.reason ?? null };
}

function taskName(config: RunConfig): string {
  const t = config.task;
  return 'tokenizer' in t ? `${t.kind}-${t.tokenizer}` : t.kind;
}

/** Stable row order: by N, then D, then seed, then id; the CSV never depends on folder order. */
function byRunOrder(a: RunRecord, b: RunRecord): number {
  return (
    a.config.counts.nNonembed - b.config.counts.nNonembed ||
    a.config.tokens - b.config.tokens ||
    a.config.seed - b.config.seed ||
    (a.config.runId < b.config.runId ? -1 : a.config.runId > b.config.runId ? 1 : 0)
  );
}

/** Temp files in the sweep folder are removed only this old: shards on other hosts may own them. */
const SHARED_TEMP_AGE_MS = 10 * 60_000;

export function collectSweep(sweepDir: string): CollectResult {
  const { records, problems, stale } = readRunRecords(sweepDir);
  records.sort(byRunOrder);
  removeStaleTemps(sweepDir, SHARED_TEMP_AGE_MS);
  const rows = records.map(runRow);
  const curveRows = records
    .filter((r) => r.summary)
    .flatMap((r) =>
      readCsv(curvePath(r.dir)).map((point) => ({ run_id: r.config.runId, n_params: r.config.counts.nParams, n_nonembed: r.config.counts.nNonembed, ...point })),
    );
  const files = sweepPaths(sweepDir);
  const runsCsv = files.runsCsv;
  const curvesCsv = files.curvesCsv;
  writeCsvAtomic(runsCsv, rows, RUNS_COLUMNS);
  writeCsvAtomic(curvesCsv, curveRows, CURVES_COLUMNS);
  const staleList = files.staleRuns;
  writeStaleRuns(sweepDir, stale);
  return { rows, unfinished: records.filter((r) => r.status === 'unfinished').map((r) => r.config.runId), problems, stale, staleList, runsCsv, curvesCsv };
}

/** One line about stale run folders (none: null), with the command that removes them. */
export function staleRunsLine(result: Pick<CollectResult, 'stale' | 'staleList'>): string | null {
  if (result.stale.length === 0) return null;
  return `${result.stale.length} run folder(s) are not in the current plan (left by an earlier version of the spec): not collected, not fitted; listed in ${result.staleList}; remove them with: xargs rm -r < ${result.staleList}`;
}
