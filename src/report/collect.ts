/**
 * Collect: reads every run folder of a sweep and writes runs.csv (one row per finished or failed
 * run) and curves.csv (every logged point of every finished run). Unfinished runs are counted,
 * not written: they have no result yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCsv, writeCsvAtomic } from '../io/csv.ts';
import { UserError } from '../cli/user-error.ts';
import type { RunConfig } from '../sweep/run-config.ts';
import { CURVE_COLUMNS, curvePath, errorPath, isFinished, readConfig, readSummary, removeStaleTemps, runsDir, type RunSummary } from '../sweep/run-files.ts';

/** DESIGN.md's stable columns first, then extras. Renaming any of the first 18 breaks users' scripts. */
export const RUNS_COLUMNS = [
  'run_id', 'sweep', 'task', 'family', 'n_params', 'n_nonembed', 'tokens', 'epochs', 'flops_6nd', 'flops',
  'final_eval_loss', 'best_eval_loss', 'status', 'seconds', 'tokens_per_s', 'backend', 'device', 'seed',
  'budget', 'target_n', 'target_d', 'steps', 'batch_size', 'context_length', 'learning_rate',
  'n_layer', 'd_model', 'n_head', 'width', 'depth', 'unigram_entropy', 'true_entropy_rate', 'noise_floor', 'reason',
];

export const CURVES_COLUMNS = ['run_id', 'n_params', 'n_nonembed', ...CURVE_COLUMNS];

export interface RunRecord {
  config: RunConfig;
  summary: RunSummary | null;
  error: string | null;
  dir: string;
}

export interface CollectResult {
  rows: Record<string, unknown>[];
  unfinished: string[];
  runsCsv: string;
  curvesCsv: string;
}

export function readRunRecords(sweepDir: string): RunRecord[] {
  const root = runsDir(sweepDir);
  if (!fs.existsSync(root)) throw new UserError(`${sweepDir}: not a sweep folder (no runs/ inside)`);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'config.json')))
    .map((entry) => {
      const dir = path.join(root, entry.name);
      // A summary whose curve does not match it (see isFinished) is not a result yet.
      const summary = isFinished(dir) ? readSummary(dir) : null;
      const error = !summary && fs.existsSync(errorPath(dir)) ? fs.readFileSync(errorPath(dir), 'utf8').split('\n')[0] : null;
      return { config: readConfig(dir), summary, error, dir };
    });
}

export function runRow(record: RunRecord): Record<string, unknown> {
  const { config: c, summary: s } = record;
  const tokens = s ? s.tokensTrained : c.tokens;
  const model = c.model;
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
    status: s ? s.status : 'failed',
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
    context_length: model.family === 'gpt' ? model.contextLength : null,
    learning_rate: c.train.learningRate,
    n_layer: model.family === 'gpt' ? model.nLayer : null,
    d_model: model.family === 'gpt' ? model.dModel : null,
    n_head: model.family === 'gpt' ? model.nHead : null,
    width: model.family === 'mlp' ? model.width : null,
    depth: model.family === 'mlp' ? model.depth : null,
    unigram_entropy: s?.unigramEntropy ?? null,
    true_entropy_rate: s?.trueEntropyRate ?? null,
    noise_floor: s?.noiseFloor ?? null,
    reason: s?.reason ?? record.error ?? null,
  };
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
  const records = readRunRecords(sweepDir).sort(byRunOrder);
  removeStaleTemps(sweepDir, SHARED_TEMP_AGE_MS);
  const reported = records.filter((r) => r.summary || r.error);
  const rows = reported.map(runRow);
  const curveRows = records
    .filter((r) => r.summary)
    .flatMap((r) =>
      readCsv(curvePath(r.dir)).map((point) => ({ run_id: r.config.runId, n_params: r.config.counts.nParams, n_nonembed: r.config.counts.nNonembed, ...point })),
    );
  const runsCsv = path.join(sweepDir, 'runs.csv');
  const curvesCsv = path.join(sweepDir, 'curves.csv');
  writeCsvAtomic(runsCsv, rows, RUNS_COLUMNS);
  writeCsvAtomic(curvesCsv, curveRows, CURVES_COLUMNS);
  return { rows, unfinished: records.filter((r) => !r.summary && !r.error).map((r) => r.config.runId), runsCsv, curvesCsv };
}
