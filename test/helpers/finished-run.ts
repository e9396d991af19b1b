/** A finished run folder, as a worker leaves it: config.json, a one-row curve.csv, summary.json (and any extra summary fields). */
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../../src/io/atomic-write.ts';
import type { RunConfig } from '../../src/train/run-config.ts';

export function writeFinishedRun(sweepDir: string, run: RunConfig, loss: number, summary: Record<string, unknown> = {}): void {
  const dir = path.join(sweepDir, 'runs', run.runId);
  writeJsonAtomic(path.join(dir, 'config.json'), run);
  fs.writeFileSync(path.join(dir, 'curve.csv'), `step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds\n${run.steps},${run.tokens},1,1,${loss},${loss},0.001,1\n`);
  writeJsonAtomic(path.join(dir, 'summary.json'), {
    runId: run.runId, status: 'done', finalEvalLoss: loss, bestEvalLoss: loss, stepsCompleted: run.steps, tokensTrained: run.tokens, epochs: 0.1,
    seconds: 1, tokensPerSecond: 1, backend: 'wasm', device: 'test', finishedAt: '2026-11-29T00:00:00Z', ...summary,
  });
}

/** summary.json's text for a run that ended done (the finished-run rule's schema; no curveBytes, so any curve counts). */
export function summaryText(runId: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    runId, status: 'done', finalEvalLoss: 3, bestEvalLoss: 3, stepsCompleted: 1, tokensTrained: 1000, epochs: 0.1,
    seconds: 1, tokensPerSecond: 1, backend: 'cpu', device: 'test', finishedAt: '2026-11-29T00:00:00Z', ...fields,
  });
}
