/**
 * The tune stage's files: which tune runs ended with which loss, what src/fit/lr-tune.ts makes of
 * them (tuned-lr.json), and the learning rate each main-sweep size then trains at. Training the
 * tune runs is train-tune-stage.ts's.
 */
import { writeTunedLr } from '../io/sweep-files.ts';
import { tuneDir as tuneDirOf } from '../io/sweep-folder.ts';
import type { TunedLrFile } from '../io/formats/tuned-lr-file.ts';
import { learningRateFor, tuneLearningRates, TuneError, type TunedLearningRates, type TunePoint } from '../fit/lr-tune.ts';
import { tuneBatchSize, type TunedBatch } from '../fit/batch-tune.ts';
import { finishedSummary, runDir } from '../execute/run-files.ts';
import type { SweepSpec } from '../spec/spec.ts';
import type { RunConfig } from '../train/run-config.ts';

/** Tune runs not yet ended (done or diverged), e.g. failed ones: the tune result would lack them. */
export function unendedTuneRuns(sweepDir: string, tuneRuns: RunConfig[]): RunConfig[] {
  return tuneRuns.filter((run) => finishedSummary(runDir(tuneDirOf(sweepDir), run.runId)).state !== 'ok');
}

/**
 * Fits the tune runs' losses and writes tuned-lr.json; returns the LR for each main size.
 * A diverged run counts as a loss worse than any (null). Every tune run must have ended.
 */
export function finishTuneStage(spec: SweepSpec, sweepDir: string, tuneRuns: RunConfig[], mainPoints: MainPoint[]): TuneResult {
  const result = tunedLearningRates(spec, sweepDir, tuneRuns, mainPoints);
  writeTunedLr(sweepDir, result.file);
  return result;
}

/** A main-sweep run's design point: the target N and D it asks a learning rate for. */
export interface MainPoint {
  n: number;
  d: number;
}

export interface TuneResult {
  file: TunedLrFile;
  lrFor: (n: number, d: number) => number;
  /** The batch size the main runs train at, when the tune stage tuned one (tune.batchSizes). */
  batchSize?: number;
}

/** What finishTuneStage writes, computed without writing it (the dry run shows the main runs at these LRs). */
export function tunedLearningRates(spec: SweepSpec, sweepDir: string, tuneRuns: RunConfig[], mainPoints: MainPoint[]): TuneResult {
  const tune = spec.tune;
  if (!tune) throw new Error('tunedLearningRates: the spec has no tune block');
  const points = tuneRuns.map((run) => {
    const summary = finishedSummary(runDir(tuneDirOf(sweepDir), run.runId));
    if (summary.state !== 'ok') throw new TuneError(`tune run ${run.runId} has not ended; rerun the sweep to train it`);
    const s = summary.value;
    const point: TunePoint = { n: run.target.n, d: run.target.d, learningRate: run.train.learningRate, loss: s.status === 'done' ? s.finalEvalLoss : null };
    return { batchSize: run.train.batchSize, point };
  });
  const batch = tune.batchSizes ? tuneBatchSize(tune.batchSizes.map((b) => ({ batchSize: b, points: points.filter((p) => p.batchSize === b).map((p) => p.point) }))) : null;
  const tuned: TunedLearningRates = batch ? batch.tuned : tuneLearningRates(points.map((p) => p.point));
  const lrFor = (n: number, d: number) => Number(learningRateFor(tuned, n, tune.use, d).toPrecision(4));
  // With one horizon the LR depends on N alone: one entry per size. With several, per (N, D).
  const byHorizon = tuned.law?.dExponent !== undefined;
  const keys = new Map(mainPoints.map((p) => [byHorizon ? `${p.n}|${p.d}` : `${p.n}`, p]));
  const trainedAt = [...keys.values()]
    .sort((a, b) => a.n - b.n || a.d - b.d)
    .map((p) => (byHorizon ? { n: p.n, d: p.d, learningRate: lrFor(p.n, p.d) } : { n: p.n, learningRate: lrFor(p.n, p.d) }));
  const file: TunedLrFile = {
    sweep: spec.name,
    use: tune.use,
    tokens: tune.tokens,
    sizes: tuned.sizes,
    law: tuned.law,
    warnings: batch ? [...batch.warnings, ...tuned.warnings] : tuned.warnings,
    trainedAt,
    ...(batch ? { batch: batchSummary(batch) } : {}),
  };
  return batch ? { file, lrFor, batchSize: batch.chosen } : { file, lrFor };
}

/** tuned-lr.json's record of the batch-size choice: each candidate's score; sizes, law and trainedAt are the chosen one's. */
function batchSummary(batch: TunedBatch): NonNullable<TunedLrFile['batch']> {
  return { chosen: batch.chosen, candidates: batch.candidates.map((c) => ({ batchSize: c.batchSize, meanBestLoss: c.meanBestLoss })) };
}
