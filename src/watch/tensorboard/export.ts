/**
 * `toyscale export tensorboard`: each run's curve.csv as a TensorBoard event file in
 * <out>/<runId>/ (a tune stage's runs in <out>/tune/<runId>/), scalars train_loss, eval_loss, lr and tokens at step = the training step, so
 * `tensorboard --logdir <out>` shows a sweep beside other work. A run still training is exported as
 * far as its curve goes; exporting again replaces the run's file (same name, written atomically)
 * and removes older toyscale event files of that run, so TensorBoard never shows a curve twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { removeFile, writeFileAtomic } from '../../io/atomic-write.ts';
import { runPaths, runsDir, SWEEP_FILES, tuneDir as tuneDirOf } from '../../io/sweep-folder.ts';
import { parseCurve, type CurvePoint } from '../curve-parse.ts';
import { readFileSafe } from '../safe-read.ts';
import { sweepRunFolders } from '../sweep-runs.ts';
import { fileVersionEvent, scalarsEvent, type Scalar } from './event.ts';
import { tfRecord } from './tfrecord.ts';

/** Ends every file name this writes: tells our files from the user's own event files. */
const FILE_SUFFIX = '.toyscale';
const TAGS = ['train_loss', 'eval_loss', 'lr', 'tokens'] as const;
/** The largest finite float32: TensorBoard's simple_value holds nothing beyond it. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export interface ExportedRun {
  runId: string;
  file: string;
  steps: number;
  /** Values beyond float32's range, written as ±FLOAT32_MAX. */
  clamped: number;
}

export interface TensorboardExport {
  exported: ExportedRun[];
  /** One line per run folder left out and why (not in the plan, no config.json). */
  notes: string[];
}

/**
 * The sweep's current runs (plan.json; stale-runs.txt honoured; folders without config.json are
 * not runs) with a curve, each written whole. A run that cannot be written stops the export with
 * a FileError: the runs before it are complete, none is half-written.
 */
export function exportTensorboard(sweepDir: string, outDir: string): TensorboardExport {
  const { runs, notes } = sweepRunFolders(sweepDir);
  // The tune stage's runs too (<sweep>/tune, its own plan), under tune/<runId>: the learning rates it tried are worth seeing.
  const tuneDir = tuneDirOf(sweepDir);
  const tune = fs.existsSync(runsDir(tuneDir)) ? sweepRunFolders(tuneDir) : { runs: [], notes: [] };
  notes.push(...tune.notes);
  const exported: ExportedRun[] = [];
  const all = [...runs.map((r) => ({ ...r, out: r.id })), ...tune.runs.map((r) => ({ ...r, out: path.join(SWEEP_FILES.tune, r.id) }))];
  for (const { id: runId, dir: runDir, out } of all) {
    const curveText = readFileSafe(runPaths(runDir).curve);
    const points = curveText === null ? [] : parseCurve(curveText);
    if (points.length === 0) continue;
    const start = startTime(runDir, points);
    const runOut = path.join(outDir, out);
    const file = path.join(runOut, `events.out.tfevents.${Math.floor(start)}${FILE_SUFFIX}`);
    const { bytes, clamped } = eventFile(points, start);
    writeFileAtomic(file, bytes);
    removeOtherExports(runOut, path.basename(file));
    if (clamped > 0) notes.push(`${runId}: ${clamped} value(s) beyond float32's range (±3.4e38), written as ±3.4e38`);
    exported.push({ runId, file, steps: points.length, clamped });
  }
  return { exported, notes };
}

/** The bytes of one run's event file: the version record, then one record per curve row. */
export function eventFile(points: readonly CurvePoint[], startSeconds: number): { bytes: Buffer; clamped: number } {
  const records = [tfRecord(fileVersionEvent(startSeconds))];
  let clamped = 0;
  const float32 = (value: number): number => {
    if (Math.abs(value) <= FLOAT32_MAX) return value;
    clamped++;
    return Math.sign(value) * FLOAT32_MAX;
  };
  for (const point of points) {
    if (!Number.isSafeInteger(point.step)) continue; // int64 steps: a row whose step is not an integer is not ours
    const scalars: Scalar[] = TAGS.flatMap((tag) => (point[tag] === null ? [] : [{ tag, value: float32(point[tag]) }]));
    records.push(tfRecord(scalarsEvent(startSeconds + (point.seconds ?? 0), point.step, scalars)));
  }
  return { bytes: Buffer.concat(records), clamped };
}

/**
 * When the run started, in Unix seconds: its end (summary.json finishedAt, else curve.csv's
 * mtime) less the seconds of its last row. Taken from the files, so exporting twice writes the
 * same bytes.
 */
function startTime(runDir: string, points: readonly CurvePoint[]): number {
  const lastSeconds = points[points.length - 1].seconds ?? 0;
  let end = Number.NaN;
  try {
    const summary = JSON.parse(readFileSafe(runPaths(runDir).summary) ?? 'null') as { finishedAt?: unknown } | null;
    if (typeof summary?.finishedAt === 'string') end = Date.parse(summary.finishedAt) / 1000;
  } catch {
    // no summary yet: the curve's mtime below
  }
  if (!Number.isFinite(end)) {
    try {
      end = fs.statSync(runPaths(runDir).curve).mtimeMs / 1000;
    } catch {
      end = lastSeconds;
    }
  }
  return end - lastSeconds;
}

/** Unlinks (never follows) older toyscale event files of the run. */
function removeOtherExports(dir: string, keep: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name !== keep && name.startsWith('events.out.tfevents.') && name.endsWith(FILE_SUFFIX)) removeFile(path.join(dir, name));
  }
}
