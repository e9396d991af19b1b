/**
 * Test helper: a sweep folder written without training. Losses follow a known Chinchilla law
 * (with a tiny deterministic wobble), so every law can be fitted and every figure drawn in
 * seconds: runs.csv and curves.csv in collect's column order, and sweep.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../../src/io/atomic-write.ts';
import { writeCsvAtomic } from '../../src/io/csv.ts';
import { CURVES_COLUMNS, RUNS_COLUMNS } from '../../src/execute/collect.ts';

export const LAW = { E: 1.5, A: 20, B: 60, alpha: 0.35, beta: 0.3 };

const loss = (N: number, D: number, k: number) => (LAW.E + LAW.A / N ** LAW.alpha + LAW.B / D ** LAW.beta) * (1 + 0.004 * Math.sin(7.3 * k + 1));

export interface SyntheticRun {
  N: number;
  D: number;
  budget?: number;
}

/** N × D grid runs. */
export function gridRuns(ns: number[], ds: number[]): SyntheticRun[] {
  return ns.flatMap((N) => ds.map((D) => ({ N, D })));
}

/** IsoFLOP runs: for each budget C, sizes N with D = C / 6N. */
export function isoflopRuns(budgets: number[], ns: number[]): SyntheticRun[] {
  return budgets.flatMap((C) => ns.map((N) => ({ N, D: Math.round(C / (6 * N)), budget: C })));
}

export interface SweepOptions {
  task?: string;
  family?: string;
  trueEntropyRate?: number;
}

export function writeSyntheticSweep(dir: string, name: string, runs: SyntheticRun[], o: SweepOptions = {}): string {
  const sweepDir = path.join(dir, name);
  fs.mkdirSync(path.join(sweepDir, 'runs'), { recursive: true });
  const rows = runs.map((r, k) => ({
    run_id: `run-${k}`,
    sweep: name,
    task: o.task ?? 'brown-char',
    family: o.family ?? 'gpt',
    n_params: r.N + 2000,
    n_nonembed: r.N,
    tokens: r.D,
    epochs: 0.5,
    flops_6nd: 6 * r.N * r.D,
    flops: 8 * r.N * r.D,
    final_eval_loss: loss(r.N, r.D, k),
    best_eval_loss: loss(r.N, r.D, k),
    status: 'done',
    seconds: 10 + k,
    tokens_per_s: 1000,
    backend: 'wasm',
    device: 'test device',
    seed: 0,
    budget: r.budget ?? null,
    learning_rate: 0.003,
    unigram_entropy: 3.08,
    true_entropy_rate: o.trueEntropyRate ?? null,
  }));
  const curves = runs.flatMap((r, k) =>
    [0, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1].map((f, step) => {
      const t = Math.round(r.D * f);
      return { run_id: `run-${k}`, n_params: r.N + 2000, n_nonembed: r.N, step, tokens: t, flops_6nd: 6 * r.N * t, flops: 8 * r.N * t, train_loss: '', eval_loss: t === 0 ? 4.4 : loss(r.N, t, k) * (1 + 0.02 * (1 - f)), lr: 0.003, seconds: step };
    }),
  );
  writeCsvAtomic(path.join(sweepDir, 'runs.csv'), rows, RUNS_COLUMNS);
  writeCsvAtomic(path.join(sweepDir, 'curves.csv'), curves, CURVES_COLUMNS);
  writeJsonAtomic(path.join(sweepDir, 'sweep.json'), {
    name,
    specFile: `experiments/${name}.ts`,
    backend: 'wasm',
    device: 'test device',
    workers: 2,
    startedAt: '2026-01-02T03:04:05.000Z',
    finishedAt: '2026-01-02T04:04:05.000Z',
    wallSeconds: 3600,
    runsPlanned: runs.length,
  });
  return sweepDir;
}
