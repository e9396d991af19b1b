/**
 * The tune stage trained: its runs not yet ended trained into <sweep>/tune/ (with its own
 * plan.json), then fitted to the learning rate each main size trains at (tuned-lr.json). On resume
 * the ended runs are skipped and the same tuned-lr.json results. It fails with one line when a
 * tune run failed or the stage was interrupted: the main sweep must not start on a guess.
 */
import { stoppedOrUserError } from '../base/stopped-error.ts';
import { collectSweep } from '../execute/collect.ts';
import { writePlanFile } from '../io/sweep-files.ts';
import { runDir, runPaths, sweepPaths, tuneDir as tuneDirOf } from '../io/sweep-folder.ts';
import { TuneError } from '../fit/lr-tune.ts';
import { tuneSweepName } from '../plan/plan.ts';
import type { TunedLrFile } from '../io/formats/tuned-lr-file.ts';
import type { Planned } from './plan-stage.ts';
import { checkTuneBeforeShards } from './shard-policy.ts';
import { sweepLog } from './sweep-request.ts';
import { trainRuns, type TrainOn } from './train-runs.ts';
import { finishTuneStage, unendedTuneRuns, type TuneResult } from './tune-stage.ts';
import { tuneOrUserError } from './user-errors.ts';

/** The tuned learning rates, or null for a spec without a tune block. */
export async function tuneStage(on: TrainOn, planned: Planned): Promise<TuneResult | null> {
  const { req } = on;
  const { spec, sweepDir, tuneRuns } = planned;
  if (!spec.tune) return null;
  const log = sweepLog(req);
  const pending = unendedTuneRuns(sweepDir, tuneRuns);
  checkTuneBeforeShards(req.specFile, req.shard, pending.length);
  if (pending.length > 0) log(`toyscale: sweep ${spec.name}: tune stage, ${pending.length} of ${tuneRuns.length} runs to train → ${tuneDirOf(sweepDir)}`);
  const tuned = await tuneOrUserError(() => trainTuneRuns(on, planned));
  collectSweep(tuneDirOf(sweepDir));
  for (const warning of tuned.file.warnings) log(`toyscale: tune: ${warning}`);
  log(`toyscale: tune: ${tunedLine(tuned.file)} → ${sweepPaths(sweepDir).tunedLr}`);
  return tuned;
}

async function trainTuneRuns(on: TrainOn, planned: Planned): Promise<TuneResult> {
  const { spec, sweepDir, tuneRuns } = planned;
  const tuneDir = tuneDirOf(sweepDir);
  writePlanFile(tuneDir, { sweep: tuneSweepName(spec.name), specFile: '', runIds: tuneRuns.map((r) => r.runId) });
  const result = await trainRuns(on, tuneDir, tuneRuns);
  if (result.interrupted) throw stoppedOrUserError(result.stoppedBy, `sweep ${spec.name}: tune stage interrupted; rerun the same command to resume it`);
  if (result.failed.length > 0) throw new TuneError(`${result.failed.length} tune run(s) failed (e.g. ${result.failed[0].runId}: ${result.failed[0].error}); see ${runPaths(runDir(tuneDir, '<id>')).error} and rerun`);
  if (result.busy.length > 0) throw new TuneError(`${result.busy.length} tune run(s) are being trained by another toyscale process; rerun when it ends`);
  return finishTuneStage(spec, sweepDir, tuneRuns, planned.tuneFor);
}

/** 'lr(N) = 0.01·N^-0.300; law LRs 2000: 0.003, …': the batch size chosen, if tuned, the law and the learning rate each size trains at. */
function tunedLine(file: TunedLrFile): string {
  const byD = file.law?.dExponent !== undefined;
  const law = file.law ? `lr(N${byD ? ', D' : ''}) = ${file.law.c.toPrecision(4)}·N^${file.law.exponent.toFixed(3)}${byD ? `·D^${file.law.dExponent?.toFixed(3)}` : ''}; ` : '';
  const lrs = file.trainedAt.map((t) => `${t.n}${t.d === undefined ? '' : ` at D ${t.d}`}: ${t.learningRate}`).join(', ');
  const batch = file.batch ? `batch size ${file.batch.chosen} (mean best loss ${file.batch.candidates.map((c) => `${c.batchSize}: ${c.meanBestLoss === null ? 'not tuned' : c.meanBestLoss.toFixed(4)}`).join(', ')}); ` : '';
  return `${batch}${law}${file.use === 'power-law' ? 'law' : 'per-size'} LRs ${lrs}`;
}
