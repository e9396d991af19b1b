/**
 * The batch size a tune stage chooses, when it tunes one beside the learning rate. Pure: each batch
 * size's tune points in, the choice out.
 *
 * Each batch size is tuned as lr-tune.ts tunes one (the best LR per size and horizon, and the
 * lr(N) or lr(N, D) law through them). Its score is the mean, over the tuned (size, horizon) cells,
 * of the lowest grid loss: the loss it reaches at its own best LR, at the same tokens as every other
 * batch size (a larger batch takes fewer steps). The lowest score wins, and the main sweep trains
 * at that batch size and its LR law. A choice at either end of the list is flagged, as a learning
 * rate at a grid end is: the best batch size may lie outside the list.
 */
import { TuneError, tuneLearningRates, type TunedLearningRates, type TunePoint } from './lr-tune.ts';

export interface BatchCandidate {
  batchSize: number;
  /** Mean over the tuned cells of the lowest grid loss; null when this batch size could not be tuned. */
  meanBestLoss: number | null;
  /** Why it could not be tuned (every LR of some cell diverged). */
  failed?: string;
}

export interface TunedBatch {
  chosen: number;
  candidates: BatchCandidate[];
  /** The chosen batch size's learning rates and law. */
  tuned: TunedLearningRates;
  warnings: string[];
}

export function tuneBatchSize(byBatch: ReadonlyArray<{ batchSize: number; points: readonly TunePoint[] }>): TunedBatch {
  const tried = [...byBatch].sort((a, b) => a.batchSize - b.batchSize).map(({ batchSize, points }): { candidate: BatchCandidate; tuned: TunedLearningRates | null } => {
    try {
      const tuned = tuneLearningRates(points);
      const meanBestLoss = tuned.sizes.reduce((sum, s) => sum + s.gridBestLoss, 0) / tuned.sizes.length;
      return { candidate: { batchSize, meanBestLoss }, tuned };
    } catch (e) {
      if (!(e instanceof TuneError)) throw e;
      return { candidate: { batchSize, meanBestLoss: null, failed: e.message }, tuned: null };
    }
  });
  const usable = tried.flatMap((t) => (t.tuned === null || t.candidate.meanBestLoss === null ? [] : [{ batchSize: t.candidate.batchSize, score: t.candidate.meanBestLoss, tuned: t.tuned }]));
  if (usable.length === 0) throw new TuneError(`no batch size could be tuned: ${tried.map((t) => `${t.candidate.batchSize}: ${t.candidate.failed}`).join('; ')}`);
  const best = usable.reduce((b, t) => (t.score < b.score ? t : b));
  const chosen = best.batchSize;
  const warnings: string[] = [];
  const listed = tried.map((t) => t.candidate.batchSize);
  if (chosen === listed[0] || chosen === listed[listed.length - 1]) {
    warnings.push(`batch size ${chosen} is the ${chosen === listed[0] ? 'smallest' : 'largest'} tuned; the best may lie outside tune.batchSizes (widen it)`);
  }
  for (const t of tried) if (t.candidate.failed) warnings.push(`batch size ${t.candidate.batchSize} left out: ${t.candidate.failed}`);
  return { chosen, candidates: tried.map((t) => t.candidate), tuned: best.tuned, warnings };
}
