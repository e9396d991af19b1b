/**
 * Child-process entry: trains exactly one run. `node --import tsx worker.ts <runDir> <backend>`.
 * Appends the curve as it goes and writes summary.json last, atomically; a run killed before that
 * has no summary and is rerun from the start. Progress goes to the parent over IPC.
 */
import fs from 'node:fs';
import { selectBackend } from '../backend/select.ts';
import { isBackendRequest } from '../backend/names.ts';
import { loadDataset } from '../data/load.ts';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.ts';
import { csvHeader, csvLine } from '../io/csv.ts';
import { trainRun } from '../train/train-run.ts';
import { CURVE_COLUMNS, curvePath, errorPath, readConfig, summaryPath, type RunSummary } from './run-files.ts';

export type WorkerMessage =
  | { type: 'started'; runId: string; backend: string; device: string }
  | { type: 'progress'; runId: string; step: number; steps: number; tokens: number; evalLoss: number | null; seconds: number };

async function main(): Promise<void> {
  const [dir, backendName] = process.argv.slice(2);
  if (!dir || !backendName || !isBackendRequest(backendName)) throw new Error('usage: worker.ts <runDir> <backend>');
  const config = readConfig(dir);
  const backend = await selectBackend(backendName);
  const data = await loadDataset(config.task);
  send({ type: 'started', runId: config.runId, backend: backend.name, device: backend.device });

  fs.rmSync(errorPath(dir), { force: true });
  const curveFd = fs.openSync(curvePath(dir), 'w'); // a rerun starts its curve afresh
  fs.writeSync(curveFd, csvHeader(CURVE_COLUMNS));
  const outcome = trainRun(config, data, backend, {
    onRow(row) {
      fs.writeSync(curveFd, csvLine(row, CURVE_COLUMNS));
      send({ type: 'progress', runId: config.runId, step: row.step, steps: config.steps, tokens: row.tokens, evalLoss: row.eval_loss, seconds: row.seconds });
    },
  });
  fs.fsyncSync(curveFd);
  fs.closeSync(curveFd);

  const unique = data.kind === 'sequence' ? data.trainTokens : data.trainExamples;
  const summary: RunSummary = {
    runId: config.runId,
    status: outcome.status,
    reason: outcome.reason,
    finalEvalLoss: outcome.finalEvalLoss,
    bestEvalLoss: outcome.bestEvalLoss,
    stepsCompleted: outcome.stepsCompleted,
    tokensTrained: outcome.tokensTrained,
    epochs: outcome.tokensTrained / unique,
    seconds: outcome.seconds,
    tokensPerSecond: outcome.tokensPerSecond,
    backend: backend.name,
    device: backend.device,
    unigramEntropy: data.kind === 'sequence' ? data.unigramEntropy : undefined,
    trueEntropyRate: data.kind === 'sequence' ? data.trueEntropyRate : undefined,
    noiseFloor: data.kind === 'regression' ? data.noiseFloor : undefined,
    finishedAt: new Date().toISOString(),
  };
  writeJsonAtomic(summaryPath(dir), summary);
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

// Catch everything here: the wasm backend re-throws uncaught errors with its whole minified source.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const dir = process.argv[2];
    if (dir && fs.existsSync(dir)) writeFileAtomic(errorPath(dir), `${text}\n`);
    process.stderr.write(`${text.split('\n')[0]}\n`);
    process.exit(1);
  },
);
