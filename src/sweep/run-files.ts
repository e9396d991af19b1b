/** The files of one run directory (DESIGN.md: config.json, curve.csv, summary.json last). */
import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from './run-config.ts';

export const CURVE_COLUMNS = ['step', 'tokens', 'flops_6nd', 'flops', 'train_loss', 'eval_loss', 'lr', 'seconds'];

export interface RunSummary {
  runId: string;
  status: 'done' | 'diverged';
  reason?: string;
  finalEvalLoss: number | null;
  bestEvalLoss: number | null;
  stepsCompleted: number;
  tokensTrained: number;
  /** tokens trained / unique train tokens: above 1 the run saw repeated data. */
  epochs: number;
  seconds: number;
  tokensPerSecond: number;
  backend: string;
  device: string;
  unigramEntropy?: number;
  trueEntropyRate?: number;
  noiseFloor?: number;
  finishedAt: string;
}

export const runsDir = (sweepDir: string): string => path.join(sweepDir, 'runs');
export const runDir = (sweepDir: string, runId: string): string => path.join(runsDir(sweepDir), runId);
export const configPath = (dir: string): string => path.join(dir, 'config.json');
export const curvePath = (dir: string): string => path.join(dir, 'curve.csv');
export const summaryPath = (dir: string): string => path.join(dir, 'summary.json');
export const errorPath = (dir: string): string => path.join(dir, 'error.txt');

export function isFinished(dir: string): boolean {
  return fs.existsSync(summaryPath(dir));
}

export function readConfig(dir: string): RunConfig {
  return JSON.parse(fs.readFileSync(configPath(dir), 'utf8')) as RunConfig;
}
